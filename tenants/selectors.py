from django.conf import settings

from .models import Tenant

DEFAULT_COLORS = {"primary": "#d9480f", "accent": "#1c7ed6", "background": "#ffffff", "text": "#212529"}


def realtime_url(request) -> str:
    """Where this brand's clients open WebSockets: same origin behind Nginx, the ASGI port in development."""
    scheme = "wss" if request.is_secure() else "ws"
    host = request.get_host().split(":")[0]
    if settings.REALTIME_PORT:
        return f"{scheme}://{host}:{settings.REALTIME_PORT}/ws/"
    return f"{scheme}://{request.get_host()}/ws/"


def brand_theme(tenant: Tenant, request) -> dict:
    """The public face of a brand. Branding (logo, colours, fonts) is edited in issue 3's theme."""
    return {
        "name": tenant.name,
        "slug": tenant.slug,
        "logo_url": None,
        "colors": DEFAULT_COLORS,
        "currency": tenant.currency,
        "timezone": tenant.timezone,
        "status": tenant.status,
        "realtime_url": realtime_url(request),
    }
