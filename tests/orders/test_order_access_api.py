"""Who sees which order: customers their own, staff their brand's, a tracking link its one order."""

import uuid

import pytest
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.orders.models import Order

from .conftest import checkout_body, signed_in


def place(client, body):
    response = client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert response.status_code == 201, response.content
    return response.json()


def fresh(client) -> APIClient:
    return APIClient(HTTP_HOST=client.defaults["HTTP_HOST"])


@pytest.fixture
def alice(client_a, shop):
    client, user = signed_in(client_a, shop.tenant, email="alice@alpha.test")
    body = checkout_body(shop)
    body.pop("contact")
    return client, place(client, body)


def test_customer_lists_and_reads_their_own_orders(alice):
    client, order = alice
    listed = client.get("/api/v1/orders/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == order["id"]
    assert client.get(f"/api/v1/orders/{order['id']}/").json()["number"] == order["number"]


def test_customer_cannot_read_another_customers_order(alice, client_a, shop):
    _, order = alice
    bob, _ = signed_in(fresh(client_a), shop.tenant, email="bob@alpha.test")
    assert bob.get(f"/api/v1/orders/{order['id']}/").status_code == 404
    assert bob.get("/api/v1/orders/").json()["count"] == 0
    assert bob.post(f"/api/v1/orders/{order['id']}/cancel/").status_code == 404


def test_customer_of_another_brand_cannot_see_the_order(alice, client_b, tenant_b):
    _, order = alice
    charlie, _ = signed_in(client_b, tenant_b, email="charlie@bravo.test")
    assert charlie.get(f"/api/v1/orders/{order['id']}/").status_code == 404
    assert charlie.get("/api/v1/manage/orders/").status_code == 403


def test_token_of_brand_a_is_refused_on_brand_b(alice, client_b):
    client, order = alice
    foreign = fresh(client_b)
    foreign.credentials(HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"])
    assert foreign.get("/api/v1/orders/").status_code == 401


def test_staff_of_another_brand_cannot_see_or_move_the_order(alice, client_b, tenant_b):
    _, order = alice
    manager_b, _ = signed_in(client_b, tenant_b, role="manager")
    assert manager_b.get("/api/v1/manage/orders/").json()["count"] == 0
    assert manager_b.get(f"/api/v1/manage/orders/{order['id']}/").status_code == 404
    assert manager_b.post(f"/api/v1/manage/orders/{order['id']}/transition/", {"to": "accepted"}, format="json").status_code == 404


def test_anonymous_cannot_list_orders(client_a, shop):
    assert client_a.get("/api/v1/orders/").status_code == 401
    assert client_a.get("/api/v1/manage/orders/").status_code == 401


def test_customer_cancels_while_placed_but_not_after_acceptance(alice, client_a, shop):
    client, order = alice
    kitchen, _ = signed_in(fresh(client_a), shop.tenant, role="kitchen")
    assert kitchen.post(f"/api/v1/manage/orders/{order['id']}/transition/", {"to": "accepted"}, format="json").status_code == 200
    response = client.post(f"/api/v1/orders/{order['id']}/cancel/")
    assert response.status_code == 403 and response.json()["code"] == "transition_forbidden"
    second = place(client, {**checkout_body(shop), "contact": None})
    assert client.post(f"/api/v1/orders/{second['id']}/cancel/").json()["status"] == "cancelled"


def test_staff_list_filters_by_status_location_and_date(client_a, shop):
    first = place(client_a, checkout_body(shop))
    place(client_a, checkout_body(shop))
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    manager.post(f"/api/v1/manage/orders/{first['id']}/transition/", {"to": "accepted"}, format="json")
    assert manager.get("/api/v1/manage/orders/").json()["count"] == 2
    accepted = manager.get("/api/v1/manage/orders/?status=accepted").json()
    assert [o["id"] for o in accepted["results"]] == [first["id"]]
    assert accepted["results"][0]["allowed_transitions"] == ["preparing", "cancelled", "rejected"]
    assert manager.get("/api/v1/manage/orders/?status=placed,accepted").json()["count"] == 2
    assert manager.get(f"/api/v1/manage/orders/?location={shop.location.pk}&date={first['business_date']}").json()["count"] == 2
    assert manager.get(f"/api/v1/manage/orders/?location={uuid.uuid4()}").json()["count"] == 0
    assert manager.get("/api/v1/manage/orders/?date=2000-01-01").json()["count"] == 0
    for bad in ("status=nope", "location=xyz", "date=yesterday"):
        assert manager.get(f"/api/v1/manage/orders/?{bad}").status_code == 400


def test_staff_list_filters_by_fulfillment(client_a, shop):
    delivery = place(client_a, checkout_body(shop))
    pickup_body = checkout_body(shop, fulfillment="pickup")
    pickup_body.pop("delivery_address")
    pickup = place(client_a, pickup_body)
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    for fulfillment, order in (("delivery", delivery), ("pickup", pickup)):
        found = manager.get(f"/api/v1/manage/orders/?fulfillment={fulfillment}").json()
        assert [o["id"] for o in found["results"]] == [order["id"]]
    refused = manager.get("/api/v1/manage/orders/?fulfillment=drone")
    assert refused.status_code == 400
    assert "fulfillment" in refused.json()["fields"]


def test_staff_order_detail_lists_its_events_in_order(client_a, shop):
    order = place(client_a, checkout_body(shop))
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    manager.post(f"/api/v1/manage/orders/{order['id']}/transition/", {"to": "accepted"}, format="json")
    manager.post(f"/api/v1/manage/orders/{order['id']}/eta/", {"delay_minutes": 10}, format="json")
    detail = manager.get(f"/api/v1/manage/orders/{order['id']}/").json()
    assert [(e["kind"], e["to_status"]) for e in detail["events"]] == [
        ("created", "placed"), ("status_changed", "accepted"), ("eta_changed", "accepted")]
    assert [e["seq"] for e in detail["events"]] == sorted(e["seq"] for e in detail["events"])
    assert "events" not in manager.get("/api/v1/manage/orders/").json()["results"][0]  # the list stays lean


def test_illegal_transition_over_http_is_409_with_allowed_moves(client_a, shop):
    order = place(client_a, checkout_body(shop))
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    response = manager.post(f"/api/v1/manage/orders/{order['id']}/transition/", {"to": "delivered"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert response.json()["allowed"] == ["accepted", "cancelled", "rejected"]


def test_kitchen_may_not_reject_and_courier_may_not_accept(client_a, shop):
    order = place(client_a, checkout_body(shop))
    kitchen, _ = signed_in(fresh(client_a), shop.tenant, role="kitchen")
    courier, _ = signed_in(fresh(client_a), shop.tenant, role="courier")
    url = f"/api/v1/manage/orders/{order['id']}/transition/"
    assert kitchen.post(url, {"to": "rejected", "reason": "x"}, format="json").json()["code"] == "transition_forbidden"
    assert courier.post(url, {"to": "accepted"}, format="json").status_code == 404  # not ready: not a courier's yet


def test_customer_cannot_use_the_staff_api(alice):
    client, order = alice
    assert client.get("/api/v1/manage/orders/").status_code == 403
    assert client.post(f"/api/v1/manage/orders/{order['id']}/transition/", {"to": "accepted"}, format="json").status_code == 403


def test_tracking_link_shows_status_and_timeline_without_contact_details(client_a, shop):
    order = place(client_a, checkout_body(shop))
    response = fresh(client_a).get(f"/api/v1/track/{order['tracking_token']}/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == order["id"] and data["status"] == "placed"
    assert [e["to_status"] for e in data["events"]] == ["placed"]
    assert "contact" not in data and "delivery_address" not in data and "guest@example.test" not in response.content.decode()


def test_wrong_or_foreign_tracking_token_is_404(client_a, client_b, shop):
    order = place(client_a, checkout_body(shop))
    assert client_a.get("/api/v1/track/not-a-token/").status_code == 404
    assert client_b.get(f"/api/v1/track/{order['tracking_token']}/").status_code == 404


def test_unpaid_card_checkouts_stay_off_the_kitchen_list(client_a, shop):
    client_a.post("/api/v1/orders/", checkout_body(shop, payment_method="card", card_token="tok_declined"), format="json",
                  HTTP_IDEMPOTENCY_KEY="declined")
    manager, _ = signed_in(fresh(client_a), shop.tenant, role="manager")
    assert manager.get("/api/v1/manage/orders/").json()["count"] == 0
    with tenant_context(shop.tenant):
        assert Order.objects.filter(status="payment_failed").count() == 1
