"""Subscriptions: starting one with a brand, changing plan, cancelling, and the plan limits."""

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from shared_apps.scheduling.periods import claim_period
from tenants import audit
from tenants.audit import Actor
from tenants.models import Tenant

from . import invoicing
from .errors import PlanLimitReached, SamePlan
from .models import PlanChange, Subscription
from .selectors import plan_for_code, subscription_of


def _month_after(moment: datetime) -> datetime:
    return moment + relativedelta(months=1)


def start_subscription(tenant: Tenant, *, plan_code: str = "") -> Subscription:
    """Start the brand's subscription: a trial of the plan's `trial_days` if the brand is in trial,
    else an active monthly period. Runs in the caller's transaction (provisioning's)."""
    plan = plan_for_code(plan_code, offered_only=False)
    now = timezone.now()
    if tenant.status == Tenant.Status.TRIAL:
        trial_end = now + timedelta(days=plan.trial_days)
        return Subscription.objects.create(
            tenant=tenant, plan=plan, status=Subscription.Status.TRIALING, trial_end=trial_end,
            current_period_start=now, current_period_end=trial_end,
        )
    return Subscription.objects.create(
        tenant=tenant, plan=plan, status=Subscription.Status.ACTIVE,
        current_period_start=now, current_period_end=_month_after(now),
    )


# Subscriptions whose periods are invoiced and renewed (a suspended one keeps accruing its fee).
BILLED_STATUSES = (Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE, Subscription.Status.SUSPENDED)
INVOICE_JOB = "billing.invoice"


def on_tenant_provisioned(sender, *, tenant, owner, plan_code, **kwargs) -> None:
    """Receiver of tenants.signals.tenant_provisioned: every brand gets a subscription."""
    start_subscription(tenant, plan_code=plan_code)


def change_plan(tenant: Tenant, plan_code: str, *, by: Actor, reason: str = "") -> Subscription:
    """Move the brand to another offered plan at once. Proration is left to invoicing, which
    reads the PlanChange rows (each with its time). `reason` (a platform admin's) goes in the audit."""
    plan = plan_for_code(plan_code)
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().select_related("plan").get(
            pk=subscription_of(tenant).pk
        )
        if subscription.plan_id == plan.pk:
            raise SamePlan(fields={"plan": [SamePlan.detail]})
        previous = subscription.plan
        PlanChange.objects.create(subscription=subscription, from_plan=previous, to_plan=plan, changed_by=by.email)
        subscription.plan = plan
        subscription.save(update_fields=["plan", "updated"])
        audit.record("plan.changed", by=by, tenant=tenant, target=f"plan:{plan.code}",
                     data={"from": previous.code, "to": plan.code, **({"reason": reason} if reason else {})})
    return subscription


def cancel_subscription(tenant: Tenant) -> Subscription:
    """Mark the subscription cancelled, in the caller's transaction (platform_admin audits it)."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription_of(tenant).pk)
    subscription.status = Subscription.Status.CANCELLED
    subscription.cancelled_at = timezone.now()
    subscription.save(update_fields=["status", "cancelled_at", "updated"])
    return subscription


def resume_subscription(tenant: Tenant) -> Subscription:
    """A cancelled subscription starts a new active period; any other keeps its state.
    In the caller's transaction."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription_of(tenant).pk)
    if subscription.status == Subscription.Status.CANCELLED:
        now = timezone.now()
        subscription.status = Subscription.Status.ACTIVE
        subscription.cancelled_at = None
        subscription.current_period_start = now
        subscription.current_period_end = _month_after(now)
        subscription.save(update_fields=["status", "cancelled_at", "current_period_start", "current_period_end", "updated"])
    return subscription


TENANT_STATUS_FOR = {
    Subscription.Status.TRIALING: Tenant.Status.TRIAL,
    Subscription.Status.ACTIVE: Tenant.Status.ACTIVE,
    Subscription.Status.PAST_DUE: Tenant.Status.PAST_DUE,
    Subscription.Status.SUSPENDED: Tenant.Status.SUSPENDED,
    Subscription.Status.CANCELLED: Tenant.Status.CANCELLED,
}


def ensure_within_plan_limit(tenant: Tenant, resource: str, current_count: int) -> None:
    """Raise 403 `plan_limit` if one more `resource` would exceed the brand's plan.

    Call it where the thing is created, with how many exist now (catalog: locations; accounts
    or staff management: staff; orders: orders this period), inside the creating transaction.
    `resource` is "locations", "staff" or "orders".
    """
    subscription = subscription_of(tenant)
    limit = subscription.plan.limit_for(resource)
    if limit is not None and current_count >= limit:
        raise PlanLimitReached(
            f"The {subscription.plan.name} plan allows {limit} {resource}; upgrade to add more.",
            extra={"resource": resource, "limit": limit, "plan": subscription.plan.code},
        )


def advance_subscription(subscription_id: int, *, now: datetime | None = None) -> str | None:
    """Move one subscription one step past the end of its trial or period; returns what happened,
    or None when nothing had ended. Call it until None to catch up.

    A trial that has ended converts to a paid, active subscription and the brand's `trial` status
    becomes `active`. An ended period is invoiced (`invoicing.issue_invoice`, once: the period is
    claimed in the same transaction) and the next monthly one starts, so "usage this period"
    counts from the right day. Safe to run from two workers: the row is locked and re-checked.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscription = (
            # OF self: a lock on the shared plan row would make every other brand's run skip.
            Subscription.objects.select_for_update(skip_locked=True, of=("self",)).select_related("tenant", "plan")
            .filter(pk=subscription_id).first()
        )
        if subscription is None:
            return None
        tenant = subscription.tenant
        if subscription.status == Subscription.Status.TRIALING and subscription.trial_end and subscription.trial_end <= now:
            subscription.status = Subscription.Status.ACTIVE
            subscription.current_period_start = subscription.trial_end
            subscription.current_period_end = _month_after(subscription.trial_end)
            subscription.save(update_fields=["status", "current_period_start", "current_period_end", "updated"])
            if tenant.status == Tenant.Status.TRIAL:  # a suspended brand stays suspended
                tenant.status = Tenant.Status.ACTIVE
                tenant.status_changed = now
                tenant.save(update_fields=["status", "status_changed"])
            audit.record("subscription.trial_converted", by=Actor.system("billing"), tenant=tenant,
                         target=f"plan:{subscription.plan.code}", data={"trial_end": subscription.trial_end.isoformat()})
            return "trial_converted"
        if subscription.status in BILLED_STATUSES and subscription.current_period_end <= now:
            start, end = subscription.current_period_start, subscription.current_period_end
            if claim_period(tenant.pk, INVOICE_JOB, start.isoformat()):
                invoicing.issue_invoice(subscription, start, end, now=now)
            subscription.current_period_start, subscription.current_period_end = end, _month_after(end)
            subscription.save(update_fields=["current_period_start", "current_period_end", "updated"])
            return "period_renewed"
    return None
