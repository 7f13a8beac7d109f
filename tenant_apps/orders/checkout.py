"""Checkout: re-price on the server, take the slot, number the order, pay, and record it.

The client's totals are never read: `build_quote` prices the cart again at the moment of
ordering, checking availability and opening hours at that instant. Returns domain objects and
raises DomainErrors; the Idempotency-Key and the HTTP response are `idempotency.respond_once`'s
and the view's (orders/api/checkout.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from shared_apps.core.db import insert_new
from tenants.selectors import current_tenant
from tenants.services import ensure_accepts_writes

from . import brand_rules, errors, slots
from .events import record_event
from .models import Order, OrderEvent, OrderLine, Payment
from .notifications import send_order_status_email_on_commit
from .numbering import next_order_number
from .payments import provider_for
from .plan_limits import ensure_order_allowed
from .quotes import Cart, Quote, build_quote
from .services import transition_order
from .states import Status


@dataclass(frozen=True)
class Contact:
    email: str
    name: str = ""
    phone: str = ""


def _create_order(quote: Quote, *, customer, contact: Contact, payment_method: str, note: str) -> Order:
    location = quote.location
    business_date = timezone.localtime(quote.at, timezone=ZoneInfo(location.timezone)).date()
    provider = provider_for(payment_method)
    totals = quote.totals
    status = Status.PENDING_PAYMENT if provider.takes_payment_at_checkout else Status.PLACED
    order = Order(
        location=location, location_name=location.name, number=next_order_number(location.pk, business_date),
        business_date=business_date, status=status, fulfillment=quote.cart.fulfillment,
        customer=customer, contact_name=contact.name, contact_email=contact.email, contact_phone=contact.phone,
        delivery_address=quote.cart.delivery_address if quote.cart.fulfillment == Order.Fulfillment.DELIVERY else None,
        note=note, scheduled_for=quote.scheduled_for, estimated_ready_at=quote.estimated_ready_at,
        currency=quote.currency, prices_include_tax=totals.prices_include_tax, subtotal_cents=totals.subtotal_cents,
        discount_cents=totals.discount_cents, tax_cents=totals.tax_cents, delivery_fee_cents=totals.delivery_fee_cents,
        tip_cents=totals.tip_cents, total_cents=totals.total_cents, promo_code=quote.promo.code if quote.promo else "",
        payment_method=payment_method, created=quote.at, placed_at=quote.at if status == Status.PLACED else None,
        status_changed=quote.at,
    )
    lines = [
        OrderLine(
            order=order, position=position, item_id=p.line.item_id, name=p.line.name, quantity=p.line.quantity,
            unit_price_cents=p.line.unit_price_cents, modifiers_cents=p.line.modifiers_cents,
            modifiers=[m.snapshot() for m in p.line.modifiers],
            tax_category=p.line.tax_category, tax_rate_bp=p.line.tax_rate_bp, subtotal_cents=p.subtotal_cents,
            discount_cents=p.discount_cents, tax_cents=p.tax_cents, total_cents=p.total_cents, note=p.line.note,
        )
        for position, p in enumerate(totals.lines)
    ]
    payment = Payment(order=order, provider=payment_method, amount_cents=totals.total_cents, currency=quote.currency)
    insert_new([order], lines, [payment])  # one round trip for the three tables
    _keep_prefetched(order, "lines", lines)
    return order


def _keep_prefetched(order: Order, relation: str, rows: list) -> None:
    """Make `order.<relation>.all()` answer `rows` without a query: the response serialises the
    lines just written, and re-reading them would cost a round trip per checkout."""
    # The model's plain manager, not the relation's: that one builds a filter only to empty it.
    queryset = getattr(Order, relation).rel.related_model._default_manager.none()
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    order._prefetched_objects_cache = {**getattr(order, "_prefetched_objects_cache", {}), relation: queryset}


def place_order(cart: Cart, *, actor, contact: Contact, payment_method: str, note: str = "",
                at: datetime | None = None) -> Order:
    """Place an order from `cart` for `actor` (the signed-in customer, or None for a guest): one
    transaction — the caller's, if one is open — with the quote, plan limit, slot, number, rows
    and the `created` event. Returns the Order, or raises a DomainError (nothing is written then;
    within the caller's transaction, no savepoint: a caller that catches the error and goes on
    in that transaction opens one around the call, as the demo seeding does).

    A cash order comes back `placed`. A card order comes back `pending_payment`, its slot and
    number taken: the caller commits, then `take_payment` authorises it outside any transaction.
    """
    ensure_accepts_writes(current_tenant())
    with transaction.atomic(savepoint=False):
        rules = brand_rules.current()
        quote = build_quote(cart, at=at, customer=actor, email=contact.email, lock_promo=True, rules=rules)
        if rules.orders_capped:  # a plan without a cap has nothing to count
            ensure_order_allowed(current_tenant())
        if quote.scheduled_for is not None:
            slots.book(quote.location.pk, quote.scheduled_for, quote.settings.capacity_at(quote.location))
        order = _create_order(quote, customer=actor, contact=contact, payment_method=payment_method, note=note)
        record_event(order, kind=OrderEvent.Kind.CREATED, from_status="", to_status=order.status, actor=actor)
        if order.status == Status.PLACED:
            send_order_status_email_on_commit(order, Status.PLACED)
    return order


def take_payment(order: Order, *, card_token: str) -> Order:
    """Authorise a `pending_payment` order at its provider — outside any transaction, as a gateway
    call must not hold locks — then move it to `placed`, or to `payment_failed` (its slot freed)
    and raise `PaymentFailed` (402, with the order's id) once that is committed."""
    payment = order.payment
    result = provider_for(order.payment_method).authorize(payment, token=card_token)
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(
            status=Payment.Status.AUTHORIZED if result.ok else Payment.Status.FAILED,
            provider_ref=result.provider_ref, failure_code=result.failure_code, updated=timezone.now())
        order = transition_order(order, Status.PLACED if result.ok else Status.PAYMENT_FAILED, actor=None,
                                 reason="" if result.ok else result.failure_code)
    if not result.ok:
        raise errors.PaymentFailed(extra={"order": str(order.pk), "decline_code": result.failure_code})
    return order
