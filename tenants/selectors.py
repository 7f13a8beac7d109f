from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .models import Tenant, Theme
from .theme import FONT_FAMILIES

DEFAULT_COLORS = {"primary": Theme.DEFAULT_PRIMARY, "accent": Theme.DEFAULT_ACCENT, "background": Theme.DEFAULT_BACKGROUND,
                  "text": Theme.DEFAULT_TEXT}
BRAND_CACHE_KEY = "brand-theme"  # the cache's key function adds the schema (pitfall 6)


def current_tenant(*, required: bool = True) -> Tenant | None:
    """The brand of the connection's current schema. Under HTTP the routing middleware has set the
    Tenant itself (no query); `schema_context()` (tasks, commands) sets a FakeTenant that knows only
    its schema name, so then it is read. `required=False`: None where there is no such brand."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Tenant):
        return tenant
    found = Tenant.objects.filter(schema_name=connection.schema_name).first()
    if found is None and required:
        raise Tenant.DoesNotExist(f"No tenant with schema {connection.schema_name!r}.")
    return found


def realtime_url(request) -> str:
    """Where this brand's clients open WebSockets: same origin behind Nginx, the ASGI port in development."""
    scheme = "wss" if request.is_secure() else "ws"
    host = request.get_host().split(":")[0]
    if settings.REALTIME_PORT:
        return f"{scheme}://{host}:{settings.REALTIME_PORT}/ws/"
    return f"{scheme}://{request.get_host()}/ws/"


def _theme_of(tenant: Tenant) -> dict:
    theme = Theme.objects.filter(tenant=tenant).first()
    if theme is None:
        return {"display_name": "", "logo": "", "colors": DEFAULT_COLORS, "font": Theme.Font.SYSTEM, "hero_text": "",
                "locale": Theme.DEFAULT_LOCALE}
    return {
        "display_name": theme.display_name,
        "logo": theme.logo.url if theme.logo else "",
        "colors": {"primary": theme.primary_color, "accent": theme.accent_color, "background": theme.background_color,
                   "text": theme.text_color},
        "font": theme.font,
        "hero_text": theme.hero_text,
        "locale": theme.locale,
    }


def locale_of(tenant) -> str:
    """The brand's language and region (BCP 47, e.g. `de-DE`): what its e-mails and invoices are
    written for. `tenant` may be the schema-only tenant a tenant task runs with."""
    return (Theme.objects.filter(tenant__schema_name=tenant.schema_name).values_list("locale", flat=True).first()
            or Theme.DEFAULT_LOCALE)


def brand_theme(tenant: Tenant, request) -> dict:
    """The public face of a brand. The theme is cached per schema (invalidated when it changes);
    the status and URLs are read live, so a suspension shows at once and on every host."""
    theme = cache.get_or_set(BRAND_CACHE_KEY, lambda: _theme_of(tenant), settings.BRAND_CACHE_SECONDS)
    return {
        "name": theme["display_name"] or tenant.name,
        "slug": tenant.slug,
        "logo_url": request.build_absolute_uri(theme["logo"]) if theme["logo"] else None,
        "colors": theme["colors"],
        "font": theme["font"],
        "font_family": FONT_FAMILIES[theme["font"]],
        "hero_text": theme["hero_text"],
        "locale": theme["locale"],
        "currency": tenant.currency,
        "timezone": tenant.timezone,
        "status": tenant.status,
        "accepts_orders": tenant.accepts_writes,
        "realtime_url": realtime_url(request),
    }


def domains_of(tenant: Tenant):
    return tenant.domains.order_by("-is_primary", "created")
