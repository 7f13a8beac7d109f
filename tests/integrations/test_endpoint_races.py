"""Changing or deleting a webhook endpoint while its deliveries are being written or attempted, on real
concurrent connections with real commits: the delete waits for the writer and takes its rows with
it, and a worker that finds its endpoint gone records nothing. Before the locks of
`webhooks.delete_endpoint` and `outbox.subscribed_endpoints`, the first case ended in a foreign
key violation."""

import threading
import time

from django.db import connection, connections, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.integrations import delivery, outbound, outbox, webhooks
from tenant_apps.integrations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from tenants.audit import Actor
from tenants.models import Tenant

TIMEOUT = 30  # seconds: generous; a wait this long means a lock is never released
OWNER = Actor.system("test-owner")


def _in_thread(tenant, work, results: dict, name: str) -> threading.Thread:
    def run():
        try:
            with tenant_context(tenant):
                results[name] = work()
        except Exception as exc:  # noqa: BLE001 - asserted by the test
            results[name] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _until_a_backend_waits_for_a_lock() -> None:
    """Until another connection to this database is blocked on a lock (PostgreSQL's own word for it)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("no connection ever waited for a lock: the delete did not wait for the writer")


def _endpoint(tenant) -> WebhookEndpoint:
    with tenant_context(tenant):
        return webhooks.create_endpoint(url="http://127.0.0.1:9/hook", event_types=["menu.updated"], actor=OWNER)


def _clean(tenant) -> None:
    with tenant_context(tenant):
        WebhookEvent.objects.all().delete()
        WebhookEndpoint.objects.all().delete()
        outbox.forget_endpoints()


def test_an_endpoint_deleted_while_an_event_is_written_waits_and_takes_the_new_deliveries_with_it(committed_db):
    tenant = Tenant.objects.get(slug="alpha")
    endpoint = _endpoint(tenant)
    written, release, results = threading.Event(), threading.Event(), {}

    def write_event():
        with transaction.atomic():
            ids = outbox.emit("menu.updated", source="menu:1", data={"menu": 1})
            written.set()
            release.wait(TIMEOUT)  # the deliveries are written, not yet committed
        return ids

    try:
        writer = _in_thread(tenant, write_event, results, "writer")
        assert written.wait(TIMEOUT)
        deleter = _in_thread(tenant, lambda: webhooks.delete_endpoint(endpoint, actor=OWNER), results, "deleter")
        _until_a_backend_waits_for_a_lock()  # the delete waits for the writer's transaction
        release.set()
        writer.join(TIMEOUT)
        deleter.join(TIMEOUT)
        assert not writer.is_alive() and not deleter.is_alive()
        assert len(results["writer"]) == 1, results
        assert results["deleter"] is None, results  # not an IntegrityError
        with tenant_context(tenant):
            assert not WebhookEndpoint.objects.exists()
            assert not WebhookDelivery.objects.exists()
    finally:
        release.set()
        _clean(tenant)


def test_a_worker_whose_endpoint_was_deleted_before_it_recorded_its_attempt_records_nothing(committed_db):
    tenant = Tenant.objects.get(slug="alpha")
    endpoint = _endpoint(tenant)
    try:
        with tenant_context(tenant):
            [delivery_id] = outbox.emit("menu.updated", source="menu:1", data={"menu": 1})
            taken = delivery.claim(delivery_id, now=timezone.now())  # the worker holds its delivery
            assert taken is not None
            webhooks.delete_endpoint(endpoint, actor=OWNER)  # while the worker's POST is out
            answered = outbound.Outcome(status_code=200, duration_ms=12)
            assert delivery.record(taken, answered, now=timezone.now()) is None
            assert not WebhookDelivery.objects.exists()
    finally:
        _clean(tenant)


def test_a_change_made_from_a_stale_copy_keeps_a_rotation_and_a_disable_made_since(db, tenant_a):
    with tenant_context(tenant_a):
        loaded = webhooks.create_endpoint(url="http://127.0.0.1:9/hook", event_types=["menu.updated"], actor=OWNER)
        stale = WebhookEndpoint.objects.get(pk=loaded.pk)  # as a PATCH loads it
        rotated = webhooks.rotate_secret(loaded, actor=OWNER)
        WebhookEndpoint.objects.filter(pk=loaded.pk).update(enabled=False, disabled_reason="410 Gone")
        webhooks.update_endpoint(stale, actor=OWNER, description="POS")
        now = WebhookEndpoint.objects.get(pk=loaded.pk)
        assert (now.description, now.secret, now.previous_secret) == ("POS", rotated.secret, rotated.previous_secret)
        assert (now.enabled, now.disabled_reason) == (False, "410 Gone")
