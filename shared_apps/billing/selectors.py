from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet

from tenants.models import Tenant

from .errors import NoSubscription, UnknownInvoice, UnknownPlan
from .models import Invoice, Plan, Subscription


def offered_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(is_active=True)


def plan_for_code(code: str, *, offered_only: bool = True) -> Plan:
    """The plan named `code` (empty: the default plan). Retired plans only when `offered_only` is off."""
    plans = offered_plans() if offered_only else Plan.objects.all()
    plan = plans.filter(code=code or settings.BILLING_DEFAULT_PLAN).first()
    if plan is None:
        raise UnknownPlan(fields={"plan": [f"Unknown plan {code!r}."]})
    return plan


def subscription_of(tenant: Tenant) -> Subscription:
    subscription = Subscription.objects.select_related("plan").filter(tenant=tenant).first()
    if subscription is None:
        raise NoSubscription()
    return subscription


def invoices_of(tenant: Tenant) -> QuerySet[Invoice]:
    return tenant.invoices.prefetch_related("lines")


def usage_with_limits(subscription: Subscription) -> dict[str, dict]:
    """Usage of this period next to the plan's limits: {resource: {"used", "limit", "counted"}}."""
    from .usage import usage_of

    usage = usage_of(subscription.tenant, subscription.current_period_start)
    return {resource: {**item, "limit": subscription.plan.limit_for(resource)} for resource, item in usage.items()}


def billing_overview(tenant: Tenant) -> dict:
    """What a brand's owner sees on its billing page."""
    subscription = subscription_of(tenant)
    return {
        "plan": subscription.plan,
        "subscription": subscription,
        "usage": usage_with_limits(subscription),
        "invoices": list(invoices_of(tenant)[:24]),
    }


def all_invoices(*, tenant_slug: str = "", status: str = "", period_from: date | None = None,
                 period_to: date | None = None) -> QuerySet[Invoice]:
    """Invoices across brands, for platform admins: of one brand, in one status, and/or whose
    billing period overlaps the days `period_from` to `period_to` (both included, UTC)."""
    invoices = Invoice.objects.select_related("tenant").prefetch_related("lines")
    if tenant_slug:
        invoices = invoices.filter(tenant__slug=tenant_slug)
    if status:
        invoices = invoices.filter(status=status)
    if period_from:
        invoices = invoices.filter(period_end__gt=datetime.combine(period_from, time.min, tzinfo=UTC))
    if period_to:
        invoices = invoices.filter(period_start__lt=datetime.combine(period_to + timedelta(days=1), time.min, tzinfo=UTC))
    return invoices


def invoice_by_number(number: str) -> Invoice:
    invoice = Invoice.objects.select_related("tenant").filter(number=number).first()
    if invoice is None:
        raise UnknownInvoice()
    return invoice

