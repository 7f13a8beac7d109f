"""A customer's data rights on one brand: download everything the brand holds about the account,
and delete the account — personal data erased, orders kept for accounting with a tombstone."""

import uuid

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User
from tenant_apps.orders.models import IdempotencyKey, Order, OrderEvent, OrderLine, SavedAddress
from tenant_apps.privacy import customer_data
from tenants.models import AuditEvent, Tenant

from ..conftest import client_for, login
from ..factories import PASSWORD, UserFactory
from ..orders.factories import LocationFactory, OrderFactory, OrderLineFactory

DATA, DELETE = "/api/v1/account/data/", "/api/v1/account/delete/"


@pytest.fixture
def customer(tenant_a):
    with tenant_context(tenant_a):
        user = UserFactory(email="ada@alpha.test", name="Ada Lovelace")
        location = LocationFactory()
        delivered = OrderFactory(location=location, customer=user, contact_email=user.email, contact_name="Ada Lovelace",
                                 contact_phone="+44 1234", status="delivered", note="Ring twice",
                                 delivery_address={"line1": "12 Secret Road", "city": "London", "postcode": "N1",
                                                   "lat": 51.5, "lng": -0.1, "instructions": "blue door"})
        OrderLineFactory(order=delivered, note="no onions")
        OrderEvent.objects.create(seq=10_000 + delivered.number, order=delivered, kind="created", to_status="placed",
                                  actor=user, actor_role="customer")
        OrderFactory(location=location, customer=user, contact_email=user.email, status="cancelled")
        SavedAddress.objects.create(customer=user, label="Home", line1="12 Secret Road", city="London", lat=51.5, lng=-0.1)
        IdempotencyKey.objects.create(scope=f"user:{user.pk}", key="k1", request_hash="x" * 64, state="completed",
                                      order=delivered, response_status=201, response_body=b'{"contact": "ada@alpha.test"}')
        OrderFactory(location=location, contact_email="someone-else@alpha.test", contact_name="Other Person")
    return user


def signed_in(tenant, email="ada@alpha.test"):
    client = client_for(tenant.primary_domain)
    tokens = login(client, email)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    return client, tokens


def test_a_customer_downloads_their_account_addresses_and_orders(customer, tenant_a):
    client, _ = signed_in(tenant_a)
    response = client.get(DATA)
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"] == 'attachment; filename="alpha-my-data.json"'
    data = response.json()
    assert data["account"]["email"] == "ada@alpha.test" and data["account"]["name"] == "Ada Lovelace"
    assert data["brand"] == {"name": tenant_a.name, "slug": "alpha"}
    assert [a["line1"] for a in data["addresses"]] == ["12 Secret Road"]
    assert sorted(o["status"] for o in data["orders"]) == ["cancelled", "delivered"]
    delivered = next(o for o in data["orders"] if o["status"] == "delivered")
    assert delivered["lines"][0]["note"] == "no onions" and delivered["events"][0]["to_status"] == "placed"
    assert "someone-else@alpha.test" not in response.content.decode() and "Other Person" not in response.content.decode()
    entry = AuditEvent.objects.filter(action="customer.data_exported", tenant=tenant_a).get()
    assert entry.target == f"user:{customer.pk}" and entry.actor_email == "" and entry.data == {"orders": 2, "addresses": 1}


def test_the_download_is_of_this_brand_only(customer, tenant_a, tenant_b):
    with tenant_context(tenant_b):
        UserFactory(email="ada@alpha.test", name="Ada on Bravo")
    client, _ = signed_in(tenant_b)
    data = client.get(DATA).json()
    assert data["account"]["name"] == "Ada on Bravo" and data["orders"] == [] and data["addresses"] == []


