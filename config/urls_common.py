"""Paths served on every host: health and the OpenAPI document of that host's API."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from shared_apps.core.health import healthz, readyz


def common_urlpatterns(urlconf: str) -> list:
    """Health on every host; the OpenAPI document of the API that `urlconf` serves on this host."""
    return [
        path("healthz", healthz, name="healthz"),
        path("readyz", readyz, name="readyz"),
        path("api/schema/", SpectacularAPIView.as_view(urlconf=urlconf), name="schema"),
        path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
        path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    ]

handler400 = "shared_apps.core.errors.bad_request"
handler403 = "shared_apps.core.errors.permission_denied"
handler404 = "shared_apps.core.errors.page_not_found"
handler500 = "shared_apps.core.errors.server_error"
