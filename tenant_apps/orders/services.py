"""Changing orders. Every status change goes through `transition_order`, every change of an
estimated time through `change_eta`."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import errors, payments, slots
from .events import record_event, role_of
from .models import Order, OrderEvent, OrderingSettings, PromoCode, SavedAddress
from .notifications import send_order_status_email_on_commit
from .states import (
    ABORTED_STATUSES,
    CLOSED_STATUSES,
    ETA_ROLES,
    NOT_YET_READY,
    REASON_REQUIRED,
    SYSTEM,
    Status,
    allowed_moves,
    next_statuses,
)


def _ensure_may_touch(order: Order, actor) -> None:
    # A customer reaches only their own orders; the views scope querysets the same way, this is
    # the second lock on the door for callers outside HTTP (WebSocket transitions).
    if role_of(actor) == "customer" and order.customer_id != actor.pk:
        raise errors.OrderNotFound()


def transition_order(order: Order, to: str, *, actor, reason: str | None = None) -> Order:
    """Move `order` to status `to` as `actor` (a User, or None for Brigade itself).

    One transaction: lock the order row, check the machine (409 `illegal_transition` with the
    moves allowed from here) and the actor's role (403 `transition_forbidden`), save, release
    what an aborted order held, and write the `OrderEvent`. After commit: the event is
    announced (`event_bus.order_event_committed`), the customer is e-mailed, and the payment
    provider captures (on `accepted`) or refunds (on `cancelled`/`rejected`).
    """
    _ensure_may_touch(order, actor)
    role = role_of(actor)
    reason = (reason or "").strip()
    with transaction.atomic():
        # FOR UPDATE: two staff pressing "accept" at once make one move and one 409.
        order = Order.objects.select_for_update().get(pk=order.pk)
        current = order.status
        if to not in next_statuses(current, order.fulfillment):
            raise errors.IllegalTransition(
                f"An order that is {current} cannot become {to}.",
                extra={"status": current, "allowed": allowed_moves(current, order.fulfillment, role)},
            )
        if to not in allowed_moves(current, order.fulfillment, role):
            raise errors.TransitionForbidden(
                f"A {role} may not move an order from {current} to {to}.",
                extra={"status": current, "allowed": allowed_moves(current, order.fulfillment, role)},
            )
        if to in REASON_REQUIRED and role not in ("customer", SYSTEM) and not reason:
            raise errors.ReasonRequired(fields={"reason": [errors.ReasonRequired.detail]})
        now = timezone.now()
        order.status = to
        order.status_changed = now
        update_fields = ["status", "status_changed"]
        if to == Status.PLACED:
            order.placed_at = now
            update_fields.append("placed_at")
        order.save(update_fields=update_fields)
        if to in ABORTED_STATUSES:
            slots.release(order)
        record_event(order, kind=OrderEvent.Kind.STATUS_CHANGED, from_status=current, to_status=to, actor=actor,
                     reason=reason)
        _after_commit_of_transition(order, current, to)
    return order


@dataclass(frozen=True)
class Eta:
    """A change of an order's estimates: new times, or a delay of every estimate still ahead."""

    ready_at: datetime | None = None
    delivery_at: datetime | None = None
    delay_minutes: int | None = None


def change_eta(order: Order, eta: Eta, *, actor, reason: str = "") -> Order:
    """Set `order`'s estimated ready time (and, for delivery, its delivery time), or push them back.

    One transaction, like `transition_order`: lock the order, check it (409 `order_closed` once it
    is closed; 409 `eta_not_applicable` for the ready time of an order that is ready, or a
    delivery time of a pickup order; 400 `eta_in_past`, 400 `invalid_eta` for a delivery before
    the ready time), save, and write an `eta_changed` event carrying the new times. After commit
    the event is announced like any other (`event_bus.order_event_committed`). No e-mail: the
    tracking page and socket show it. A change that changes nothing writes nothing.
    """
    _ensure_may_touch(order, actor)
    if role_of(actor) not in ETA_ROLES:
        raise errors.EtaForbidden()
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        ready, delivery = _estimates_after(order, eta, now=timezone.now())
        if (ready, delivery) == (order.estimated_ready_at, order.estimated_delivery_at):
            return order
        order.estimated_ready_at, order.estimated_delivery_at = ready, delivery
        order.save(update_fields=["estimated_ready_at", "estimated_delivery_at"])
        record_event(order, kind=OrderEvent.Kind.ETA_CHANGED, from_status=order.status, to_status=order.status,
                     actor=actor, reason=(reason or "").strip())
    return order


