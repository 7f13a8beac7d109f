"""Saved delivery addresses: a registered customer's own, nobody else's."""

from rest_framework.test import APIClient

from .conftest import INSIDE, signed_in


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
    from django_tenants.utils import tenant_context

    from tenant_apps.orders.models import SavedAddress

    client, user = signed_in(client_a, tenant_a)
    with tenant_context(tenant_a):
        SavedAddress.objects.bulk_create([SavedAddress(customer=user, line1=f"{n} Street", lat=1, lng=1) for n in range(20)])
    response = client.post("/api/v1/addresses/", INSIDE, format="json")
    assert response.status_code == 409 and response.json()["code"] == "too_many_addresses"
