"""Requests an outside probe sent that answered 500: each is a clear 4xx now."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from .conftest import cart, checkout_body, signed_in
from .factories import OrderFactory


def test_slots_for_the_last_representable_day_are_400_not_500(client_a, shop):
    response = client_a.get(f"/api/v1/locations/{shop.location.pk}/slots/?date=9999-12-31")
    assert response.status_code == 400, response.content
    assert response.json()["fields"]["date"]


def test_a_quote_scheduled_in_the_year_9999_is_400_not_500(client_a, shop):
    response = client_a.post("/api/v1/orders/quote/", cart(shop, scheduled_for="9999-12-31T23:59:00Z"), format="json")
    assert response.status_code == 400, response.content
    assert "scheduled_for" in response.json()["fields"]


def test_a_ready_time_in_the_year_9999_is_400_and_a_delay_after_the_latest_time_is_not_500(client_a, tenant_a):
    with tenant_context(tenant_a):
        order = OrderFactory(fulfillment="delivery", estimated_ready_at=timezone.now() + timedelta(minutes=20))
    kitchen, _ = signed_in(client_a, tenant_a, role="kitchen")
    path = f"/api/v1/manage/orders/{order.pk}/eta/"
    response = kitchen.post(path, {"estimated_ready_at": "9999-12-31T23:59:59Z"}, format="json")
    assert response.status_code == 400 and "estimated_ready_at" in response.json()["fields"], response.content
    assert kitchen.post(path, {"estimated_ready_at": "2999-12-31T23:59:59Z"}, format="json").status_code == 200
    response = kitchen.post(path, {"delay_minutes": 240}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["estimated_ready_at"].startswith("3000-01-01T03:59:59")


@pytest.mark.parametrize("token", ["%00", "abc%00def", "%00" * 50])
def test_a_nul_byte_in_the_tracking_token_is_400_not_500(client_a, token):
    response = client_a.get(f"/api/v1/track/{token}/")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_characters"


@pytest.mark.parametrize("quantity", [1.5, "1.5", 1e300, 2**63 - 1])
def test_a_float_or_a_huge_number_where_a_quantity_is_expected_is_a_field_error(client_a, shop, quantity):
    body = cart(shop)
    body["items"][0]["quantity"] = quantity
    response = client_a.post("/api/v1/orders/quote/", body, format="json")
    assert response.status_code == 400, response.content
    assert "items.0.quantity" in response.json()["fields"]


def test_tracking_url_carries_the_configured_port_once(client_a, shop, settings):
    settings.TENANT_URL_PORT = "8000"
    response = client_a.post("/api/v1/orders/", checkout_body(shop), format="json", HTTP_HOST="alpha.localhost:8000",
                             HTTP_IDEMPOTENCY_KEY="probe-port-once")
    assert response.status_code == 201, response.content
    assert response.json()["tracking_url"].startswith("http://alpha.localhost:8000/track/")
    order_id = response.json()["id"]
    owner = signed_in(APIClient(HTTP_HOST="alpha.localhost:8000"), shop.tenant, role="owner")[0]
    staff_view = owner.get(f"/api/v1/manage/orders/{order_id}/").json()
    assert staff_view["tracking_url"].startswith("http://alpha.localhost:8000/track/")


def test_staff_order_list_caps_page_size_at_200(client_a, tenant_a):
    with tenant_context(tenant_a):
        for _ in range(201):
            OrderFactory()
    owner = signed_in(client_a, tenant_a, role="owner")[0]
    body = owner.get("/api/v1/manage/orders/?page_size=1000000000").json()
    assert body["count"] == 201 and len(body["results"]) == 200
