"""Changing orders. Every status change goes through `transition_order`."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import errors, slots
from .events import record_event, role_of
from .models import Order, OrderEvent, OrderingSettings, PromoCode, SavedAddress
from .states import ABORTED_STATUSES, REASON_REQUIRED, SYSTEM, Status, allowed_moves, next_statuses


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
    announced (`signals.order_event_committed`), the customer is e-mailed, and the payment
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


def _after_commit_of_transition(order: Order, from_status: str, to: str) -> None:
    from . import payments, tasks

    payments.follow_transition(order, from_status, to)
    if to != Status.PAYMENT_FAILED:
        tasks.send_order_status_email_on_commit(order, to)


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
