"""Brand host, /api/v1/auth/handover/."""

from django.urls import path

from .views import HandoverView

urlpatterns = [path("", HandoverView.as_view(), name="auth-handover")]