def test_a_customer_deletes_their_account_and_the_orders_stay_with_a_tombstone(customer, tenant_a):
    client, tokens = signed_in(tenant_a)
    with tenant_context(tenant_a):
        before = sorted(Order.objects.filter(customer=customer).values_list("pk", "total_cents", "tax_cents", "status"))
    response = client.post(DELETE, {"password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    with tenant_context(tenant_a):
        tombstone = User.objects.get(pk=customer.pk)
        assert tombstone.email == f"deleted-{customer.pk.hex}@deleted.invalid" and tombstone.name == ""
        assert not tombstone.is_active and not tombstone.has_usable_password()
        orders = Order.objects.filter(customer=tombstone)
        assert sorted(orders.values_list("pk", "total_cents", "tax_cents", "status")) == before
        assert set(orders.values_list("contact_email", "contact_name", "contact_phone", "note")) == {
            (tombstone.email, "", "", "")}
        assert list(orders.exclude(delivery_address=None)) == []
        assert not OrderLine.objects.filter(order__in=orders).exclude(note="").exists()
        assert not SavedAddress.objects.filter(customer=tombstone).exists()
        assert not IdempotencyKey.objects.filter(scope=f"user:{customer.pk}").exists()
        assert Order.objects.filter(contact_email="someone-else@alpha.test").exists()  # nobody else's order touched
        everything = " ".join(str(row) for row in Order.objects.values_list(
            "contact_email", "contact_name", "contact_phone", "note", "delivery_address"))
        assert "Ada" not in everything and "Secret Road" not in everything and "ada@alpha.test" not in everything
    refused = client_for(tenant_a.primary_domain).post("/api/v1/auth/login/", {"email": "ada@alpha.test", "password": PASSWORD},
                                                       format="json")
    assert refused.status_code == 401
    assert client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json").status_code == 401
    entry = AuditEvent.objects.filter(action="customer.erased", tenant=tenant_a).get()
    assert entry.actor_email == "" and "ada" not in str(entry.data).lower() and entry.data["orders_kept"] == 2


def test_the_address_may_register_again_after_deletion(customer, tenant_a):
    client, _ = signed_in(tenant_a)
    assert client.post(DELETE, {"password": PASSWORD}, format="json").status_code == 200
    again = client_for(tenant_a.primary_domain).post("/api/v1/auth/register/", {"email": "ada@alpha.test", "password": PASSWORD},
                                                     format="json")
    assert again.status_code == 201, again.content
    fresh, _ = signed_in(tenant_a)
    assert fresh.get(DATA).json()["orders"] == []  # the erased account's orders are not handed to the new one


def test_a_wrong_password_erases_nothing(customer, tenant_a):
    client, _ = signed_in(tenant_a)
    refused = client.post(DELETE, {"password": "not-it"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "password_incorrect"
    with tenant_context(tenant_a):
        assert User.objects.get(pk=customer.pk).email == "ada@alpha.test"
        assert SavedAddress.objects.filter(customer=customer).count() == 1


def test_an_open_order_holds_the_deletion_back(customer, tenant_a):
    with tenant_context(tenant_a):
        open_order = OrderFactory(location=LocationFactory(), customer=customer, status="preparing")
    client, _ = signed_in(tenant_a)
    refused = client.post(DELETE, {"password": PASSWORD}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "open_orders"
    assert refused.json()["orders"] == [str(open_order.pk)]
    with tenant_context(tenant_a):
        assert User.objects.get(pk=customer.pk).is_active


def test_staff_cannot_delete_their_account_here(tenant_a):
    with tenant_context(tenant_a):
        UserFactory(email="chef@alpha.test", role="kitchen")
    client, _ = signed_in(tenant_a, "chef@alpha.test")
    assert client.post(DELETE, {"password": PASSWORD}, format="json").status_code == 403
    assert client.get(DATA).status_code == 200  # staff may still download their own account's data


def test_deletion_works_while_the_brand_is_suspended(customer, tenant_a):
    client, _ = signed_in(tenant_a)
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    from tenants.routing import forget_hosts

    forget_hosts()
    assert client.post(DELETE, {"password": PASSWORD}, format="json").status_code == 200


def test_a_failure_midway_leaves_the_account_as_it_was(customer, tenant_a, monkeypatch):
    client, _ = signed_in(tenant_a)

    def broken(*args, **kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(customer_data.audit, "record", broken)
    with pytest.raises(RuntimeError):
        with tenant_context(tenant_a):
            customer_data.erase_customer(User.objects.get(pk=customer.pk), password=PASSWORD, tenant=tenant_a,
                                         by=customer_data.Actor.system())
    connection.set_schema_to_public()
    with tenant_context(tenant_a):
        user = User.objects.get(pk=customer.pk)
        assert user.email == "ada@alpha.test" and user.is_active and user.check_password(PASSWORD)
        assert SavedAddress.objects.filter(customer=user).count() == 1
        assert Order.objects.filter(customer=user, contact_name="Ada Lovelace").exists()
        assert IdempotencyKey.objects.filter(scope=f"user:{user.pk}").exists()


def test_an_api_key_cannot_download_or_delete_an_account(tenant_a):
    response = client_for(tenant_a.primary_domain).get(DATA, HTTP_AUTHORIZATION=f"Api-Key bk_live_{uuid.uuid4().hex}")
    assert response.status_code == 401
