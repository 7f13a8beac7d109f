"""Webhooks through real processes: a Celery worker (its own queue) delivering to a receiver on
loopback, committed data, the order announcement of a real transition. Waits are for the events
themselves, with generous limits."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from standardwebhooks import Webhook

from config.celery import app as celery_app
from shared_apps.accounts.models import User
from tenant_apps.catalog.models import Location
from tenant_apps.integrations import delivery, webhooks
from tenant_apps.integrations.models import CollectorState, WebhookDelivery, WebhookEndpoint
from tenant_apps.integrations.tasks import deliver
from tenant_apps.orders import event_bus
from tenant_apps.orders.models import Order
from tenant_apps.orders.services import transition_order
from tenant_apps.orders.states import Status as S
from tenants.audit import Actor
from tenants.models import AuditEvent, Tenant
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory


class Worker:
    """`celery worker --pool solo` on a queue of its own: the delivering process is the worker itself."""

    def __init__(self, queue: str, receiver_port: int, log_path):
        db = settings.DATABASES["default"]
        env = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "CELERY_TASK_DEFAULT_QUEUE": queue,
            "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "WEBHOOK_ALLOWED_TARGETS": f"127.0.0.1:{receiver_port}", "WEBHOOK_LEASE_SECONDS": "2",
        }
        self.log = open(log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", "solo", "-l", "info"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)
        self.log.close()


@pytest.fixture
def brand(committed_db):
    alpha = Tenant.objects.get(slug="alpha")
    yield alpha
    with tenant_context(alpha):
        WebhookEndpoint.objects.all().delete()
        CollectorState.objects.all().delete()
        webhooks.outbox.forget_endpoints()
        Order.objects.all().delete()
        Location.objects.all().delete()
        User.objects.exclude(role=User.Role.OWNER).delete()
    AuditEvent.objects.filter(action__startswith="webhook_").delete()


@pytest.fixture
def queue():
    """In-process sends (after commit, the sweep) go to this test's queue, which only its workers read."""
    name = f"webhooks-{uuid.uuid4().hex[:8]}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = previous


def wait_until(condition, timeout: float = 90, every: float = 0.2, action=None):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        if action:
            action()
        time.sleep(every)


def status_of(pk: int) -> str:
    connection.close()  # a fresh snapshot of what the worker committed
    return WebhookDelivery.objects.get(pk=pk).status


def test_an_order_transition_reaches_the_receiver_through_the_announcement_and_a_real_worker(
        brand, queue, receiver, tmp_path):
    worker = Worker(queue, receiver.port, tmp_path / "worker.log")
    try:
        with tenant_context(brand):
            endpoint = webhooks.create_endpoint(url=receiver.url, event_types=["order.status_changed"],
                                                actor=Actor.system("test"))
            order = OrderFactory()
            transition_order(order, S.ACCEPTED, actor=UserFactory(role="kitchen", email=f"k-{uuid.uuid4().hex[:6]}@a.test"))
            assert event_bus.drain()
        [request] = receiver.wait_for(1, timeout=90)
        payload = Webhook(endpoint.secret).verify(request["body"], request["headers"])
        assert payload["type"] == "order.status_changed" and payload["data"]["order"]["id"] == str(order.pk)
    finally:
        worker.stop()


def test_a_worker_killed_mid_delivery_leaves_the_event_to_another_which_sends_the_same_id(
        brand, queue, receiver, tmp_path):
    receiver.hold.set()  # the first request is held open until the worker is dead
    first = Worker(queue, receiver.port, tmp_path / "first.log")
    second = None
    try:
        with tenant_context(brand):
            endpoint = webhooks.create_endpoint(url=receiver.url, event_types=["order.created"],
                                                actor=Actor.system("test"))
            queued = webhooks.send_test_event(endpoint, actor=Actor.system("test"))  # committed, then sent to the queue
        [held] = receiver.wait_for(1, timeout=90)
        first.kill()
        receiver.hold.clear()
        receiver.release.set()
        second = Worker(queue, receiver.port, tmp_path / "second.log")

        def sweep():  # what beat's sweep does, run here so the test needs no beat process
            with tenant_context(brand):
                for pk in delivery.due(now=timezone.now()):
                    deliver.delay(pk)

        with tenant_context(brand):
            wait_until(lambda: status_of(queued.pk) == WebhookDelivery.Status.SUCCEEDED, action=sweep, every=1)
        requests = receiver.requests
        assert len(requests) >= 2
        assert {r["headers"]["webhook-id"] for r in requests} == {held["headers"]["webhook-id"]} == {queued.event_id}
    finally:
        first.stop()
        if second:
            second.stop()



def test_deliveries_whose_messages_the_broker_lost_are_found_by_the_sweep(brand, queue, receiver, tmp_path):
    with tenant_context(brand):
        endpoint = webhooks.create_endpoint(url=receiver.url, event_types=["order.created"],
                                            actor=Actor.system("test"))
        queued = webhooks.send_test_event(endpoint, actor=Actor.system("test"))
    with celery_app.connection_for_write() as broker:  # what a Redis restart without persistence does
        assert broker.default_channel.queue_purge(queue) == 1
    worker = Worker(queue, receiver.port, tmp_path / "worker.log")
    try:
        with tenant_context(brand):
            assert delivery.due(now=timezone.now()) == [queued.pk]
            for pk in delivery.due(now=timezone.now()):
                deliver.delay(pk)
            wait_until(lambda: status_of(queued.pk) == WebhookDelivery.Status.SUCCEEDED)
        assert [r["headers"]["webhook-id"] for r in receiver.requests] == [queued.event_id]
    finally:
        worker.stop()
