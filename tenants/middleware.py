from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import JsonResponse
from django.http.request import split_domain_port
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name, remove_www

from shared_apps.core.errors import error_body

from .errors import TenantSuspended
from .hosts import is_platform_host, normalize_host
from .models import Tenant
from .routing import tenant_for_host


def _unknown_host(hostname: str) -> JsonResponse:
    body = error_body(status_code=404, code="unknown_host", detail=f'No brand is served at "{hostname}".')
    return JsonResponse(body, status=404)


class TenantHostMiddleware(TenantMainMiddleware):
    """First in the chain: resolve the Host to the public schema or to one tenant's schema.

    Platform hosts (settings.PLATFORM_HOSTS) serve the public schema and its URLs; every other
    host must have a Domain row. Anything else gets a JSON 404 before any other code runs.
    """

    @staticmethod
    def hostname_from_request(request):
        # DNS names are case-insensitive: Burger.localhost is burger.localhost, as Domain rows are stored.
        return remove_www(normalize_host(split_domain_port(request.get_host())[0]))

    def process_request(self, request):
        connection.set_schema_to_public()
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return _unknown_host(request.META.get("HTTP_HOST", "")[:100])

        if is_platform_host(hostname):
            tenant = Tenant(schema_name=get_public_schema_name(), kind=Tenant.Kind.PLATFORM, name="Brigade")
        else:
            tenant = tenant_for_host(hostname)  # cached: a warm request needs no query to route
            if tenant is None or not tenant.is_brand:
                return _unknown_host(hostname)

        tenant.domain_url = hostname
        request.tenant = tenant
        connection.set_tenant(tenant)
        self.setup_url_routing(request)


class SuspendedTenantMiddleware:
    """A suspended or cancelled brand serves reads but refuses every state-changing call.

    Staff may still sign in and out (and reset a forgotten password), so they can see their data and settle their account.
    Services call `tenants.services.ensure_accepts_writes` for the same rule outside HTTP.
    """

    ALLOWED_WHILE_SUSPENDED = (
        "/api/v1/auth/login/", "/api/v1/auth/token/refresh/", "/api/v1/auth/logout/", "/api/v1/auth/handover/",
        "/api/v1/auth/password/reset/", "/api/v1/auth/password/reset/confirm/",
        "/api/v1/account/delete/",  # erasure is a right whatever the brand's status (GDPR art. 17)
        "/api/v1/manage/exports/", "/api/v1/manage/brand/close/",  # an owner's data, and leaving, stay possible
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if (
            tenant is not None
            and tenant.is_brand
            and not tenant.accepts_writes
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and request.path not in self.ALLOWED_WHILE_SUSPENDED
        ):
            error = TenantSuspended()
            body = error_body(status_code=error.status_code, code=error.code, detail=error.detail)
            return JsonResponse(body, status=error.status_code)
        return self.get_response(request)

