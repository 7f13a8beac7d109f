"""Business metrics counted in the process where the thing happens (no PROMETHEUS_MULTIPROC_DIR here:
the default registry). Each test reads a metric before and after, so other tests' counts do not matter.
Order events are counted by a receiver of `order_event_committed`, in the process's dispatcher thread:
tests wait for it with `event_bus.drain()`."""

import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from prometheus_client import REGISTRY

from config.celery import app as celery_app
from shared_apps.observability.tasks import beat_heartbeat, refresh_tenants_gauge
from tenant_apps.orders import event_bus
from tenant_apps.orders.models import OrderEvent
from tenant_apps.orders.services import Eta, change_eta, transition_order
from tenants.models import Tenant
from tests.orders.conftest import build_shop, checkout_body, make_user
from tests.orders.factories import OrderFactory

PLACED = "brigade_orders_placed_total"
CHANGES = "brigade_order_status_changes_total"


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Reading:
    """The values of a few series now, to compare with later."""

    def __init__(self, *series: tuple[str, dict]):
        self.series = series
        self.before = [value(name, **labels) for name, labels in series]

    def deltas(self) -> list[float]:
        return [value(name, **labels) - b for (name, labels), b in zip(self.series, self.before, strict=True)]


@pytest.fixture
def shop(tenant_a, eager_celery):
    return build_shop(tenant_a)


def place(client, body):
    return client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))


def test_a_cash_order_counts_as_placed_under_its_fulfillment(client_a, shop, django_capture_on_commit_callbacks):
    reading = Reading((PLACED, {"fulfillment": "delivery"}), (PLACED, {"fulfillment": "pickup"}),
                      (CHANGES, {"status": "placed"}))
    with django_capture_on_commit_callbacks(execute=True):
        response = place(client_a, checkout_body(shop))
    assert event_bus.drain()
    assert response.status_code == 201, response.content
    assert reading.deltas() == [1, 0, 1]


def test_a_card_order_counts_as_placed_once_its_payment_is_authorised(client_a, shop,
                                                                       django_capture_on_commit_callbacks):
    reading = Reading((PLACED, {"fulfillment": "pickup"}), (CHANGES, {"status": "pending_payment"}),
                      (CHANGES, {"status": "placed"}))
    body = checkout_body(shop, fulfillment="pickup", payment_method="card", card_token="tok_visa")
    body.pop("delivery_address")
    with django_capture_on_commit_callbacks(execute=True):
        response = place(client_a, body)
    assert event_bus.drain()
    assert response.status_code == 201, response.content
    assert reading.deltas() == [1, 1, 1]


def test_a_declined_card_order_is_never_counted_as_placed(client_a, shop, django_capture_on_commit_callbacks):
    reading = Reading((PLACED, {"fulfillment": "delivery"}), (CHANGES, {"status": "payment_failed"}))
    with django_capture_on_commit_callbacks(execute=True):
        response = place(client_a, checkout_body(shop, payment_method="card", card_token="tok_declined"))
    assert event_bus.drain()
    assert response.status_code == 402, response.content
    assert reading.deltas() == [0, 1]


def test_each_status_change_counts_under_the_new_status(in_a, django_capture_on_commit_callbacks):
    order, kitchen = OrderFactory(), make_user("kitchen")
    reading = Reading((CHANGES, {"status": "accepted"}), (CHANGES, {"status": "preparing"}),
                      (PLACED, {"fulfillment": "delivery"}))
    with django_capture_on_commit_callbacks(execute=True):
        order = transition_order(order, "accepted", actor=kitchen)
    with django_capture_on_commit_callbacks(execute=True):
        transition_order(order, "preparing", actor=kitchen)
    assert event_bus.drain()
    assert reading.deltas() == [1, 1, 0]


