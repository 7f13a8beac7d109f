"""Redis down: checkouts are still accepted (the cache is a miss, the e-mail task waits for the
sweep), /readyz names redis, and the sweep sends every e-mail that was never queued, once.
Against a real gunicorn on a redis-server of the test's own, stopped and started again."""

import http.client
import json
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone
from django_tenants.utils import tenant_context
from redis.exceptions import ConnectionError as RedisConnectionError

from shared_apps.core.cache import FastRedisCache
from tenant_apps.orders.events import record_event
from tenant_apps.orders.models import Order, OrderEvent, OrderNotification
from tenant_apps.orders.notifications import missed_emails
from tenant_apps.orders.states import Status
from tenant_apps.orders.tasks import send_missed_emails
from tests.servers import ROOT, child_environment, django_servers, free_port, own_redis

from .conftest import checkout_body
from .factories import OrderFactory, OrderLineFactory

LATER = timedelta(minutes=5)  # past the sweep's grace period


def call(port: int, method: str, host: str, path: str, body: dict | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=json.dumps(body) if body else None,
                     headers={"Host": host, "Content-Type": "application/json", "Accept": "application/json",
                              **(headers or {})})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def test_a_checkout_while_redis_is_down_is_accepted_and_its_e_mail_is_sent_once_by_the_sweep(
        committed_shop, tmp_path, settings):
    settings.ORDER_EMAIL_SWEEP_GRACE_SECONDS = 0
    tenant, host = committed_shop.tenant, committed_shop.tenant.primary_domain
    with own_redis(tmp_path) as redis_server:
        env = {"REDIS_URL": redis_server.url, "CACHE_KEY_PREFIX": f"redis-down-{uuid.uuid4().hex[:6]}"}
        with django_servers(env=env, logs=tmp_path) as servers:
            assert call(servers.http, "GET", "localhost", "/readyz")[0] == 200
            redis_server.stop()
            status, ready = call(servers.http, "GET", "localhost", "/readyz")
            assert (status, ready["code"], ready["down"]) == (503, "dependency_down", ["redis"])
            body = checkout_body(committed_shop, contact={"email": "down@example.test", "name": "D", "phone": "+4930"})
            status, order = call(servers.http, "POST", host, "/api/v1/orders/", body, {"Idempotency-Key": str(uuid.uuid4())})
            assert status == 201, order
            redis_server.start()
            assert call(servers.http, "GET", "localhost", "/readyz")[0] == 200
    with tenant_context(tenant):
        placed = Order.objects.get(pk=order["id"])
        assert placed.lines.count() == 2 and placed.events.filter(kind=OrderEvent.Kind.CREATED).exists()
        assert not OrderNotification.objects.filter(order=placed).exists()  # never queued
        assert missed_emails(now=timezone.now() + LATER) == [(order["id"], "confirmation")]
        send_missed_emails()  # beat's sweep; tasks run eagerly here
        send_missed_emails()
    assert [m.to for m in mail.outbox] == [["down@example.test"]]


def test_the_sweep_finds_only_recent_e_mails_that_events_call_for_and_nobody_sent(in_a):
    now = timezone.now()
    due = OrderFactory(contact_email="due@example.test")
    record_event(due, kind=OrderEvent.Kind.CREATED, from_status="", to_status=Status.PLACED, actor=None)
    record_event(due, kind=OrderEvent.Kind.STATUS_CHANGED, from_status=Status.PLACED, to_status=Status.ACCEPTED, actor=None)
    sent = OrderFactory()
    record_event(sent, kind=OrderEvent.Kind.CREATED, from_status="", to_status=Status.PLACED, actor=None)
    OrderNotification.objects.create(order=sent, kind="confirmation")
    no_address = OrderFactory(contact_email="")
    record_event(no_address, kind=OrderEvent.Kind.CREATED, from_status="", to_status=Status.PLACED, actor=None)
    failed = OrderFactory(status=Status.PAYMENT_FAILED)
    record_event(failed, kind=OrderEvent.Kind.STATUS_CHANGED, from_status=Status.PENDING_PAYMENT,
                 to_status=Status.PAYMENT_FAILED, actor=None)
    old = OrderFactory()
    event = record_event(old, kind=OrderEvent.Kind.CREATED, from_status="", to_status=Status.PLACED, actor=None)
    OrderEvent.objects.filter(pk=event.pk).update(created=now - timedelta(days=2))

    assert missed_emails(now=now) == []  # all within the grace period: their tasks may still run
    assert missed_emails(now=now + LATER) == sorted([(str(due.pk), "confirmation"), (str(due.pk), Status.ACCEPTED)])
    OrderEvent.objects.filter(order__in=[due, sent, no_address, failed]).update(created=now - LATER)
    OrderLineFactory(order=due)
    assert send_missed_emails() == 2
    assert send_missed_emails() == 0
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("due@example.test", f"Order #{due.number} accepted"), ("due@example.test", f"Your order #{due.number} is in")]
    # A repeat (a send whose record was lost with the connection) would carry the same Message-ID.
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {
        f"<order-{due.pk}-confirmation@brigade.test>", f"<order-{due.pk}-accepted@brigade.test>"}


def test_redis_unreachable_is_a_cache_miss_and_a_skipped_fill_but_a_version_counter_fails():
    cache = FastRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    assert isinstance(cache, RedisCache)
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    cache.set("k", 1)
    assert cache.add("k", 1) is False
    assert cache.get_or_set("k", lambda: "computed") == "computed"
    assert cache.delete("k") is False  # the entry lives out its timeout
    with pytest.raises(RedisConnectionError):
        cache.incr("k")


def test_a_prefork_worker_whose_redis_restarts_reconnects_instead_of_exiting(committed_db, tmp_path):
    from celery import Celery

    with own_redis(tmp_path) as redis_server:
        log = tmp_path / "worker.log"
        env = child_environment(CELERY_BROKER_URL=redis_server.url, CELERY_RESULT_BACKEND=redis_server.url,
                                REDIS_URL=redis_server.url, CELERY_TASK_DEFAULT_QUEUE=f"restart-{uuid.uuid4().hex[:6]}")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1",
             "-Q", env["CELERY_TASK_DEFAULT_QUEUE"], "-l", "info"],
            cwd=ROOT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
        probe = Celery(broker=redis_server.url, set_as_current=False)  # the tests after use the project app
        try:
            wait_for(lambda: "ready." in log.read_text(), "the worker to be ready")
            # A message the worker holds unacknowledged when Redis goes (a task due later): closing
            # the lost connection then tries to give it back, which is what failed.
            probe.send_task("orders.send_missed_emails_everywhere", countdown=600, queue=env["CELERY_TASK_DEFAULT_QUEUE"])
            wait_for(lambda: "received" in log.read_text(), "the worker to take the task")
            redis_server.stop()
            wait_for(lambda: "Connection to broker lost" in log.read_text(), "the worker to see Redis go")
            redis_server.start()
            wait_for(lambda: probe.control.ping(timeout=1), "the worker to answer a ping through the new Redis")
            assert worker.poll() is None, log.read_text()[-3000:]
            assert "Unrecoverable error" not in log.read_text()
        finally:
            probe.close()
            worker.terminate()
            worker.wait(30)


def wait_for(condition, what: str, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)
