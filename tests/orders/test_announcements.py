"""`order_event_committed` is sent after the response by the thread that answered a WSGI request,
and otherwise by a dispatcher thread per process; never before the response or the commit
(tenant_apps/orders/event_bus.py). Each test here swaps in its own receivers, so realtime's publish
and the metrics do not run, and waits for delivery with `event_bus.drain()`."""

import ast
import os
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.orders import event_bus
from tenant_apps.orders.api.checkout import OrdersView
from tenant_apps.orders.models import Order, OrderEvent
from tenant_apps.orders.services import transition_order
from tenant_apps.orders.states import Status as S
from tenants.models import Tenant

from .conftest import checkout_body, make_user
from .factories import OrderFactory


@contextmanager
def only_receivers(*receivers):
    """The signal with these receivers alone, for the duration (weak references kept alive here)."""
    signal = event_bus.order_event_committed
    saved = signal.receivers
    signal.receivers = []
    signal.sender_receivers_cache.clear()
    for receiver in receivers:
        signal.connect(receiver)
    try:
        yield
    finally:
        signal.receivers = saved
        signal.sender_receivers_cache.clear()


def payload(seq: int) -> dict:
    return {"schema_name": "public", "event_id": seq, "seq": seq, "order_id": "o", "location_id": None,
            "kind": "created", "from_status": "", "to_status": "placed", "fulfillment": "pickup"}


def test_outside_a_request_receivers_run_in_the_dispatcher_thread_after_the_caller_returned(
        in_a, django_capture_on_commit_callbacks):
    returned = threading.Event()
    heard = []

    def receiver(sender, seq, **kwargs):
        # Inline dispatch would wait here for a return that cannot come before it, and time out.
        heard.append((threading.current_thread().name, returned.wait(5)))

    with only_receivers(receiver):
        with django_capture_on_commit_callbacks(execute=True):
            transition_order(OrderFactory(), S.ACCEPTED, actor=make_user("kitchen"))
        returned.set()
        assert event_bus.drain()
    assert heard == [("order-events", True)]


def test_a_receiver_reads_the_committed_event_in_its_brand_schema_on_its_own_connection(committed_db):
    alpha = Tenant.objects.get(slug="alpha")
    heard = []

    def receiver(sender, event_id, **kwargs):
        heard.append((connection.schema_name, OrderEvent.objects.get(pk=event_id).to_status, connections["default"]))

    with tenant_context(alpha):
        kitchen = make_user("kitchen", email="announced-kitchen@alpha.test")
        order = OrderFactory()
    try:
        with only_receivers(receiver), tenant_context(alpha):
            transition_order(order, S.ACCEPTED, actor=kitchen)
            assert event_bus.drain()
        assert [(schema, status) for schema, status, _ in heard] == [(alpha.schema_name, S.ACCEPTED)]
        assert heard[0][2] is not connections["default"]  # the dispatcher's connection, not the request's
    finally:
        with tenant_context(alpha):
            Order.objects.filter(pk=order.pk).delete()
            kitchen.delete()


def test_announcements_are_sent_in_the_order_they_committed(in_a):
    heard = []

    def receiver(sender, seq, **kwargs):
        heard.append(seq)

    with only_receivers(receiver):
        for seq in range(1, 51):
            event_bus._enqueue(OrderEvent, payload(seq))
        assert event_bus.drain()
    assert heard == list(range(1, 51))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_dead_dispatcher_is_replaced_and_what_was_queued_is_still_sent(in_a):
    heard = []

    def receiver(sender, seq, **kwargs):
        heard.append(seq)
        if seq == 1:
            raise SystemExit  # not an Exception: send_robust lets it through and the thread ends

    with only_receivers(receiver):
        event_bus._enqueue(OrderEvent, payload(1))
        first = event_bus._thread
        first.join(5)
        assert not first.is_alive()
        event_bus._enqueue(OrderEvent, payload(2))
        assert event_bus.drain()
    assert heard == [1, 2]
    assert event_bus._thread is not first and event_bus._thread.is_alive()


def test_a_forked_child_sends_its_own_announcements_with_its_own_thread_and_never_its_parents(in_a):
    release = threading.Event()
    heard = []

    def receiver(sender, seq, **kwargs):
        heard.append((os.getpid(), seq))
        if seq == 1:
            release.wait(10)  # holds the parent's dispatcher, so seq 2 is still queued at the fork

    read_end, write_end = os.pipe()
    with only_receivers(receiver):
        event_bus._enqueue(OrderEvent, payload(1))
        event_bus._enqueue(OrderEvent, payload(2))
        pid = os.fork()
        if pid == 0:  # the child: as a gunicorn worker forked from a master that had announced
            try:
                heard.clear()
                event_bus._enqueue(OrderEvent, payload(3))
                drained = event_bus.drain(5)
                os.write(write_end, repr((drained, heard)).encode())
            finally:
                os._exit(0)
        os.close(write_end)
        os.waitpid(pid, 0)
        with os.fdopen(read_end) as pipe:
            child_drained, child_heard = ast.literal_eval(pipe.read())
        release.set()
        assert event_bus.drain()
    assert child_drained and child_heard == [(pid, 3)]
    assert heard == [(os.getpid(), 1), (os.getpid(), 2)]


def test_an_event_committed_in_a_request_is_sent_by_its_thread_once_the_response_is_made(committed_shop, monkeypatch):
    answered = threading.Event()
    view = OrdersView.post

    def post(self, request, *args, **kwargs):
        response = view(self, request, *args, **kwargs)
        answered.set()
        return response

    monkeypatch.setattr(OrdersView, "post", post)
    heard = []

    def receiver(sender, kind, **kwargs):
        heard.append((kind, threading.current_thread() is threading.main_thread(), answered.is_set()))

    with only_receivers(receiver):
        client = APIClient(HTTP_HOST=committed_shop.tenant.primary_domain)
        response = client.post("/api/v1/orders/", checkout_body(committed_shop), format="json", HTTP_IDEMPOTENCY_KEY="k")
        assert response.status_code == 201
        # Sent before the client got control back: nothing is left for the dispatcher.
        assert heard == [("created", True, True)]
        assert event_bus.drain()
    assert len(heard) == 1
