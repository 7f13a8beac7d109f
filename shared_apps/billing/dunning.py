"""Unpaid invoices: past the grace period the subscription is `past_due` (a reminder goes out),
after a second grace period `suspended` (orders refused, data kept); paying makes it `active`
again at once. Every step is audited."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tenants import audit
from tenants.audit import Actor

from . import notify
from .models import Invoice, Subscription

SYSTEM = Actor.system("billing")


def _grace() -> timedelta:
    return timedelta(days=settings.BILLING_GRACE_DAYS)


def _set(subscription: Subscription, status: str, *, by: Actor, now: datetime, data: dict) -> None:
    """Move the subscription to `status`, and its brand with it (Tenant.Status has the same names)
    while the brand is in step with billing: a brand a platform admin suspended or cancelled stays
    so, whatever its invoices do, until an admin reactivates it."""
    previous = subscription.status
    subscription.status = status
    subscription.save(update_fields=["status", "updated"])
    tenant = subscription.tenant
    if tenant.status == previous:
        tenant.status, tenant.status_changed = status, now
        tenant.save(update_fields=["status", "status_changed"])
    audit.record(f"subscription.{status}", by=by, tenant=tenant, target=f"tenant:{tenant.slug}",
                 data={"from": previous, **data})


def oldest_unpaid(tenant_id: int) -> Invoice | None:
    return Invoice.objects.filter(tenant_id=tenant_id, status=Invoice.Status.OPEN).order_by("due_at").first()


def dun(subscription_id: int, *, now: datetime) -> str | None:
    """The dunning step due at `now` for this subscription, if any; returns it."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update(of=("self",)).select_related("tenant").get(pk=subscription_id)
        invoice = oldest_unpaid(subscription.tenant_id)
        if invoice is None or now < invoice.due_at:
            return None
        data = {"invoice": invoice.number}
        if now >= invoice.due_at + _grace() and subscription.status == Subscription.Status.PAST_DUE:
            _set(subscription, Subscription.Status.SUSPENDED, by=SYSTEM, now=now, data=data)
        elif subscription.status == Subscription.Status.ACTIVE:
            _set(subscription, Subscription.Status.PAST_DUE, by=SYSTEM, now=now, data=data)
        else:
            return None
        invoice.reminders_sent += 1
        invoice.save(update_fields=["reminders_sent"])
        notify.reminder_on_commit(invoice, subscription.status)
        return subscription.status


def next_step_at(subscription: Subscription) -> datetime | None:
    """When dunning has something to do next for this subscription."""
    invoice = oldest_unpaid(subscription.tenant_id)
    if invoice is None:
        return None
    if subscription.status == Subscription.Status.ACTIVE:
        return invoice.due_at
    if subscription.status == Subscription.Status.PAST_DUE:
        return invoice.due_at + _grace()
    return None


def mark_paid(invoice: Invoice, *, by: Actor, now: datetime | None = None) -> Invoice:
    """The payment provider (manual: a platform admin) reports the invoice paid. A past-due or
    dunning-suspended brand with nothing else overdue is active again at once."""
    now = now or timezone.now()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status != Invoice.Status.OPEN:
            return invoice
        invoice.status, invoice.paid_at = Invoice.Status.PAID, now
        invoice.save(update_fields=["status", "paid_at"])
        audit.record("invoice.paid", by=by, tenant=invoice.tenant, target=f"invoice:{invoice.number}",
                     data={"total_cents": invoice.total_cents, "provider": invoice.provider})
        subscription = Subscription.objects.select_for_update(of=("self",)).select_related("tenant").get(tenant_id=invoice.tenant_id)
        overdue = Invoice.objects.filter(tenant_id=invoice.tenant_id, status=Invoice.Status.OPEN, due_at__lte=now)
        dunned = (Subscription.Status.PAST_DUE, Subscription.Status.SUSPENDED)
        if subscription.status in dunned and not overdue.exists():
            _set(subscription, Subscription.Status.ACTIVE, by=by, now=now, data={"invoice": invoice.number})
    return invoice
