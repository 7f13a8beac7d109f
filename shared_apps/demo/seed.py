"""Demo brands for `make run`: a platform admin and three brands with staff and a customer.

Burger is active on Pro, Sushi is in its trial on Growth (both take orders; each has two
locations, within those plans), and Pizza, on Starter, is suspended — to show what a suspended
storefront answers. Each has its own logo (logos/, drawn by scripts/make_demo_logos.py),
colours, font and language, so that `make run` shows the white label at a glance.

Each brand's locations get 30 days of order history with their daily reports, and brands past
their trial the invoices of their last three months (tenant_apps/reports/demo.py,
shared_apps/billing/demo.py).

Idempotent: a second run finds what exists and only fills in what is missing.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django_tenants.utils import schema_context, tenant_context

from shared_apps.accounts.models import User
from shared_apps.billing.demo import seed_invoices
from shared_apps.billing.selectors import subscription_of
from shared_apps.billing.services import change_plan
from shared_apps.platform_admin.services import suspend_tenant
from tenant_apps.catalog.demo import seed_catalog
from tenant_apps.orders.demo import seed_orders
from tenant_apps.reports.demo import seed_history
from tenants.audit import Actor
from tenants.hosts import tenant_url
from tenants.models import Tenant, Theme
from tenants.services import provision_tenant, update_theme

DEMO_PASSWORD = "brigade-demo-2026"
PLATFORM_ADMIN_EMAIL = "admin@brigade.test"


@dataclass(frozen=True)
class DemoBrand:
    slug: str
    name: str
    currency: str
    timezone: str
    plan: str
    status: str
    theme: dict  # update_theme's fields; the logo is logos/<slug>.png


DEMO_BRANDS = (
    DemoBrand("burger", "Burger Brigade", "EUR", "Europe/Berlin", "pro", Tenant.Status.ACTIVE, {
        "primary_color": "#c92a2a", "accent_color": "#f59f00", "background_color": "#fff8e7", "text_color": "#2b1d0e",
        "font": "poppins", "locale": "de-DE", "hero_text": "Smash-Burger aus Berlin, frisch vom Grill.",
    }),
    DemoBrand("sushi", "Sushi Brigade", "GBP", "Europe/London", "growth", Tenant.Status.TRIAL, {
        "primary_color": "#1b3a4b", "accent_color": "#e03131", "background_color": "#f8f9fa", "text_color": "#1b1b1b",
        "font": "inter", "locale": "en-GB", "hero_text": "Maki and nigiri, rolled to order in London.",
    }),
    DemoBrand("pizza", "Pizza Brigade", "EUR", "Europe/Rome", "starter", Tenant.Status.SUSPENDED, {
        "primary_color": "#2b8a3e", "accent_color": "#e8590c", "background_color": "#fffdf5", "text_color": "#212529",
        "font": "playfair-display", "locale": "it-IT", "hero_text": "Pizza napoletana dal forno a legna, a Roma.",
    }),
)
DEMO_ASSETS = Path(__file__).resolve().parent / "logos"
SEED_ACTOR = Actor.system("seed_demo")
STAFF_ROLES = (User.Role.MANAGER, User.Role.KITCHEN, User.Role.COURIER, User.Role.CUSTOMER)


def _ensure_user(email: str, role: str, **extra) -> None:
    if not User.objects.filter(email=email).exists():
        User.objects.create_user(email, DEMO_PASSWORD, role=role, **extra)


def _ensure_theme(tenant: Tenant, brand: DemoBrand) -> None:
    """The brand's look, through the branding service as an owner sets it; a brand that already
    has a theme (an earlier run, or an owner's own edits) is left alone."""
    if Theme.objects.filter(tenant=tenant).exists():
        return
    with (DEMO_ASSETS / f"{brand.slug}.png").open("rb") as logo:
        update_theme(tenant, by=SEED_ACTOR, logo=File(logo, name=f"{brand.slug}.png"), **brand.theme)


def seed_demo() -> list[str]:
    """Create whatever of the demo is missing; return the lines to print (URLs and logins)."""
    lines = [f"Platform  {settings.PLATFORM_URL}/api/docs/   admin: {PLATFORM_ADMIN_EMAIL} / {DEMO_PASSWORD}"]
    _ensure_user(PLATFORM_ADMIN_EMAIL, User.Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    for brand in DEMO_BRANDS:
        tenant = Tenant.objects.filter(slug=brand.slug).first()
        owner_email = f"owner@{brand.slug}.test"
        if tenant is None:
            initial = Tenant.Status.TRIAL if brand.status == Tenant.Status.TRIAL else Tenant.Status.ACTIVE
            tenant = provision_tenant(
                brand.slug, brand.name, owner_email=owner_email, owner_password=DEMO_PASSWORD,
                currency=brand.currency, timezone=brand.timezone, plan_code=brand.plan, status=initial,
            )
            if brand.status == Tenant.Status.SUSPENDED:
                tenant = suspend_tenant(tenant, by=SEED_ACTOR, reason="Demo: a suspended brand.")
        elif subscription_of(tenant).plan.code != brand.plan:
            change_plan(tenant, brand.plan, by=SEED_ACTOR)
        _ensure_theme(tenant, brand)
        with schema_context(tenant.schema_name):
            for role in STAFF_ROLES:
                _ensure_user(f"{role}@{brand.slug}.test", role)
            seed_catalog(brand.slug, brand.timezone)
        if tenant.accepts_writes:
            with tenant_context(tenant):
                seed_orders(brand.slug)
        with tenant_context(tenant):
            seed_history(tenant.pk, currency=tenant.currency)  # 30 days of orders and their reports
        seed_invoices(tenant)
        logins = ", ".join(f"{role}@{brand.slug}.test" for role in ("owner", *STAFF_ROLES))
        lines.append(f"{brand.name:<15} [{brand.plan}, {tenant.status}] {tenant_url(tenant.primary_domain)}/api/v1/brand/   {logins} / {DEMO_PASSWORD}")
    return lines