def test_a_change_of_the_estimated_time_is_not_a_status_change(in_a, django_capture_on_commit_callbacks):
    order = OrderFactory(estimated_ready_at=timezone.now() + timedelta(minutes=20))
    reading = Reading((CHANGES, {"status": "placed"}), (PLACED, {"fulfillment": "delivery"}))
    with django_capture_on_commit_callbacks(execute=True):
        change_eta(order, Eta(delay_minutes=10), actor=make_user("kitchen"))
    assert event_bus.drain()
    assert OrderEvent.objects.filter(order=order, kind="eta_changed").exists()
    assert reading.deltas() == [0, 0]


def test_a_status_change_is_not_counted_before_its_transaction_commits(in_a, django_capture_on_commit_callbacks):
    order = OrderFactory()
    reading = Reading((CHANGES, {"status": "accepted"}))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition_order(order, "accepted", actor=make_user("kitchen"))
    assert reading.deltas() == [0]
    for callback in callbacks:
        callback()
    assert event_bus.drain()
    assert reading.deltas() == [1]


def test_a_sign_up_counts_once_it_commits_and_a_refused_one_does_not(platform_client,
                                                                     django_capture_on_commit_callbacks):
    reading = Reading(("brigade_signups_total", {}))
    body = {"brand_name": "Metric Tacos", "slug": "metric-tacos", "owner_email": "boss@metric-tacos.test",
            "owner_password": "a-Long-enough-passw0rd"}
    with django_capture_on_commit_callbacks(execute=True):
        assert platform_client.post("/api/v1/signup/", body, format="json").status_code == 201
        assert platform_client.post("/api/v1/signup/", body, format="json").status_code == 409
    assert reading.deltas() == [1]


def test_the_tenants_gauge_counts_brands_by_status_and_shows_an_emptied_status_as_zero(tenant_a, tenant_b):
    Tenant.objects.filter(kind=Tenant.Kind.BRAND, status=Tenant.Status.PAST_DUE).update(status=Tenant.Status.ACTIVE)
    Tenant.objects.filter(pk=tenant_b.pk).update(status=Tenant.Status.SUSPENDED)
    expected = dict(Tenant.objects.filter(kind=Tenant.Kind.BRAND).values_list("status").annotate(n=Count("id"))
                    .order_by())
    assert Tenant.objects.exclude(kind=Tenant.Kind.BRAND).exists()  # spares and the template are not brands

    refresh_tenants_gauge.apply()

    gauge = {status: REGISTRY.get_sample_value("brigade_tenants", {"status": status}) for status in Tenant.Status.values}
    assert gauge == {status: float(expected.get(status, 0)) for status in Tenant.Status.values}
    assert gauge[Tenant.Status.PAST_DUE] == 0.0 and gauge[Tenant.Status.SUSPENDED] >= 1

    Tenant.objects.filter(pk=tenant_b.pk).update(status=Tenant.Status.PAST_DUE)
    refresh_tenants_gauge.apply()
    assert REGISTRY.get_sample_value("brigade_tenants", {"status": "past_due"}) == 1.0
    assert REGISTRY.get_sample_value("brigade_tenants", {"status": "suspended"}) == gauge["suspended"] - 1


def test_the_heartbeat_task_records_when_it_ran():
    started = time.time()
    beat_heartbeat.apply()
    assert started <= REGISTRY.get_sample_value("brigade_beat_heartbeat_timestamp_seconds") <= time.time()


def test_beat_sends_the_heartbeat_and_the_tenants_refresh_every_minute():
    schedule = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task in ("observability.beat_heartbeat", "observability.refresh_tenants_gauge"):
        assert task in celery_app.tasks
        assert schedule[task]["schedule"] == 60.0
        assert schedule[task]["options"]["expires"] <= 60  # a stale tick expires instead of queueing up


def test_a_task_run_in_process_records_its_outcome_and_duration():
    reading = Reading(("brigade_celery_tasks_total", {"task": "observability.beat_heartbeat", "state": "succeeded"}),
                      ("brigade_celery_task_duration_seconds_count", {"task": "observability.beat_heartbeat"}))
    beat_heartbeat.apply()
    assert reading.deltas() == [1, 1]
