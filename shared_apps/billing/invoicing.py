"""Invoices: one per subscription period, the plan fee prorated over plan changes, the orders
over the plan's included ones, numbered without gaps per issuer. Amounts in minor units."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from tenants import audit
from tenants.audit import Actor

from . import notify, payments, usage
from .dunning import mark_paid
from .models import Invoice, InvoiceCounter, InvoiceLine, Plan, Subscription

COUNTER_SQL = (
    f"INSERT INTO {InvoiceCounter._meta.db_table} (issuer, last_number) VALUES (%s, 1) "
    f"ON CONFLICT (issuer) DO UPDATE SET last_number = {InvoiceCounter._meta.db_table}.last_number + 1 "
    "RETURNING last_number"
)


@dataclass(frozen=True)
class Segment:
    """A stretch of the period on one plan."""

    plan: Plan
    start: datetime
    end: datetime


def plan_segments(subscription: Subscription, start: datetime, end: datetime) -> list[Segment]:
    """The plans the subscription was on during [start, end), from its PlanChange rows."""
    changes = list(subscription.plan_changes.filter(changed_at__gt=start).select_related("from_plan", "to_plan"))
    plan = changes[0].from_plan if changes else subscription.plan
    segments, cursor = [], start
    for change in (c for c in changes if c.changed_at < end):
        segments.append(Segment(plan, cursor, change.changed_at))
        plan, cursor = change.to_plan, change.changed_at
    segments.append(Segment(plan, cursor, end))
    return [s for s in segments if s.end > s.start]


def _day(moment: datetime) -> str:
    return f"{moment:%d %b %Y}"


def invoice_lines(subscription: Subscription, start: datetime, end: datetime,
                  orders_placed: int) -> tuple[list[InvoiceLine], str]:
    """The plan fee of each segment (its share of the period, by seconds) and the per-order fees
    of the plan in force at the period's end for the orders over its included ones; and the
    currency, that plan's (plans are priced in one currency; Brigade converts none)."""
    period = (end - start).total_seconds()
    segments = plan_segments(subscription, start, end)
    lines = []
    for segment in segments:
        share = (segment.end - segment.start).total_seconds() / period
        prorated = "" if share == 1 else " (prorated)"
        lines.append(InvoiceLine(
            kind=InvoiceLine.Kind.PLAN_FEE, unit_amount_cents=segment.plan.monthly_price_cents,
            amount_cents=round(segment.plan.monthly_price_cents * share),
            description=f"{segment.plan.name} plan, {_day(segment.start)} – {_day(segment.end - timedelta(seconds=1))}{prorated}",
        ))
    final = segments[-1].plan
    over = max(0, orders_placed - final.included_orders)
    if over and final.per_order_fee_cents:
        lines.append(InvoiceLine(
            kind=InvoiceLine.Kind.ORDER_FEES, quantity=over, unit_amount_cents=final.per_order_fee_cents,
            amount_cents=over * final.per_order_fee_cents,
            description=f"Orders over the {final.included_orders} included ({orders_placed} placed)",
        ))
    for position, line in enumerate(lines):
        line.position = position
    return lines, final.currency


def next_number(issuer: str) -> str:
    """The issuer's next invoice number. The counter row stays locked until the caller's
    transaction ends, so concurrent invoices queue here and a rolled-back one gives its number back."""
    with connection.cursor() as cursor:
        cursor.execute(COUNTER_SQL, [issuer])
        return f"{issuer}-{cursor.fetchone()[0]:06d}"


def issue_invoice(subscription: Subscription, start: datetime, end: datetime, *, now: datetime) -> Invoice:
    """Write and open the invoice of [start, end), in the caller's transaction (which holds the
    period's claim). Orders are metered in the tenant's schema, where the job runs."""
    orders_placed = usage.orders_placed(subscription.tenant, start, end)
    lines, currency = invoice_lines(subscription, start, end, orders_placed)
    invoice = Invoice.objects.create(
        tenant=subscription.tenant, period_start=start, period_end=end, currency=currency,
        total_cents=sum(line.amount_cents for line in lines), orders_placed=orders_placed,
        status=Invoice.Status.OPEN, issued_at=now, due_at=now + timedelta(days=settings.BILLING_GRACE_DAYS),
        provider=payments.provider().code,
        number=next_number(settings.BILLING_ISSUER),  # last: the counter's lock is held until commit
    )
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    notify.issued_on_commit(invoice)
    audit.record("invoice.issued", by=Actor.system("billing"), tenant=subscription.tenant, target=f"invoice:{invoice.number}",
                 data={"total_cents": invoice.total_cents, "currency": invoice.currency, "orders_placed": orders_placed})
    invoice_id = invoice.pk
    transaction.on_commit(lambda: collect_payment(invoice_id, now=now))
    return invoice


def collect_payment(invoice_id: int, *, now: datetime) -> Invoice:
    """Ask the provider to collect the issued invoice: after its transaction commits, so a
    provider's network call never holds the issuer's number counter (every brand's invoicing
    queues on that row until commit)."""
    invoice = Invoice.objects.get(pk=invoice_id)
    if payments.provider().collect(invoice):
        invoice = mark_paid(invoice, by=Actor.system(f"provider:{invoice.provider}"), now=now)
    return invoice