def _estimates_after(order: Order, eta: Eta, *, now: datetime) -> tuple[datetime | None, datetime | None]:
    """The (ready, delivery) estimates `eta` gives `order`, or the DomainError that refuses it."""
    if order.status in CLOSED_STATUSES or order.status == Status.PENDING_PAYMENT:
        raise errors.OrderClosed(extra={"status": order.status})
    ready, delivery = order.estimated_ready_at, order.estimated_delivery_at
    already_ready = order.status not in NOT_YET_READY
    if eta.delay_minutes is not None:
        if already_ready and delivery is None:
            raise errors.EtaNotApplicable("The order is ready and has no delivery estimate to delay.",
                                          extra={"status": order.status})
        # From the old estimate, or from now if that has passed: "20 more minutes" of an overdue
        # order means 20 minutes from now.
        delay = timedelta(minutes=eta.delay_minutes)
        if not already_ready:
            ready = max(ready or now, now) + delay
        if delivery is not None:
            delivery = max(delivery, now) + delay
    if eta.ready_at is not None:
        if already_ready:
            raise errors.EtaNotApplicable("The order is ready: its ready time is no longer an estimate.",
                                          fields={"estimated_ready_at": ["The order is ready."]},
                                          extra={"status": order.status})
        ready = eta.ready_at
    if eta.delivery_at is not None:
        if order.fulfillment != Order.Fulfillment.DELIVERY:
            raise errors.EtaNotApplicable("A pickup order has no delivery time.",
                                          fields={"estimated_delivery_at": ["A pickup order has no delivery time."]},
                                          extra={"status": order.status})
        delivery = eta.delivery_at
    for name, value in (("estimated_ready_at", eta.ready_at), ("estimated_delivery_at", eta.delivery_at)):
        if value is not None and value <= now:
            raise errors.EtaInPast(fields={name: [errors.EtaInPast.detail]})
    if not already_ready and ready is not None and delivery is not None and delivery < ready:
        raise errors.EtaInvalid(fields={"estimated_delivery_at": [errors.EtaInvalid.detail]})
    return ready, delivery


def accept_order(order: Order, *, actor, eta: Eta | None = None) -> Order:
    """Accept `order`, optionally with the kitchen's estimate, all or nothing: a refused estimate
    leaves the order unaccepted. Two events (`status_changed`, then `eta_changed`), one commit."""
    with transaction.atomic():
        order = transition_order(order, Status.ACCEPTED, actor=actor)
        if eta is not None:
            order = change_eta(order, eta, actor=actor)
    return order


def _after_commit_of_transition(order: Order, from_status: str, to: str) -> None:
    payments.follow_transition(order, from_status, to)
    if to != Status.PAYMENT_FAILED:
        send_order_status_email_on_commit(order, to)


MAX_SAVED_ADDRESSES = 20


def save_address(*, customer, **fields) -> SavedAddress:
    """Keep a delivery address for a registered customer (at most 20)."""
    if customer.saved_addresses.count() >= MAX_SAVED_ADDRESSES:
        raise errors.TooManyAddresses()
    return SavedAddress.objects.create(customer=customer, **fields)


def delete_address(address: SavedAddress, *, customer) -> None:
    if address.customer_id != customer.pk:
        raise errors.AddressNotFound()
    address.delete()


def update_ordering_settings(*, actor, **fields) -> OrderingSettings:
    """Change the brand's taxes and slot rules (owner, manager)."""
    with transaction.atomic():
        settings = OrderingSettings.objects.select_for_update().get_or_create(id=1)[0]
        for name, value in fields.items():
            setattr(settings, name, value)
        settings.save()
    return settings


def save_promo_code(promo: PromoCode | None = None, *, actor, **fields) -> PromoCode:
    """Create or change a promo code; codes are stored upper-case and unique per brand."""
    if "code" in fields:
        fields["code"] = fields["code"].strip().upper()
        taken = PromoCode.objects.filter(code=fields["code"])
        if promo is not None:
            taken = taken.exclude(pk=promo.pk)
        if taken.exists():
            raise errors.PromoCodeTaken(fields={"code": [errors.PromoCodeTaken.detail]})
    promo = promo or PromoCode()
    for name, value in fields.items():
        setattr(promo, name, value)
    try:
        with transaction.atomic():
            promo.save()
    except IntegrityError:  # the same code saved concurrently
        raise errors.PromoCodeTaken(fields={"code": [errors.PromoCodeTaken.detail]}) from None
    return promo
