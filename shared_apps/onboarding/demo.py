"""Demo brands for `make run`: a platform admin and two brands with staff and a customer.

Idempotent: a second run finds what exists and only fills in what is missing.
"""

from dataclasses import dataclass

from django.conf import settings
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from tenants.hosts import tenant_url
from tenants.models import Tenant
from tenants.services import provision_tenant

DEMO_PASSWORD = "brigade-demo-2026"
PLATFORM_ADMIN_EMAIL = "admin@brigade.test"


@dataclass(frozen=True)
class DemoBrand:
    slug: str
    name: str
    currency: str
    timezone: str


DEMO_BRANDS = (
    DemoBrand("burger", "Burger Brigade", "EUR", "Europe/Berlin"),
    DemoBrand("sushi", "Sushi Brigade", "GBP", "Europe/London"),
)
STAFF_ROLES = (User.Role.MANAGER, User.Role.KITCHEN, User.Role.COURIER, User.Role.CUSTOMER)


def _ensure_user(email: str, role: str, **extra) -> None:
    if not User.objects.filter(email=email).exists():
        User.objects.create_user(email, DEMO_PASSWORD, role=role, **extra)


def seed_demo() -> list[str]:
    """Create whatever of the demo is missing; return the lines to print (URLs and logins)."""
    lines = [f"Platform  {settings.PLATFORM_URL}/api/docs/   admin: {PLATFORM_ADMIN_EMAIL} / {DEMO_PASSWORD}"]
    _ensure_user(PLATFORM_ADMIN_EMAIL, User.Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    for brand in DEMO_BRANDS:
        tenant = Tenant.objects.filter(slug=brand.slug).first()
        owner_email = f"owner@{brand.slug}.test"
        if tenant is None:
            tenant = provision_tenant(
                brand.slug, brand.name, owner_email=owner_email, owner_password=DEMO_PASSWORD,
                currency=brand.currency, timezone=brand.timezone, status=Tenant.Status.ACTIVE,
            )
        with schema_context(tenant.schema_name):
            for role in STAFF_ROLES:
                _ensure_user(f"{role}@{brand.slug}.test", role)
        logins = ", ".join(f"{role}@{brand.slug}.test" for role in ("owner", *STAFF_ROLES))
        lines.append(f"{brand.name:<15} {tenant_url(tenant.primary_domain)}/api/v1/brand/   {logins} / {DEMO_PASSWORD}")
    return lines
