"""Reads of the streams, in the current schema (callers run them inside tenant_context)."""

import uuid

from django.db.models import Max

from tenant_apps.catalog.models import Location
from tenant_apps.orders.models import Order, OrderEvent
from tenant_apps.orders.states import ACTIVE_STATUSES, Status

from .payloads import event_message, kitchen_order, tracking_order

# What a courier's board shows: delivery orders from the moment they are ready to go.
COURIER_STATUSES = (Status.READY, Status.OUT_FOR_DELIVERY, Status.DELIVERED)
# Not the kitchen's business yet (or ever): a card order waiting for, or refused by, the provider.
UNPAID_STATUSES = (Status.PENDING_PAYMENT, Status.PAYMENT_FAILED)


def as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def location_exists(location_id: uuid.UUID) -> bool:
    return Location.objects.filter(pk=location_id).exists()


def order_by_id(order_id: uuid.UUID) -> Order | None:
    return Order.objects.filter(pk=order_id).first()


def brand_head() -> int:
    """The highest event seq of the current brand, 0 before its first event."""
    return OrderEvent.objects.aggregate(head=Max("seq"))["head"] or 0


def _events(**filters):
    return OrderEvent.objects.filter(**filters).select_related("order").prefetch_related("order__lines").order_by("seq")


def kitchen_events_after(location_id, seq: int, limit: int) -> list[dict]:
    return [event_message(e, audience="kitchen") for e in _events(location_id=location_id, seq__gt=seq)[:limit]]


def order_events_after(order_id, seq: int, limit: int) -> list[dict]:
    return [event_message(e, audience="tracking") for e in _events(order_id=order_id, seq__gt=seq)[:limit]]


def kitchen_head(location_id, *, below: int | None = None) -> int:
    events = OrderEvent.objects.filter(location_id=location_id)
    if below is not None:
        events = events.filter(seq__lt=below)
    return events.aggregate(head=Max("seq"))["head"] or 0


def order_head(order_id, *, below: int | None = None) -> int:
    events = OrderEvent.objects.filter(order_id=order_id)
    if below is not None:
        events = events.filter(seq__lt=below)
    return events.aggregate(head=Max("seq"))["head"] or 0


def kitchen_snapshot(location_id, *, courier: bool) -> dict:
    """The open orders of a location and the stream's head seq, read head first.

    Head first: an event that commits between the two reads is then both in the snapshot and
    delivered live (a harmless duplicate the client applies twice), never in neither.
    """
    head = kitchen_head(location_id)
    orders = Order.objects.filter(location_id=location_id, status__in=ACTIVE_STATUSES).prefetch_related("lines")
    if courier:
        orders = orders.filter(fulfillment=Order.Fulfillment.DELIVERY, status__in=COURIER_STATUSES)
    orders = orders.order_by("placed_at", "created")
    return {"type": "snapshot", "seq": head, "orders": [kitchen_order(o) for o in orders]}


def order_snapshot(order_id) -> dict:
    head = order_head(order_id)
    order = Order.objects.get(pk=order_id)
    return {"type": "snapshot", "seq": head, "order": tracking_order(order)}
