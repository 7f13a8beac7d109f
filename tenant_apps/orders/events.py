"""Writing `OrderEvent`s: the per-brand `seq` and the after-commit announcement. A fast path:
the event and its seq are one hand-written statement (a CTE), and `written_last` moves it to
the end of the transaction.

Invariant (tests/orders/test_event_seq.py, with real concurrent connections): a reader that has
seen seq N never later finds a committed event below N. It holds because the counter upsert
locks the brand's one counter row until COMMIT, so event-writing transactions of a brand commit
in seq order. Measured reason for `written_last` (decisions.md "Orders: the order number is not
held until commit"): the lock serialises a brand's checkouts for as long as it is held, so it is
taken by the last statement before COMMIT — after the response is rendered and stored.
"""

import threading
from contextlib import contextmanager
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections

from shared_apps.core.db import insert_values

from .event_bus import announce_after_commit
from .models import EventCounter, Order, OrderEvent
from .states import SYSTEM


def role_of(actor) -> str:
    return getattr(actor, "role", None) or SYSTEM


# The next seq of this schema and the event that takes it, in one statement. The counter upsert
# locks the single counter row until the transaction ends, so event-writing transactions of one
# brand serialise here and commit in `seq` order: a reader that has seen seq N can never later
# find a committed event below N (what `?since=` resumption relies on). Callers write the event
# as late as possible in their transaction, to hold the lock briefly.
INSERT_SQL = """
WITH counter AS (
  INSERT INTO {counter} (id, last_seq) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET last_seq = {counter}.last_seq + 1
  RETURNING last_seq
)
INSERT INTO {event} (seq, {columns}) SELECT counter.last_seq, {values} FROM counter
RETURNING id, seq
"""


@cache
def _insert_sql() -> tuple[str, tuple]:
    """INSERT_SQL for this model, built once, and the fields whose values it takes."""
    fields = tuple(f for f in OrderEvent._meta.local_concrete_fields if f.name not in ("id", "seq"))
    quote = connection.ops.quote_name
    sql = INSERT_SQL.format(counter=quote(EventCounter._meta.db_table), event=quote(OrderEvent._meta.db_table),
                            columns=", ".join(quote(f.column) for f in fields), values=", ".join(["%s"] * len(fields)))
    return sql, fields


def _insert(event: OrderEvent) -> None:
    sql, fields = _insert_sql()
    wrapper = connections[DEFAULT_DB_ALIAS]
    with wrapper.cursor() as cursor:
        cursor.execute(sql, insert_values(event, fields, wrapper))
        event.id, event.seq = cursor.fetchone()
    event._state.adding, event._state.db = False, wrapper.alias


_deferred = threading.local()


@contextmanager
def written_last():
    """Within the block, `record_event` only queues its events; they are written (seq taken) when
    the block ends without an exception — as the last statements before the caller's COMMIT, so
    open the block just inside the transaction: `with transaction.atomic(), written_last():`.
    An exception drops them with the transaction. Nested blocks write at the outermost."""
    outer = getattr(_deferred, "events", None)
    if outer is not None:
        yield
        return
    _deferred.events = queued = []
    try:
        yield
    finally:
        _deferred.events = None
    for event in queued:  # only reached without an exception
        _write(event)


def _write(event: OrderEvent) -> None:
    _insert(event)
    announce_after_commit(event)


def record_event(order: Order, *, kind: str, from_status: str, to_status: str, actor, reason: str = "") -> OrderEvent:
    """Write one event for `order` in the caller's transaction, with the brand's next seq; announce
    it once that commits. Inside `written_last` it is written at the end of that block instead
    (its `seq` is then unknown until the block ends).

    The event copies the order's current estimates, so save `order` (times included) first.
    """
    event = OrderEvent(
        order=order, location_id=order.location_id, kind=kind, from_status=from_status, to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None, actor_role=role_of(actor), reason=reason or "",
        estimated_ready_at=order.estimated_ready_at, estimated_delivery_at=order.estimated_delivery_at,
    )
    queued = getattr(_deferred, "events", None)
    if queued is not None:
        queued.append(event)
    else:
        _write(event)
    return event
