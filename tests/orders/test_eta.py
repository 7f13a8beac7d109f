"""Estimated ready and delivery times: staff change them, each change is an `eta_changed` event."""

import uuid
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.orders import event_bus
from tenant_apps.orders.event_bus import order_event_committed
from tenant_apps.orders.models import Order, OrderEvent

from .conftest import signed_in
from .factories import OrderFactory


def fresh(client) -> APIClient:
    return APIClient(HTTP_HOST=client.defaults["HTTP_HOST"])


def iso(value: datetime) -> str:
    return value.isoformat()


def parsed(value: str) -> datetime:
    return datetime.fromisoformat(value)


@pytest.fixture
def order(tenant_a):
    with tenant_context(tenant_a):
        return OrderFactory(fulfillment="delivery", estimated_ready_at=timezone.now() + timedelta(minutes=20))


@pytest.fixture
def kitchen(client_a, tenant_a):
    return signed_in(fresh(client_a), tenant_a, role="kitchen")[0]


@pytest.fixture
def manager(client_a, tenant_a):
    return signed_in(fresh(client_a), tenant_a, role="manager")[0]


def eta(client, order, body):
    return client.post(f"/api/v1/manage/orders/{order.pk}/eta/", body, format="json")


def events(tenant, order) -> list[OrderEvent]:
    with tenant_context(tenant):
        return list(OrderEvent.objects.filter(order_id=order.pk).order_by("seq"))


def test_the_kitchen_sets_a_new_ready_time_recorded_as_an_event_with_the_time(kitchen, order, tenant_a):
    new = (timezone.now() + timedelta(minutes=45)).replace(microsecond=0)
    response = eta(kitchen, order, {"estimated_ready_at": iso(new), "reason": "Oven trouble"})
    assert response.status_code == 200, response.content
    assert parsed(response.json()["estimated_ready_at"]) == new
    [event] = events(tenant_a, order)
    assert (event.kind, event.from_status, event.to_status) == ("eta_changed", "placed", "placed")
    assert (event.estimated_ready_at, event.actor_role, event.reason) == (new, "kitchen", "Oven trouble")
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).estimated_ready_at == new


def test_the_tracking_timeline_shows_the_change(kitchen, order, client_a):
    new = (timezone.now() + timedelta(minutes=45)).replace(microsecond=0)
    eta(kitchen, order, {"estimated_ready_at": iso(new)})
    tracked = fresh(client_a).get(f"/api/v1/track/{order.tracking_token}/").json()
    assert parsed(tracked["estimated_ready_at"]) == new
    assert [(e["kind"], parsed(e["estimated_ready_at"])) for e in tracked["events"]] == [("eta_changed", new)]


def test_a_delivery_time_is_set_for_a_delivery_order_and_a_delay_pushes_both_back(manager, order, tenant_a):
    ready = order.estimated_ready_at
    delivery = (ready + timedelta(minutes=25)).replace(microsecond=0)
    assert eta(manager, order, {"estimated_delivery_at": iso(delivery)}).status_code == 200
    response = eta(manager, order, {"delay_minutes": 10})
    assert response.status_code == 200
    assert parsed(response.json()["estimated_ready_at"]) == ready + timedelta(minutes=10)
    assert parsed(response.json()["estimated_delivery_at"]) == delivery + timedelta(minutes=10)
    first, second = events(tenant_a, order)
    assert (first.estimated_ready_at, first.estimated_delivery_at) == (ready, delivery)
    assert (second.estimated_ready_at, second.estimated_delivery_at) == (ready + timedelta(minutes=10),
                                                                         delivery + timedelta(minutes=10))


def test_a_delay_of_an_overdue_estimate_counts_from_now(kitchen, tenant_a):
    with tenant_context(tenant_a):
        late = OrderFactory(status="preparing", estimated_ready_at=timezone.now() - timedelta(minutes=30))
    before = timezone.now()
    response = eta(kitchen, late, {"delay_minutes": 15})
    assert response.status_code == 200
    assert before + timedelta(minutes=15) <= parsed(response.json()["estimated_ready_at"]) <= timezone.now() + timedelta(minutes=15)


def test_once_ready_only_the_delivery_time_is_an_estimate(manager, tenant_a):
    with tenant_context(tenant_a):
        ready = OrderFactory(status="ready", fulfillment="delivery", estimated_ready_at=timezone.now())
        picked = OrderFactory(status="ready", fulfillment="pickup", estimated_ready_at=timezone.now())
    later = iso(timezone.now() + timedelta(minutes=30))
    refused = eta(manager, ready, {"estimated_ready_at": later})
    assert refused.status_code == 409 and refused.json()["code"] == "eta_not_applicable"
    assert eta(manager, picked, {"delay_minutes": 5}).json()["code"] == "eta_not_applicable"
    assert eta(manager, picked, {"estimated_delivery_at": later}).json()["code"] == "eta_not_applicable"
    assert eta(manager, ready, {"estimated_delivery_at": later}).status_code == 200
    assert events(tenant_a, picked) == []


