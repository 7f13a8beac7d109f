"""Webhook events into the outbox: a `WebhookEvent` and one pending `WebhookDelivery` per endpoint
subscribed to its type, in one transaction. Nothing is sent here; after commit the deliveries are
handed to Celery (tasks.deliver), and the sweep finds any that a lost task left behind.

Two sources:
- Order events: orders announces committed `OrderEvent`s but never imports us, and its announcement
  is at-most-once. So the announcement only wakes the collector, which reads `OrderEvent` rows
  after the last seq it turned into webhook events (`CollectorState`); seq order is commit order,
  so no event is skipped and none is taken twice, and the sweep runs it too.
- Catalog changes: written in the catalog's own transaction (signal receivers in receivers.py),
  so a change and its webhook event commit together.
"""

import uuid

from celery import current_app
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tenant_apps.orders.models import OrderEvent
from tenants.selectors import current_tenant

from .models import CollectorState, WebhookDelivery, WebhookEndpoint, WebhookEvent

ORDER_EVENT_TYPES = {
    OrderEvent.Kind.CREATED: "order.created",
    OrderEvent.Kind.STATUS_CHANGED: "order.status_changed",
    OrderEvent.Kind.ETA_CHANGED: "order.eta_changed",
}
EVENT_TYPES = (
    "order.created", "order.status_changed", "order.eta_changed",
    "menu.updated", "item.availability_changed", "location.paused", "location.resumed",
)
TEST_EVENT_TYPE = "webhook.test"  # sent on request to one endpoint; nobody subscribes to it
COLLECT_BATCH = 500
_ANY_ENDPOINTS_KEY = "integrations:webhooks-on"


def new_event_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def _stamp(data: dict, seq: int | None = None) -> dict:
    return {"tenant": current_tenant().slug, "seq": seq, **data}


def emit(type_: str, *, source: str, data: dict, endpoints: list[WebhookEndpoint] | None = None,
         seq: int | None = None) -> list[int]:
    """Write one event and its deliveries (to `endpoints`, or to every enabled endpoint subscribed
    to `type_`) in the current transaction; hand the deliveries to Celery after commit."""
    if endpoints is None and not has_endpoints():
        return []
    with transaction.atomic():  # its own transaction where the caller has none (a save in autocommit)
        if endpoints is None:
            endpoints = list(subscribed_endpoints().filter(event_types__contains=[type_]))
        if not endpoints:
            return []
        now = timezone.now()
        event = WebhookEvent.objects.create(id=new_event_id(), type=type_, source=source, seq=seq,
                                            data=_stamp(data, seq), created=now)
        deliveries = WebhookDelivery.objects.bulk_create(
            [WebhookDelivery(event=event, endpoint=e, next_attempt_at=now, created=now) for e in endpoints])
        ids = [d.pk for d in deliveries]
        hand_over_on_commit(ids)
    return ids


def subscribed_endpoints():
    """Enabled endpoints, row-locked until the transaction ends: an endpoint deleted meanwhile
    either waits for these deliveries (and deletes them too) or is gone before they are written."""
    return WebhookEndpoint.objects.filter(enabled=True).select_for_update(no_key=True)


def send_delivery(delivery_id: int, *, countdown: float | None = None) -> None:
    """Queue `integrations.deliver` (tasks.deliver) for one delivery, in the current brand's schema.
    By name from Celery's registry: tasks.py imports this module, not the other way round."""
    current_app.tasks["integrations.deliver"].apply_async((delivery_id,), countdown=countdown)


def send_collect() -> None:
    """Queue `integrations.collect` (tasks.collect) in the current brand's schema, by name as above."""
    current_app.tasks["integrations.collect"].delay()


def hand_over_on_commit(delivery_ids: list[int]) -> None:
    if delivery_ids:
        # robust: with Redis down the order still commits and answers; the sweep (tasks.sweep)
        # finds the deliveries due and sends them.
        transaction.on_commit(lambda: [send_delivery(pk) for pk in delivery_ids], robust=True)


def start_collecting() -> None:
    """Called when a brand's first endpoint is made: order events from now on, not its history."""
    latest = OrderEvent.objects.aggregate(m=Max("seq"))["m"] or 0
    CollectorState.objects.get_or_create(pk=1, defaults={"order_seq": latest})


def collect_order_events() -> int:
    """Turn committed order events after the last collected seq into webhook events; how many.

    The state row's lock makes collectors take turns: two never read the same seqs."""
    with transaction.atomic():
        state = CollectorState.objects.select_for_update().filter(pk=1).first()
        if state is None:
            return 0  # the brand never had an endpoint
        events = list(OrderEvent.objects.filter(seq__gt=state.order_seq).select_related("order")
                      .order_by("seq")[:COLLECT_BATCH])
        if not events:
            return 0
        endpoints = list(subscribed_endpoints())
        for event in events:
            type_ = ORDER_EVENT_TYPES[event.kind]
            subscribed = [e for e in endpoints if type_ in e.event_types]
            emit(type_, source=f"order_event:{event.pk}", seq=event.seq, data=order_event_data(event),
                 endpoints=subscribed)
        state.order_seq = events[-1].seq
        state.save(update_fields=["order_seq"])
    return len(events)


def _iso(value):
    return value.isoformat() if value else None


def order_event_data(event: OrderEvent) -> dict:
    order = event.order
    return {
        "order": {
            "id": str(order.pk), "number": order.number, "status": order.status, "fulfillment": order.fulfillment,
            "location_id": str(order.location_id) if order.location_id else None,
            "total_cents": order.total_cents, "currency": order.currency, "placed_at": _iso(order.placed_at),
        },
        "event": {
            "kind": event.kind, "from_status": event.from_status, "to_status": event.to_status,
            "reason": event.reason, "created": _iso(event.created),
            "estimated_ready_at": _iso(event.estimated_ready_at),
            "estimated_delivery_at": _iso(event.estimated_delivery_at),
        },
    }


def has_endpoints() -> bool:
    """Whether the brand has an enabled endpoint: asked after every order event, so cached."""
    value = cache.get(_ANY_ENDPOINTS_KEY)
    if value is None:
        value = WebhookEndpoint.objects.filter(enabled=True).exists()
        cache.set(_ANY_ENDPOINTS_KEY, value, timeout=None)
    return value


def forget_endpoints() -> None:
    """The next has_endpoints() reads the database. Again after commit: a reader in between may
    have cached what it saw before the change committed."""
    cache.delete(_ANY_ENDPOINTS_KEY)
    transaction.on_commit(lambda: cache.delete(_ANY_ENDPOINTS_KEY))
