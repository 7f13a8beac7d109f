"""Platform host: the public plan list. The brand's own billing page is in urls_tenant.py."""

from django.urls import path

from .views import PlanListView

urlpatterns = [path("plans/", PlanListView.as_view(), name="plans")]
