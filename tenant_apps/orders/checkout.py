"""Checkout: re-price on the server, take the slot, number the order, pay, and record it.

The client's totals are never read: `build_quote` prices the cart again at the moment of
ordering, checking availability and opening hours at that instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from shared_apps.core.db import insert_new
from shared_apps.core.errors import DomainError
from tenants.services import ensure_accepts_writes

from . import brand_rules, errors, idempotency, slots
from .events import record_event
from .models import IdempotencyKey, Order, OrderEvent, OrderLine, OrderNumberCounter, Payment
from .notifications import send_order_status_email_on_commit
from .payments import provider_for
from .plan_limits import ensure_order_allowed
from .quotes import Cart, Quote, build_quote, current_tenant
from .services import transition_order
from .states import Status


@dataclass(frozen=True)
class Contact:
    email: str
    name: str = ""
    phone: str = ""


# (order or None, error or None) → (HTTP status, response body bytes). Supplied by the view, so
# this module never imports serializers; the bytes are what the idempotency key replays.
Responder = Callable[[Order | None, DomainError | None], tuple[int, bytes]]


def next_order_number(location_id, business_date) -> int:
    """1, 2, 3… per location and local business day; an upsert, so concurrent orders never share one."""
    table = connection.ops.quote_name(OrderNumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (location_id, business_date, last_number) VALUES (%s, %s, 1) "
            f"ON CONFLICT (location_id, business_date) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [location_id, business_date],
        )
        return cursor.fetchone()[0]


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


def _open_order(cart: Cart, *, customer, contact: Contact, payment_method: str, note: str, at: datetime | None,
                key: tuple[str, str, str] | None,
                respond: Responder) -> idempotency.Replay | tuple[Order, IdempotencyKey | None, tuple[int, bytes] | None]:
    """The order's one transaction: the idempotency key's claim, quote, limits, slot, number, rows,
    the `created` event, and for an order placed at once (cash) its stored response, so key, order
    and replay commit together — or roll back together, leaving the key free for a retry."""
    with transaction.atomic():
        claim = None
        if key is not None:
            outcome = idempotency.claim(*key)
            if isinstance(outcome, idempotency.Replay):
                return outcome
            claim = outcome
        rules = brand_rules.current()
        quote = build_quote(cart, at=at, customer=customer, email=contact.email, lock_promo=True, rules=rules)
        if rules.orders_capped:  # a plan without a cap has nothing to count
            ensure_order_allowed(current_tenant())
        if quote.scheduled_for is not None:
            slots.book(quote.location.pk, quote.scheduled_for, quote.settings.capacity_at(quote.location))
        order = _create_order(quote, customer=customer, contact=contact, payment_method=payment_method, note=note)
        if claim is not None and order.status == Status.PENDING_PAYMENT:
            # A card order commits before its authorisation: the claim must name it meanwhile.
            idempotency.attach_order(claim, order)
        response = None
        if order.status == Status.PLACED:
            response = respond(order, None)
            if claim is not None:
                idempotency.complete(claim, *response, order)
        # Last write of the transaction: the event counter's lock (one row per brand) is held
        # only from here to the commit, so the response is rendered and stored before it.
        record_event(order, kind=OrderEvent.Kind.CREATED, from_status="", to_status=order.status, actor=customer)
        if order.status == Status.PLACED:
            send_order_status_email_on_commit(order, Status.PLACED)
    return order, claim, response


def place_order(
    cart: Cart,
    *,
    customer,
    contact: Contact,
    payment_method: str,
    card_token: str = "",
    note: str = "",
    at: datetime | None = None,
    idempotency_scope: str | None = None,
    idempotency_key: str | None = None,
    request_hash: str = "",
    respond: Responder,
) -> tuple[int, bytes, bool]:
    """Place an order from `cart`; return (HTTP status, response body, replayed?).

    With an idempotency key (checkout over HTTP always has one) the first response for the key
    is stored and every retry gets it back unchanged; see `idempotency`. A cash order is placed
    in one transaction. A card order is created `pending_payment` (slot and number taken),
    authorised outside any transaction (a gateway call must not hold locks), then moved to
    `placed` or `payment_failed` — the latter answers 402 `payment_failed` and frees the slot.
    """
    ensure_accepts_writes(current_tenant())
    key = (idempotency_scope or "guest", idempotency_key, request_hash) if idempotency_key is not None else None
    opened = _open_order(cart, customer=customer, contact=contact, payment_method=payment_method, note=note, at=at,
                         key=key, respond=respond)
    if isinstance(opened, idempotency.Replay):
        return opened.status, opened.body, True
    order, claim, response = opened
    if response is not None:
        return *response, False

    # A card order waits in pending_payment for its authorisation.
    error = None
    payment = order.payment
    result = provider_for(payment_method).authorize(payment, token=card_token)
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(
            status=Payment.Status.AUTHORIZED if result.ok else Payment.Status.FAILED,
            provider_ref=result.provider_ref, failure_code=result.failure_code, updated=timezone.now())
        order = transition_order(order, Status.PLACED if result.ok else Status.PAYMENT_FAILED, actor=None,
                                 reason="" if result.ok else result.failure_code)
        if not result.ok:
            error = errors.PaymentFailed(extra={"order": str(order.pk), "decline_code": result.failure_code})
        status, body = respond(order, error)
        if claim is not None:
            idempotency.complete(claim, status, body, order)
    # A crash between the two transactions leaves the key in progress with its order attached:
    # duplicates are told to retry later (409) until the key expires; the order exists.
    return status, body, False