def test_a_closed_order_keeps_its_times(manager, order, tenant_a):
    assert manager.post(f"/api/v1/manage/orders/{order.pk}/transition/", {"to": "cancelled", "reason": "test"},
                        format="json").status_code == 200
    response = eta(manager, order, {"delay_minutes": 10})
    assert response.status_code == 409 and response.json()["code"] == "order_closed"
    assert [e.kind for e in events(tenant_a, order)] == ["status_changed"]


def test_times_in_the_past_and_a_delivery_before_the_ready_time_are_refused(manager, order, tenant_a):
    past = eta(manager, order, {"estimated_ready_at": iso(timezone.now() - timedelta(minutes=1))})
    assert past.status_code == 400 and past.json()["code"] == "eta_in_past" and "estimated_ready_at" in past.json()["fields"]
    early = eta(manager, order, {"estimated_delivery_at": iso(order.estimated_ready_at - timedelta(minutes=5))})
    assert early.status_code == 400 and early.json()["code"] == "invalid_eta"
    assert events(tenant_a, order) == []


@pytest.mark.parametrize("body", [
    {}, {"reason": "only words"}, {"delay_minutes": 0}, {"delay_minutes": 10_000}, {"estimated_ready_at": "soon"},
    {"delay_minutes": 5, "estimated_ready_at": "2030-01-01T12:00:00Z"},
])
def test_bad_bodies_are_refused_with_the_field_named(manager, order, body):
    response = eta(manager, order, body)
    assert response.status_code == 400 and response.json()["fields"], response.content


def test_couriers_customers_and_guests_cannot_change_estimates(client_a, tenant_a, order):
    courier, _ = signed_in(fresh(client_a), tenant_a, role="courier")
    assert eta(courier, order, {"delay_minutes": 5}).status_code == 404  # a placed order is not a courier's
    customer, _ = signed_in(fresh(client_a), tenant_a, role="customer")
    assert eta(customer, order, {"delay_minutes": 5}).status_code == 403
    assert eta(fresh(client_a), order, {"delay_minutes": 5}).status_code == 401
    assert events(tenant_a, order) == []


def test_an_order_of_another_brand_or_an_unknown_id_is_not_found(kitchen, tenant_b):
    with tenant_context(tenant_b):
        theirs = OrderFactory()
    assert eta(kitchen, theirs, {"delay_minutes": 5}).status_code == 404
    assert kitchen.post(f"/api/v1/manage/orders/{uuid.uuid4()}/eta/", {"delay_minutes": 5}, format="json").status_code == 404


def test_setting_the_times_an_order_already_has_records_nothing(manager, order, tenant_a):
    response = eta(manager, order, {"estimated_ready_at": iso(order.estimated_ready_at)})
    assert response.status_code == 200 and events(tenant_a, order) == []


def test_an_eta_change_sends_no_email_and_is_announced_after_commit(manager, order, django_capture_on_commit_callbacks):
    heard = []

    def receiver(sender, **kwargs):
        heard.append((kwargs["kind"], kwargs["from_status"], kwargs["to_status"]))

    order_event_committed.connect(receiver, dispatch_uid="test_eta")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert eta(manager, order, {"delay_minutes": 5}).status_code == 200
        assert heard == []  # nothing before commit
        for callback in callbacks:
            callback()
        assert event_bus.drain()
    finally:
        order_event_committed.disconnect(dispatch_uid="test_eta")
    assert heard == [("eta_changed", "placed", "placed")]
    assert mail.outbox == []


def test_accepting_may_carry_the_kitchens_estimate(kitchen, order, tenant_a):
    new = (timezone.now() + timedelta(minutes=35)).replace(microsecond=0)
    response = kitchen.post(f"/api/v1/manage/orders/{order.pk}/transition/",
                            {"to": "accepted", "estimated_ready_at": iso(new)}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted" and parsed(response.json()["estimated_ready_at"]) == new
    assert [(e.kind, e.to_status) for e in events(tenant_a, order)] == [("status_changed", "accepted"),
                                                                          ("eta_changed", "accepted")]


def test_accepting_with_a_refused_estimate_does_not_accept(kitchen, order, tenant_a):
    response = kitchen.post(f"/api/v1/manage/orders/{order.pk}/transition/",
                            {"to": "accepted", "estimated_ready_at": iso(timezone.now() - timedelta(minutes=5))},
                            format="json")
    assert response.status_code == 400 and response.json()["code"] == "eta_in_past"
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == "placed"
    assert events(tenant_a, order) == []


def test_only_accepting_carries_an_estimate(manager, order):
    response = manager.post(f"/api/v1/manage/orders/{order.pk}/transition/",
                            {"to": "rejected", "reason": "closed", "delay_minutes": 5}, format="json")
    assert response.status_code == 400 and "to" in response.json()["fields"]


def test_every_event_records_the_estimates_it_left(client_a, shop):
    from .conftest import checkout_body

    placed = client_a.post("/api/v1/orders/", checkout_body(shop), format="json", HTTP_IDEMPOTENCY_KEY="eta-1").json()
    with tenant_context(shop.tenant):
        created = OrderEvent.objects.get(order_id=placed["id"])
    assert created.kind == "created" and created.estimated_ready_at == parsed(placed["estimated_ready_at"])
