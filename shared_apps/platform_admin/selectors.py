from django.db.models import Q, QuerySet

from shared_apps.billing.usage import count_orders_this_period
from tenants.models import AuditEvent, Tenant

from .errors import TenantNotFound


def brands() -> QuerySet[Tenant]:
    return Tenant.objects.filter(kind=Tenant.Kind.BRAND).select_related("subscription__plan")


def search_tenants(*, search: str = "", status: str = "", plan: str = "") -> QuerySet[Tenant]:
    """Brands, newest first, matching a slug, name or domain fragment, a status and a plan code."""
    tenants = brands().order_by("-created", "-id")
    if search:
        tenants = tenants.filter(
            Q(slug__icontains=search) | Q(name__icontains=search) | Q(domains__domain__icontains=search)
        ).distinct()
    if status:
        tenants = tenants.filter(status=status)
    if plan:
        tenants = tenants.filter(subscription__plan__code=plan)
    return tenants


def tenant_by_slug(slug: str) -> Tenant:
    tenant = brands().filter(slug=slug).first()
    if tenant is None:
        raise TenantNotFound()
    return tenant


def order_count_this_period(tenant: Tenant) -> int:
    subscription = getattr(tenant, "subscription", None)
    return count_orders_this_period(tenant, subscription.current_period_start) if subscription else 0


def audit_events(*, tenant_slug: str = "", action: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if tenant_slug:
        events = events.filter(tenant_slug=tenant_slug)
    if action:
        events = events.filter(action=action)
    return events
