"""The order state machine and who may make each move, as plain data (see ../shared/API.md).

    pending_payment → placed | payment_failed                      (the payment provider: system)
    placed → accepted → preparing → ready → out_for_delivery → delivered     (delivery)
                                          ready → picked_up                 (pickup)
    placed | accepted → cancelled | rejected

A cash order starts `placed`; a card order starts `pending_payment` and becomes `placed` once the
provider authorises it, or `payment_failed` when it declines.
"""

from django.db import models


class Status(models.TextChoices):
    PENDING_PAYMENT = "pending_payment"
    PAYMENT_FAILED = "payment_failed"
    PLACED = "placed"
    ACCEPTED = "accepted"
    PREPARING = "preparing"
    READY = "ready"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    PICKED_UP = "picked_up"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


SYSTEM = "system"  # the role of moves made by Brigade itself (payment results)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.PENDING_PAYMENT: (Status.PLACED, Status.PAYMENT_FAILED),
    Status.PLACED: (Status.ACCEPTED, Status.CANCELLED, Status.REJECTED),
    Status.ACCEPTED: (Status.PREPARING, Status.CANCELLED, Status.REJECTED),
    Status.PREPARING: (Status.READY,),
    Status.READY: (Status.OUT_FOR_DELIVERY, Status.PICKED_UP),
    Status.OUT_FOR_DELIVERY: (Status.DELIVERED,),
}
CLOSED_STATUSES = frozenset({Status.PAYMENT_FAILED, Status.DELIVERED, Status.PICKED_UP, Status.CANCELLED, Status.REJECTED})
# Statuses a storefront shows as "your order is in": everything a kitchen works on.
ACTIVE_STATUSES = (Status.PLACED, Status.ACCEPTED, Status.PREPARING, Status.READY, Status.OUT_FOR_DELIVERY)
# Moves that release what the order held (slot capacity, an authorised payment).
ABORTED_STATUSES = frozenset({Status.CANCELLED, Status.REJECTED, Status.PAYMENT_FAILED})
REASON_REQUIRED = frozenset({Status.CANCELLED, Status.REJECTED})
# While the ready time is still an estimate.
NOT_YET_READY = frozenset({Status.PLACED, Status.ACCEPTED, Status.PREPARING})
# Who may change an order's estimated times (`services.change_eta`).
ETA_ROLES = frozenset({"owner", "manager", "kitchen"})

_KITCHEN = {(Status.PLACED, Status.ACCEPTED), (Status.ACCEPTED, Status.PREPARING), (Status.PREPARING, Status.READY),
            (Status.READY, Status.PICKED_UP)}
_COURIER = {(Status.READY, Status.OUT_FOR_DELIVERY), (Status.OUT_FOR_DELIVERY, Status.DELIVERED)}
_CUSTOMER = {(Status.PLACED, Status.CANCELLED)}
_STAFF_ALL = {(src, dst) for src, dsts in TRANSITIONS.items() if src != Status.PENDING_PAYMENT for dst in dsts}
_SYSTEM = {(Status.PENDING_PAYMENT, Status.PLACED), (Status.PENDING_PAYMENT, Status.PAYMENT_FAILED)}

ROLE_MOVES: dict[str, set[tuple[str, str]]] = {
    "owner": _STAFF_ALL,
    "manager": _STAFF_ALL,
    "kitchen": _KITCHEN,
    "courier": _COURIER,
    "customer": _CUSTOMER,
    SYSTEM: _SYSTEM,
}


def fits_fulfillment(to: str, fulfillment: str) -> bool:
    """Delivery orders go out for delivery; pickup orders are picked up."""
    if to in (Status.OUT_FOR_DELIVERY, Status.DELIVERED):
        return fulfillment == "delivery"
    if to == Status.PICKED_UP:
        return fulfillment == "pickup"
    return True


def next_statuses(current: str, fulfillment: str) -> list[str]:
    """The moves the machine allows from `current`, whoever asks."""
    return [str(s) for s in TRANSITIONS.get(current, ()) if fits_fulfillment(s, fulfillment)]


def allowed_moves(current: str, fulfillment: str, role: str) -> list[str]:
    """The moves `role` may make from `current` (what a 403/409 answer lists)."""
    moves = ROLE_MOVES.get(role, set())
    return [s for s in next_statuses(current, fulfillment) if (current, s) in moves]
