"""Writing `OrderEvent`s: the per-brand `seq` and the after-commit announcement."""

from django.db import connection

from .models import EventCounter, Order, OrderEvent
from .signals import announce_after_commit
from .states import SYSTEM


def role_of(actor) -> str:
    return getattr(actor, "role", None) or SYSTEM


def next_seq() -> int:
    """The next event sequence number of this schema, under the counter row's lock.

    The upsert locks the single counter row until the transaction ends, so event-writing
    transactions of one brand serialise here and commit in `seq` order: a reader that has seen
    seq N can never later find a committed event below N (what `?since=` resumption relies on).
    Callers take it as late as possible in their transaction, to hold the lock briefly.
    """
    table = connection.ops.quote_name(EventCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, last_seq) VALUES (1, 1) "
            f"ON CONFLICT (id) DO UPDATE SET last_seq = {table}.last_seq + 1 RETURNING last_seq"
        )
        return cursor.fetchone()[0]


def record_event(order: Order, *, kind: str, from_status: str, to_status: str, actor, reason: str = "") -> OrderEvent:
    """Write one event for `order` in the caller's transaction; announce it once that commits.

    The event copies the order's current estimates, so save `order` (times included) first.
    """
    event = OrderEvent.objects.create(
        seq=next_seq(), order=order, location_id=order.location_id, kind=kind, from_status=from_status, to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None, actor_role=role_of(actor), reason=reason or "",
        estimated_ready_at=order.estimated_ready_at, estimated_delivery_at=order.estimated_delivery_at,
    )
    announce_after_commit(event)
    return event
