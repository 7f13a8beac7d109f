"""A brand's host (`<slug>.<BASE_DOMAIN>` or a custom domain): storefront, staff and integration API."""

from django.urls import include, path

from shared_apps.accounts.urls import tenant_urlpatterns as auth_urls
from tenants.views import BrandView, brand_media

from .urls_common import common_urlpatterns, handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns = common_urlpatterns("config.urls_tenant") + [
    path("api/v1/brand/", BrandView.as_view(), name="brand"),
    path("api/v1/auth/handover/", include("shared_apps.handover.urls")),
    path("api/v1/auth/", include(auth_urls)),
    path("api/v1/manage/", include("tenants.urls")),
    path("api/v1/manage/", include("shared_apps.onboarding.urls_tenant")),
    path("media/brands/<str:schema_name>/<str:filename>", brand_media, name="brand-media"),
    path("api/v1/", include("shared_apps.billing.urls_tenant")),
    path("api/v1/", include("tenant_apps.catalog.urls")),
    path("api/v1/", include("tenant_apps.orders.urls")),
    path("api/v1/", include("tenant_apps.reports.urls")),
    path("api/v1/", include("tenant_apps.integrations.urls")),
    path("api/v1/", include("tenant_apps.privacy.urls")),
    path("", include("shared_apps.spa.urls")),  # last: every other path is a route of the Vue app
]
