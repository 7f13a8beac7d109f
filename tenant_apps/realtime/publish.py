"""After an order event commits, push it to the kitchen and tracking groups of its brand.

Orders announces committed events with `order_event_committed` (orders never imports realtime);
this receiver re-reads the event row, builds one message per audience and sends it to
`t.<schema>.kitchen.<location>` and `t.<schema>.order.<id>`. Each message carries `prev`, the
seq of the stream's previous event, so a consumer that sees `prev` above what it has sent knows
a message went missing and re-reads the database (stream.py). A failure here (Redis down) is
logged, never raised: the order has committed, and the streams' periodic check finds the event
in the database.
"""

import asyncio
import json
import logging
import threading
from types import SimpleNamespace

from channels.layers import get_channel_layer
from django.db import connection

from shared_apps.core.db import select_dicts
from tenant_apps.orders.models import Order, OrderEvent, OrderLine

from .groups import kitchen_group, order_group
from .metrics import PUBLISHED
from .payloads import event_message

logger = logging.getLogger(__name__)


_SEND_TIMEOUT_SECONDS = 5
_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


def _publisher_loop() -> asyncio.AbstractEventLoop:
    """One event loop per process, in a daemon thread, for every publish.

    `async_to_sync` from a plain thread would start a new loop per call, and channels-redis a
    new Redis connection pool per loop: measured 4-8 ms a publish, against well under 1 ms on a
    loop (and pool) that lives as long as the process.
    """
    global _loop
    with _loop_lock:
        if _loop is None or _loop.is_closed():
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="realtime-publisher", daemon=True).start()
        return _loop


async def _group_send_all(messages: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    # At once: each group_send is four Redis round trips, and the kitchen board's message need not
    # wait behind the tracking page's. Order within a group holds: a publish returns only when
    # all of its sends are done.
    await asyncio.gather(*(layer.group_send(group, message) for group, message in messages))


def send_to_groups(messages: list[tuple[str, dict]]) -> None:
    """Send (group, message) pairs through the channel layer; waits until Redis has them."""
    asyncio.run_coroutine_threadsafe(_group_send_all(messages), _publisher_loop()).result(_SEND_TIMEOUT_SECONDS)


# One statement: the event, its order and both streams' previous seqs (materialised, so the two
# subqueries run once, not once per line), then the order's lines, one row each (an order has at
# least one; the LEFT JOIN only guards the event's own row). Plain SQL on purpose, as in
# orders.catalog_adapter: this runs after every order event, and the ORM spent most of its
# ~2.7 ms of CPU building its two queries (select_related, prefetch, two annotations), not
# running them; this costs ~0.35 ms.
EVENT_SQL = """
WITH head AS MATERIALIZED (
  SELECT e.seq, e.kind, e.from_status, e.to_status, e.created, e.actor_role, e.reason,
         e.estimated_ready_at, e.estimated_delivery_at,
         o.id, o.number, o.status, o.fulfillment, o.location_name, o.placed_at, o.scheduled_for,
         o.estimated_ready_at AS order_estimated_ready_at, o.estimated_delivery_at AS order_estimated_delivery_at,
         o.status_changed, o.location_id, o.contact_name, o.contact_phone, o.delivery_address, o.note,
         o.total_cents, o.currency, o.payment_method,
         (SELECT max(p.seq) FROM {event} p WHERE p.order_id = e.order_id AND p.seq < e.seq) AS order_prev,
         (SELECT max(p.seq) FROM {event} p WHERE p.location_id = e.location_id AND p.seq < e.seq) AS kitchen_prev
    FROM {event} e
    JOIN {order} o ON o.id = e.order_id
   WHERE e.id = %s
)
SELECT head.*, l.name AS line_name, l.quantity AS line_quantity, l.modifiers AS line_modifiers, l.note AS line_note
  FROM head
  LEFT JOIN {line} l ON l.order_id = head.id
 ORDER BY l.position
"""


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value  # jsonb arrives as text (Django's loader)


def _read_event(event_id: int) -> tuple[SimpleNamespace, list[SimpleNamespace], int, int]:
    """The event (with `.order`) and the order's lines as `payloads` reads them, and the previous
    seq of the order's and of the location's stream (0: none)."""
    sql = EVENT_SQL.format(event=_table(OrderEvent), order=_table(Order), line=_table(OrderLine))
    rows = select_dicts(sql, [event_id])
    if not rows:
        raise OrderEvent.DoesNotExist(f"No order event {event_id}.")
    row = rows[0]
    order = SimpleNamespace(
        id=row["id"], number=row["number"], status=row["status"], fulfillment=row["fulfillment"],
        location_name=row["location_name"], placed_at=row["placed_at"], scheduled_for=row["scheduled_for"],
        estimated_ready_at=row["order_estimated_ready_at"], estimated_delivery_at=row["order_estimated_delivery_at"],
        status_changed=row["status_changed"], location_id=row["location_id"], contact_name=row["contact_name"],
        contact_phone=row["contact_phone"], delivery_address=_json(row["delivery_address"]), note=row["note"],
        total_cents=row["total_cents"], currency=row["currency"], payment_method=row["payment_method"],
    )
    event = SimpleNamespace(
        seq=row["seq"], kind=row["kind"], from_status=row["from_status"], to_status=row["to_status"],
        created=row["created"], actor_role=row["actor_role"], reason=row["reason"],
        estimated_ready_at=row["estimated_ready_at"], estimated_delivery_at=row["estimated_delivery_at"], order=order,
    )
    lines = [
        SimpleNamespace(name=r["line_name"], quantity=r["line_quantity"], modifiers=_json(r["line_modifiers"]),
                        note=r["line_note"])
        for r in rows if r["line_name"] is not None
    ]
    return event, lines, row["order_prev"] or 0, row["kitchen_prev"] or 0


def messages_for_event(schema_name: str, event_id: int) -> list[tuple[str, dict]]:
    """(group, message) pairs for one committed event; reads the current schema.

    An order's `created` event goes to its kitchen only. Its tracking stream cannot have a reader
    that lacks it: nobody knows an order's id or tracking token before the checkout's response,
    which leaves after the commit, so every tracking stream joins after the event committed and
    its snapshot (read after joining) already holds it. Sending it would cost the publisher two
    Redis round trips to an empty group in every checkout.
    """
    event, lines, order_prev, kitchen_prev = _read_event(event_id)
    order = event.order
    messages = []
    if event.kind != OrderEvent.Kind.CREATED:
        messages.append(
            (order_group(schema_name, order.id), {**event_message(event, audience="tracking"), "prev": order_prev}),
        )
    if order.location_id is not None:
        messages.append(
            (kitchen_group(schema_name, order.location_id),
             {**event_message(event, audience="kitchen", lines=lines), "prev": kitchen_prev}),
        )
    return messages


def on_order_event(sender, *, schema_name: str, event_id: int, seq: int, **kwargs) -> None:
    """Receiver of `orders.event_bus.order_event_committed` (runs after commit, in the brand's schema)."""
    try:
        send_to_groups(messages_for_event(schema_name, event_id))
    except Exception:
        PUBLISHED.labels(outcome="failed").inc()
        logger.exception("publishing event seq %s failed; streams will find it in the database", seq)
        return
    PUBLISHED.labels(outcome="sent").inc()
