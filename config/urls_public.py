"""The platform host (settings.PLATFORM_HOSTS): sign-up, platform admin, Django admin, metrics."""

from django.contrib import admin
from django.urls import include, path

from shared_apps.accounts.urls import platform_urlpatterns as auth_urls

from .urls_common import common_urlpatterns, handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns = common_urlpatterns("config.urls_public") + [
    path("", include("django_prometheus.urls")),  # /metrics: scraped with a platform Host only
    path("admin/", admin.site.urls),
    path("api/v1/auth/", include(auth_urls)),
    path("api/v1/", include("shared_apps.billing.urls")),
    path("api/v1/", include("shared_apps.onboarding.urls")),
    path("api/v1/admin/", include("shared_apps.platform_admin.urls")),
    path("", include("shared_apps.spa.urls")),  # last: every other path is a route of the Vue app
]
