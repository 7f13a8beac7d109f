"""API keys: made by the owner, shown once, scoped, bound to their brand, rate-limited, audited."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from shared_apps.accounts.models import User
from tenant_apps.integrations.keys import hash_key
from tenant_apps.integrations.models import ApiKey
from tenants.models import AuditEvent
from tests.catalog.conftest import staff_client
from tests.catalog.factories import ItemFactory, LocationFactory
from tests.conftest import client_for, host_of
from tests.orders.factories import OrderFactory

from .conftest import key_client, make_key


def test_the_owner_sees_a_new_keys_secret_once_and_only_its_hash_is_stored(owner_a, tenant_a):
    created = make_key(owner_a, scopes=["menu:read", "orders:read"])
    assert created["key"].startswith("bk_live_") and created["prefix"] == created["key"][:16]
    listed = owner_a.get("/api/v1/manage/api-keys/").json()["results"]
    assert [k["id"] for k in listed] == [created["id"]] and "key" not in listed[0]
    assert "key" not in owner_a.get(f"/api/v1/manage/api-keys/{created['id']}/").json()
    connection.set_tenant(tenant_a)
    stored = ApiKey.objects.get(pk=created["id"])
    assert stored.hashed_key == hash_key(created["key"]) and created["key"] not in stored.hashed_key
    assert stored.scopes == ["menu:read", "orders:read"]


def test_a_key_reads_what_its_scope_allows_and_its_last_use_is_recorded(owner_a, tenant_a):
    created = make_key(owner_a)
    response = key_client(tenant_a, created["key"]).get("/api/v1/manage/items/", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200, response.content
    key = owner_a.get(f"/api/v1/manage/api-keys/{created['id']}/").json()
    assert key["last_used_ip"] == "203.0.113.9" and key["last_used_at"] is not None


def test_another_brands_key_is_refused_exactly_like_an_unknown_one_and_like_a_foreign_jwt(owner_a, tenant_b):
    created = make_key(owner_a)
    foreign = key_client(tenant_b, created["key"]).get("/api/v1/manage/items/")
    unknown = key_client(tenant_b, "bk_live_" + "x" * 43).get("/api/v1/manage/items/")
    assert foreign.status_code == unknown.status_code == 401
    assert foreign.json() == unknown.json() and foreign.json()["code"] == "invalid_api_key"
    jwt_on_b = client_for(host_of(tenant_b))
    jwt_on_b.credentials(HTTP_AUTHORIZATION=owner_a._credentials["HTTP_AUTHORIZATION"])
    assert jwt_on_b.get("/api/v1/manage/items/").status_code == 401


def test_a_key_on_the_platform_host_is_refused(owner_a, platform_client):
    created = make_key(owner_a)
    platform_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {created['key']}")
    assert platform_client.get("/api/v1/admin/tenants/").status_code == 401


def test_a_write_without_the_write_scope_is_refused_naming_the_scope(owner_a, tenant_a):
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    reader = key_client(tenant_a, make_key(owner_a, scopes=["menu:read"])["key"])
    response = reader.post(f"/api/v1/manage/items/{item.id}/availability/", {"available": False}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope" and response.json()["required_scope"] == "menu:write"
    assert "menu:write" in response.json()["detail"]
    orders_only = key_client(tenant_a, make_key(owner_a, scopes=["orders:read"])["key"])
    assert orders_only.get("/api/v1/manage/items/").json()["required_scope"] == "menu:read"


def test_a_key_with_the_write_scope_marks_an_item_sold_out_and_the_audit_says_a_key_did(owner_a, tenant_a):
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    created = make_key(owner_a, scopes=["menu:write"])
    response = key_client(tenant_a, created["key"]).post(f"/api/v1/manage/items/{item.id}/availability/",
                                                          {"available": False}, format="json")
    assert response.status_code == 200, response.content
    entry = AuditEvent.objects.get(action="catalog.item.availability", target=f"item:{item.pk}")
    assert entry.actor_email == f"owner@alpha.test (api key {created['prefix']})"


def test_keys_cannot_manage_keys_staff_or_billing(owner_a, tenant_a):
    key = key_client(tenant_a, make_key(owner_a, scopes=list(("menu:write", "webhooks:write")))["key"])
    for method, path in (("post", "/api/v1/manage/api-keys/"), ("get", "/api/v1/manage/staff/"), ("get", "/api/v1/billing/")):
        response = getattr(key, method)(path, {}, format="json")
        assert response.status_code == 403 and response.json()["code"] == "api_key_not_allowed", path


@pytest.mark.parametrize("role", [User.Role.MANAGER, User.Role.KITCHEN])
def test_only_the_owner_manages_keys(client_a, tenant_a, role):
    staff = staff_client(client_a, tenant_a, role)
    assert staff.get("/api/v1/manage/api-keys/").status_code == 403
    assert staff.post("/api/v1/manage/api-keys/", {"name": "x", "scopes": ["menu:read"]}, format="json").status_code == 403


def test_a_revoked_or_expired_key_is_refused_and_revoking_is_audited(owner_a, tenant_a):
    revoked, expired = make_key(owner_a), make_key(owner_a)
    assert owner_a.post(f"/api/v1/manage/api-keys/{revoked['id']}/revoke/").json()["usable"] is False
    connection.set_tenant(tenant_a)
    ApiKey.objects.filter(pk=expired["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    connection.set_schema_to_public()
    for created in (revoked, expired):
        response = key_client(tenant_a, created["key"]).get("/api/v1/manage/items/")
        assert response.status_code == 401 and response.json()["code"] == "invalid_api_key"
    actions = list(AuditEvent.objects.filter(target__startswith="api_key:").order_by("id").values_list("action", "target"))
    assert actions == [("api_key.created", f"api_key:{revoked['id']}"), ("api_key.created", f"api_key:{expired['id']}"),
                       ("api_key.revoked", f"api_key:{revoked['id']}")]


def test_a_key_stops_working_when_its_creator_is_no_longer_owner(owner_a, tenant_a):
    created = make_key(owner_a)
    connection.set_tenant(tenant_a)
    User.objects.filter(email="owner@alpha.test").update(role=User.Role.MANAGER)
    connection.set_schema_to_public()
    assert key_client(tenant_a, created["key"]).get("/api/v1/manage/items/").status_code == 401


def test_a_key_past_its_rate_gets_429_with_retry_after(owner_a, tenant_a):
    key = key_client(tenant_a, make_key(owner_a, rate_limit_per_minute=3)["key"])
    statuses = [key.get("/api/v1/manage/items/").status_code for _ in range(3)]
    refused = key.get("/api/v1/manage/items/")
    assert statuses == [200, 200, 200] and refused.status_code == 429
    assert refused.json()["code"] == "rate_limited" and 0 < int(refused["Retry-After"]) <= 60


def test_a_location_bound_key_must_name_its_location_and_no_other(owner_a, tenant_a):
    connection.set_tenant(tenant_a)
    mine, other = LocationFactory(), LocationFactory()
    connection.set_schema_to_public()
    key = key_client(tenant_a, make_key(owner_a, scopes=["orders:read"], location=str(mine.pk))["key"])
    assert key.get(f"/api/v1/manage/orders/?location={mine.pk}").status_code == 200
    for path in (f"/api/v1/manage/orders/?location={other.pk}", "/api/v1/manage/orders/"):
        response = key.get(path)
        assert response.status_code == 403 and response.json()["code"] == "location_not_allowed", path


def test_a_key_cannot_be_made_with_an_unknown_scope_or_a_past_expiry(owner_a):
    response = owner_a.post("/api/v1/manage/api-keys/", {"name": "x", "scopes": ["menu:delete"],
                                                          "expires_at": "2000-01-01T00:00:00Z"}, format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"scopes.0", "expires_at"}


def test_the_openapi_document_declares_the_key_scheme_and_each_operations_scope(client_a):
    document = client_a.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert document["components"]["securitySchemes"]["ApiKeyAuth"]["name"] == "Authorization"
    availability = document["paths"]["/api/v1/manage/items/{id}/availability/"]["post"]
    assert availability["x-required-scopes"] == ["menu:write"] and {"ApiKeyAuth": ["menu:write"]} in availability["security"]
    assert "429" in availability["responses"]
    listing = document["paths"]["/api/v1/manage/orders/"]["get"]
    assert listing["x-required-scopes"] == ["orders:read"]
    keys_op = document["paths"]["/api/v1/manage/api-keys/"]["post"]
    assert "x-required-scopes" not in keys_op and not any("ApiKeyAuth" in r for r in keys_op["security"])


def test_a_location_bound_key_reaches_its_own_locations_orders_and_settings_and_no_other_by_naming_it(
        owner_a, tenant_a):
    connection.set_tenant(tenant_a)
    mine, other = LocationFactory(), LocationFactory()
    own_order, foreign_order = OrderFactory(location=mine), OrderFactory(location=other)
    item = ItemFactory(name="Classic")
    connection.set_schema_to_public()
    scopes = ["orders:read", "orders:write", "menu:read", "menu:write", "webhooks:write"]
    key = key_client(tenant_a, make_key(owner_a, scopes=scopes, location=str(mine.pk))["key"])
    here = f"?location={mine.pk}"  # naming its own location does not open another's objects

    def refused(response):
        return response.status_code == 403 and response.json()["code"] == "location_not_allowed"

    assert key.get(f"/api/v1/manage/orders/{own_order.pk}/").status_code == 200
    assert refused(key.get(f"/api/v1/manage/orders/{foreign_order.pk}/{here}"))
    assert refused(key.post(f"/api/v1/manage/orders/{foreign_order.pk}/transition/{here}", {"to": "accepted"},
                            format="json"))
    assert key.patch(f"/api/v1/manage/locations/{mine.pk}/", {"prep_time_minutes": 20}, format="json").status_code == 200
    assert refused(key.patch(f"/api/v1/manage/locations/{other.pk}/{here}", {"prep_time_minutes": 20}, format="json"))
    assert key.get(f"/api/v1/manage/items/{item.pk}/").status_code == 200  # the menu is the brand's to read
    assert refused(key.patch(f"/api/v1/manage/items/{item.pk}/{here}", {"name": "Renamed"}, format="json"))
    assert key.post(f"/api/v1/manage/items/{item.pk}/availability/",
                    {"location": str(mine.pk), "available": False}, format="json").status_code == 200
    assert refused(key.post(f"/api/v1/manage/items/{item.pk}/availability/", {"available": False}, format="json"))
    assert refused(key.get(f"/api/v1/manage/webhooks/{here}"))  # an endpoint would hear every location
    connection.set_tenant(tenant_a)
    foreign_order.refresh_from_db()
    item.refresh_from_db()
    other.refresh_from_db()
    assert (foreign_order.status, item.name, other.prep_time_minutes) == ("placed", "Classic", 15)
