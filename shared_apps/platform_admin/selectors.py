from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.accounts.selectors import first_owner, schemas_with_staff
from shared_apps.billing.usage import count_orders_this_period
from tenant_apps.orders.across_brands import last_order_at, orders_per_day
from tenants.models import AuditEvent, Tenant

from .errors import TenantNotFound

# What the tenant list may be sorted by (`-` first: descending).
TENANT_ORDERINGS = ("created", "-created", "name", "-name", "slug", "-slug", "status", "-status")


def brands() -> QuerySet[Tenant]:
    return Tenant.objects.filter(kind=Tenant.Kind.BRAND).select_related("subscription__plan")


def search_tenants(*, search: str = "", status: str = "", plan: str = "", ordering: str = "-created") -> QuerySet[Tenant]:
    """Brands matching a slug, name, domain or owner e-mail fragment, a status and a plan code.

    Owners live in each brand's schema: the e-mail fragment is looked up in every brand's schema
    in one statement (accounts.selectors.schemas_with_staff)."""
    tenants = brands().order_by(ordering, "-id")
    if search:
        schemas = list(brands().values_list("schema_name", flat=True))
        owned = schemas_with_staff(schemas, email_contains=search, roles=[User.Role.OWNER])
        tenants = tenants.filter(
            Q(slug__icontains=search) | Q(name__icontains=search) | Q(domains__domain__icontains=search)
            | Q(schema_name__in=owned)
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


def owner_email(tenant: Tenant) -> str | None:
    with schema_context(tenant.schema_name):
        owner = first_owner()
    return owner.email if owner else None


def last_order_of(tenant: Tenant) -> datetime | None:
    return last_order_at([tenant.schema_name]).get(tenant.schema_name)


def audit_events(*, tenant_slug: str = "", action: str = "", actor: str = "",
                 since: datetime | None = None, until: datetime | None = None) -> QuerySet[AuditEvent]:
    """The audit log, newest first. `actor` matches the actor's or the impersonating admin's e-mail
    (a fragment, any case); `since` inclusive, `until` exclusive."""
    events = AuditEvent.objects.all()
    if tenant_slug:
        events = events.filter(tenant_slug=tenant_slug)
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(Q(actor_email__icontains=actor) | Q(impersonated_by__icontains=actor))
    if since:
        events = events.filter(created__gte=since)
    if until:
        events = events.filter(created__lt=until)
    return events


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def overview(*, days: int, now: datetime | None = None) -> dict:
    """Brands by status, and sign-ups and orders per UTC day for the last `days` days (today
    included, every day listed, 0 where nothing happened)."""
    today = (now or timezone.now()).astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=UTC)
    by_status = dict(brands().order_by().values("status").annotate(n=Count("id")).values_list("status", "n"))
    signups = dict(
        brands().filter(created__gte=since).annotate(day=TruncDate("created", tzinfo=UTC)).values("day")
        .annotate(n=Count("id")).values_list("day", "n")
    )
    orders = orders_per_day(list(brands().values_list("schema_name", flat=True)), since)
    return {
        "tenants_by_status": {status: by_status.get(status, 0) for status in Tenant.Status.values},
        "signups_per_day": [{"date": day, "count": signups.get(day, 0)} for day in _days(first, today)],
        "orders_per_day": [{"date": day, "count": orders.get(day, 0)} for day in _days(first, today)],
    }
