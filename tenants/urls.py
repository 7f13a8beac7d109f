"""Brand host, under /api/v1/manage/: the owner's branding and custom domains."""

from django.urls import path

from . import views

urlpatterns = [
    path("brand/", views.ManageBrandView.as_view(), name="manage-brand"),
    path("domains/", views.DomainListView.as_view(), name="manage-domains"),
    path("domains/<int:domain_id>/", views.DomainDetailView.as_view(), name="manage-domain"),
    path("domains/<int:domain_id>/verify/", views.DomainVerifyView.as_view(), name="manage-domain-verify"),
]
