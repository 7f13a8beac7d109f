"""Saved delivery addresses: a registered customer's own, nobody else's."""

import uuid

from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.orders.models import Order, SavedAddress

from .conftest import INSIDE, OUTSIDE, cart, checkout_body, signed_in


def fresh(client) -> APIClient:
    return APIClient(HTTP_HOST=client.defaults["HTTP_HOST"])


def test_customer_saves_lists_and_deletes_addresses(client_a, tenant_a):
    client, _ = signed_in(client_a, tenant_a)
    created = client.post("/api/v1/addresses/", {**INSIDE, "label": "Home"}, format="json")
    assert created.status_code == 201 and created.json()["label"] == "Home"
    assert [a["id"] for a in client.get("/api/v1/addresses/").json()] == [created.json()["id"]]
    assert client.delete(f"/api/v1/addresses/{created.json()['id']}/").status_code == 204
    assert client.get("/api/v1/addresses/").json() == []


def test_customer_cannot_see_or_delete_another_customers_address(client_a, tenant_a):
    alice, _ = signed_in(client_a, tenant_a)
    address = alice.post("/api/v1/addresses/", INSIDE, format="json").json()
    bob, _ = signed_in(fresh(client_a), tenant_a)
    assert bob.get("/api/v1/addresses/").json() == []
    assert bob.delete(f"/api/v1/addresses/{address['id']}/").status_code == 404


def test_customer_of_another_brand_cannot_delete_the_address(client_a, tenant_a, client_b, tenant_b):
    alice, _ = signed_in(client_a, tenant_a)
    address = alice.post("/api/v1/addresses/", INSIDE, format="json").json()
    charlie, _ = signed_in(client_b, tenant_b)
    assert charlie.delete(f"/api/v1/addresses/{address['id']}/").status_code == 404


def test_guests_and_staff_have_no_address_book(client_a, tenant_a):
    assert client_a.get("/api/v1/addresses/").status_code == 401
    manager, _ = signed_in(fresh(client_a), tenant_a, role="manager")
    assert manager.get("/api/v1/addresses/").status_code == 403


def test_bad_coordinates_are_refused(client_a, tenant_a):
    client, _ = signed_in(client_a, tenant_a)
    response = client.post("/api/v1/addresses/", {**INSIDE, "lat": 123}, format="json")
    assert response.status_code == 400 and "lat" in response.json()["fields"]


def test_the_twenty_first_address_is_refused(client_a, tenant_a):
    client, user = signed_in(client_a, tenant_a)
    with tenant_context(tenant_a):
        SavedAddress.objects.bulk_create([SavedAddress(customer=user, line1=f"{n} Street", lat=1, lng=1) for n in range(20)])
    response = client.post("/api/v1/addresses/", INSIDE, format="json")
    assert response.status_code == 409 and response.json()["code"] == "too_many_addresses"


# ---------------------------------------------------------------------------------------------
# Checkout with a saved address


def _without_address(body: dict, address_id: str) -> dict:
    body = {key: value for key, value in body.items() if key != "delivery_address"}
    return {**body, "delivery_address_id": address_id}


def _saved(client, **fields) -> dict:
    response = client.post("/api/v1/addresses/", {**INSIDE, "label": "Home", "instructions": "Ring twice", **fields},
                           format="json")
    assert response.status_code == 201
    return response.json()


def test_a_customer_quotes_and_checks_out_with_a_saved_address_and_the_order_keeps_a_copy(client_a, shop):
    client, _ = signed_in(client_a, shop.tenant)
    address = _saved(client)
    quote = client.post("/api/v1/orders/quote/", _without_address(cart(shop), address["id"]), format="json")
    assert quote.status_code == 200 and quote.json()["totals"]["delivery_fee_cents"] == 250
    body = _without_address(checkout_body(shop, contact=None), address["id"])
    placed = client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="saved-1")
    assert placed.status_code == 201, placed.content
    expected = {"line1": INSIDE["line1"], "line2": "", "city": INSIDE["city"], "postcode": INSIDE["postcode"],
                "lat": INSIDE["lat"], "lng": INSIDE["lng"], "instructions": "Ring twice"}
    assert placed.json()["delivery_address"] == expected

    with tenant_context(shop.tenant):
        SavedAddress.objects.filter(pk=address["id"]).update(line1="Somewhere else 9", lat=0, lng=0)
    assert client.get(f"/api/v1/orders/{placed.json()['id']}/").json()["delivery_address"] == expected
    assert client.delete(f"/api/v1/addresses/{address['id']}/").status_code == 204
    assert client.get(f"/api/v1/orders/{placed.json()['id']}/").json()["delivery_address"] == expected
    with tenant_context(shop.tenant):
        assert Order.objects.get(pk=placed.json()["id"]).delivery_address == expected


def test_a_saved_address_outside_the_delivery_area_is_refused_like_a_typed_one(client_a, shop):
    client, _ = signed_in(client_a, shop.tenant)
    address = _saved(client, **OUTSIDE)
    response = client.post("/api/v1/orders/quote/", _without_address(cart(shop), address["id"]), format="json")
    assert response.status_code == 422 and response.json()["code"] == "outside_delivery_zone"


def test_another_customers_or_an_unknown_address_id_is_refused_and_nothing_is_ordered(client_a, shop):
    alice, _ = signed_in(client_a, shop.tenant)
    address = _saved(alice)
    bob, _ = signed_in(fresh(client_a), shop.tenant)
    for address_id, key in ((address["id"], "bob-1"), (str(uuid.uuid4()), "bob-2")):
        for path, body, headers in (
            ("/api/v1/orders/quote/", _without_address(cart(shop), address_id), {}),
            ("/api/v1/orders/", _without_address(checkout_body(shop, contact=None), address_id), {"HTTP_IDEMPOTENCY_KEY": key}),
        ):
            response = bob.post(path, body, format="json", **headers)
            assert response.status_code == 400, response.content
            assert response.json()["code"] == "unknown_address" and "delivery_address_id" in response.json()["fields"]
    with tenant_context(shop.tenant):
        assert not Order.objects.exists()
    # Bob's key was released with the refusal: fixing the body makes the order.
    fixed = bob.post("/api/v1/orders/", checkout_body(shop, contact=None), format="json", HTTP_IDEMPOTENCY_KEY="bob-1")
    assert fixed.status_code == 201


def test_an_address_id_from_another_brand_is_unknown_here(client_a, shop, client_b, tenant_b):
    charlie, _ = signed_in(client_b, tenant_b)
    address = _saved(charlie)
    alice, _ = signed_in(client_a, shop.tenant)
    response = alice.post("/api/v1/orders/quote/", _without_address(cart(shop), address["id"]), format="json")
    assert response.status_code == 400 and response.json()["code"] == "unknown_address"


def test_an_address_and_an_address_id_together_are_refused(client_a, shop):
    client, _ = signed_in(client_a, shop.tenant)
    address = _saved(client)
    body = {**checkout_body(shop, contact=None), "delivery_address_id": address["id"]}
    response = client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="both")
    assert response.status_code == 400 and "delivery_address_id" in response.json()["fields"]


def test_guests_cannot_check_out_with_an_address_id(client_a, shop):
    alice, _ = signed_in(client_a, shop.tenant)
    address = _saved(alice)
    guest = fresh(client_a)
    response = guest.post("/api/v1/orders/", _without_address(checkout_body(shop), address["id"]), format="json",
                          HTTP_IDEMPOTENCY_KEY="guest")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated" and "delivery_address_id" in response.json()["fields"]
    with tenant_context(shop.tenant):
        assert not Order.objects.exists()
