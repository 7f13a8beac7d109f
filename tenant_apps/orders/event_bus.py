"""The orders' in-process, after-commit event bus: the one way other apps learn about orders.

Public and stable (integrations, realtime, reports and observability subscribe to it):
`tenant_apps.orders.event_bus.order_event_committed`, a Django `Signal` sent once per committed
`OrderEvent`. Orders never imports its subscribers (ARCHITECTURE.md, dependency direction;
checked by `lint-imports`). A subscriber connects a receiver in its AppConfig.ready():

    from tenant_apps.orders.event_bus import order_event_committed

    def on_order_event(sender, *, schema_name, event_id, seq, order_id, location_id, kind,
                       from_status, to_status, fulfillment, **kwargs): ...

    order_event_committed.connect(on_order_event, dispatch_uid="realtime.on_order_event")

Fast path (measured, decisions.md "Orders: announcements after the response"): in a WSGI request
the announcement is sent by the request's own thread once the response has gone out, ~1 ms of
CPU less per checkout than a thread switch; elsewhere one dispatcher thread per process sends it,
with its own connection, a fork handler (a child never sends its parent's queue) and an exit hook
(a recycled worker drains what it holds). Invariants its tests prove (tests/orders/
test_announcements.py): sent only after COMMIT, never for a rollback, in commit order per thread,
a failing receiver never stops the others, a dead dispatcher is replaced.
"""

import atexit
import logging
import os
import queue
import threading

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, connections, transaction
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
with `tenant_apps.orders.selectors.order_for_event(event_id)` or the serializers. Receivers never
delay a response: an event committed while a WSGI request is answered is sent by that thread
once the response has gone out (`request_finished`); any other (a Celery task, a command, an
ASGI consumer) is queued to this process's dispatcher thread, which has its own database
connection. They run one at a time, in commit order within the thread that sends them. A receiver that raises is logged and ignored — the order has committed and the
other receivers still run. Delivery is at-most-once per process (an announcement still queued
when the process dies is lost); a receiver that must never miss an event (webhooks, the
WebSocket resume) reads `OrderEvent` rows by `seq`.
"""


def announce_after_commit(event) -> None:
    """Queue `order_event_committed` for `event`, to be sent when the current transaction commits."""
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
    transaction.on_commit(lambda: _enqueue(type(event), payload))


# The dispatcher: one daemon thread per process, started by the first announcement (so a thread
# never crosses gunicorn's fork: each worker starts its own), replaced if it has died.
_QUEUE_SIZE = 10_000
_queue: queue.Queue | None = None
_thread: threading.Thread | None = None
_lock = threading.Lock()


class _Drained(threading.Event):
    """A marker in the queue: set by the dispatcher once everything queued before it was sent."""

    def __init__(self, close_connection: bool):
        super().__init__()
        self.close_connection = close_connection


def _dispatcher_queue() -> queue.Queue:
    global _queue, _thread
    with _lock:
        if _thread is None or not _thread.is_alive():
            if _queue is None:
                _queue = queue.Queue(maxsize=_QUEUE_SIZE)
            _thread = threading.Thread(target=_dispatch_forever, args=(_queue,), name="order-events", daemon=True)
            _thread.start()
        return _queue


def _forget_parents_dispatcher() -> None:
    # In a forked child the parent's thread does not exist, and what the parent had queued is the
    # parent's to send (sending it here too would announce it twice).
    global _queue, _thread, _lock
    _queue, _thread, _lock = None, None, threading.Lock()


os.register_at_fork(after_in_child=_forget_parents_dispatcher)


# Announcements committed while a request is being answered in this thread (a WSGI worker) are
# sent by the same thread once the response has gone out (`request_finished`): no thread switch,
# no second database connection — measured ~1 ms of CPU less per checkout than the dispatcher.
# Elsewhere (Celery tasks, commands, ASGI, where the view runs in another thread than the one that
# started the request) they go to the dispatcher thread.
_request = threading.local()


def _request_started(**kwargs) -> None:
    _send_pending()  # a server that never closed the last response must not lose its events
    _request.pending = []


def _send_pending(**kwargs) -> None:
    pending, _request.pending = getattr(_request, "pending", None), None
    for sender, payload in pending or ():
        try:
            _send(sender, payload)
        except Exception:  # as in the dispatcher: the response is out, the order committed
            logger.exception("sending order_event_committed failed")


request_started.connect(_request_started, dispatch_uid="orders.event_bus.request_started")
request_finished.connect(_send_pending, dispatch_uid="orders.event_bus.request_finished")


def _enqueue(sender, payload: dict) -> None:
    pending = getattr(_request, "pending", None)
    if pending is not None:
        pending.append((sender, payload))
        return
    try:
        _dispatcher_queue().put_nowait((sender, payload))
    except queue.Full:
        # Receivers are stuck (Redis unreachable for a long while). The request must not wait
        # for them; the event is in the database, where the streams' head check finds it.
        logger.error("order_event_committed queue full; seq %s not announced in this process", payload["seq"])


def _dispatch_forever(announcements: queue.Queue) -> None:
    while True:
        item = announcements.get()
        try:
            if isinstance(item, _Drained):
                if item.close_connection:  # whoever waits may drop the database next (tests)
                    connections.close_all()
            else:
                close_old_connections()  # as around a request: a broken or too old one is replaced
                try:
                    _send(*item)
                finally:
                    close_old_connections()
        except Exception:  # the thread must outlive anything a receiver or the database does
            logger.exception("dispatching order_event_committed failed")
        finally:
            if isinstance(item, _Drained):
                item.set()


def drain(timeout: float = 10.0, *, close_connection: bool = True) -> bool:
    """Wait until every announcement queued in this process so far has been sent to its receivers
    and (unless `close_connection` is false) the dispatcher has closed its database connection.
    False if `timeout` passed first.

    For tests, benchmarks and a process that is about to exit; a request never needs it.
    """
    if _queue is None:
        return True  # nothing was ever announced in this process
    announcements = _dispatcher_queue()  # a dead dispatcher is replaced, so what it left is sent
    marker = _Drained(close_connection)
    try:
        announcements.put(marker, timeout=timeout)
    except queue.Full:
        return False
    return marker.wait(timeout)


# A worker recycled by gunicorn (max_requests) or stopped gracefully exits through sys.exit:
# what it still holds is sent before it goes.
atexit.register(drain, 5.0)


def _send(sender, payload: dict) -> None:
    with schema_context(payload["schema_name"]):
        for receiver, result in order_event_committed.send_robust(sender=sender, **payload):
            if isinstance(result, Exception):
                logger.error("order_event_committed receiver %r failed for seq %s", receiver, payload["seq"],
                             exc_info=(type(result), result, result.__traceback__))
