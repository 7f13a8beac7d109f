"""The one way other apps learn about orders: `order_event_committed`, sent after commit.

Orders never imports realtime, integrations or reports (ARCHITECTURE.md, dependency direction).
Those apps connect a receiver in their AppConfig.ready():

    from tenant_apps.orders.signals import order_event_committed

    def on_order_event(sender, *, schema_name, event_id, seq, order_id, location_id, kind,
                       from_status, to_status, fulfillment, **kwargs): ...

    order_event_committed.connect(on_order_event, dispatch_uid="realtime.on_order_event")
"""

import logging

from django.db import transaction
from django.dispatch import Signal
from django_tenants.utils import schema_context

logger = logging.getLogger(__name__)

order_event_committed = Signal()
"""Sent once per `OrderEvent`, only after the transaction that wrote it has COMMITTED.

sender: the `OrderEvent` class. Keyword arguments (plain values, JSON-safe):
    schema_name  str   the brand's schema; the receiver already runs inside it
                       (`connection.schema_name == schema_name`), so ORM reads see that brand
    event_id     int   OrderEvent primary key
    seq          int   OrderEvent.seq: per brand, increasing, unique, and assigned under a row
                       lock taken just before commit, so seq order == commit order in a schema
                       (no event with a smaller seq can commit later). Gaps are impossible
                       except by a rolled-back transaction, which never sends this signal.
    order_id     str   Order id (UUID as string)
    location_id  str   the order's location id (UUID as string; None if the location was deleted)
    kind         str   "created" | "status_changed" | "eta_changed" (the estimated ready/delivery
                       time changed: the new times are on the event row; the status did not)
    from_status  str   "" for "created"; for "eta_changed" the same as to_status
    to_status    str   the order's status after the event
    fulfillment  str   the order's "delivery" | "pickup" (read from the order already in memory)

The event row is committed and readable when receivers run; the order's full state can be read
with `tenant_apps.orders.selectors.order_for_event(event_id)` or the serializers. Receivers run
synchronously in the request's thread right after commit: keep them short (send to the channel
layer, enqueue a Celery task). A receiver that raises is logged and ignored — the order has
committed and the other receivers still run. Delivery is at-most-once per process; a receiver
that must never miss an event (webhooks, the WebSocket resume) reads `OrderEvent` rows by `seq`.
"""


def announce_after_commit(event) -> None:
    """Queue `order_event_committed` for `event`, to be sent when the current transaction commits."""
    from django.db import connection

    payload = {
        "schema_name": connection.schema_name,
        "event_id": event.pk,
        "seq": event.seq,
        "order_id": str(event.order_id),
        "location_id": str(event.order.location_id) if event.order.location_id else None,
        "kind": event.kind,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "fulfillment": event.order.fulfillment,
    }
    transaction.on_commit(lambda: _send(type(event), payload))


def _send(sender, payload: dict) -> None:
    with schema_context(payload["schema_name"]):
        for receiver, result in order_event_committed.send_robust(sender=sender, **payload):
            if isinstance(result, Exception):
                logger.error("order_event_committed receiver %r failed for seq %s", receiver, payload["seq"],
                             exc_info=(type(result), result, result.__traceback__))
