import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.throttling import ScopedRateThrottle

from shared_apps.accounts.models import User
from shared_apps.billing.models import Subscription
from tenants.models import AuditEvent, Domain, Tenant

from ..conftest import client_for, schemas_in_database
from ..factories import PASSWORD

SIGNUP = "/api/v1/signup/"


def _body(**overrides) -> dict:
    body = {"brand_name": "Taco Brigade", "slug": "taco", "owner_email": "Boss@Taco.test",
            "owner_password": PASSWORD, "plan": "growth", "currency": "USD", "timezone": "America/Mexico_City"}
    return {**body, **overrides}


def _sign_up(client, **overrides):
    return client.post(SIGNUP, _body(**overrides), format="json")


def test_sign_up_returns_a_live_storefront_and_owner_tokens_for_the_new_host(platform_client):
    response = _sign_up(platform_client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tenant"] == {"slug": "taco", "name": "Taco Brigade", "status": "trial", "domain": "taco.localhost"}
    assert body["storefront_url"] == "http://taco.localhost:8000"
    assert body["dashboard_url"] == "http://taco.localhost:8000/manage/"

    storefront = client_for("taco.localhost")
    brand = storefront.get("/api/v1/brand/").json()
    assert (brand["name"], brand["currency"], brand["timezone"]) == ("Taco Brigade", "USD", "America/Mexico_City")
    me = storefront.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert me.status_code == 200
    assert me.json()["email"] == "boss@taco.test" and me.json()["role"] == "owner"
    refreshed = storefront.post("/api/v1/auth/token/refresh/", {"refresh": body["refresh"]}, format="json")
    assert refreshed.status_code == 200


def test_sign_up_tokens_are_refused_on_every_other_host(platform_client, client_a):
    access = _sign_up(platform_client).json()["access"]
    assert client_a.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 401
    assert platform_client.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 401


def test_sign_up_starts_a_trial_on_the_chosen_plan_and_audits_it(platform_client):
    _sign_up(platform_client, HTTP_X_FORWARDED_FOR="ignored")
    tenant = Tenant.objects.get(slug="taco")
    subscription = Subscription.objects.get(tenant=tenant)
    assert (subscription.plan.code, subscription.status) == ("growth", "trialing")
    event = AuditEvent.objects.get(action="tenant.signed_up", tenant=tenant)
    assert event.data["plan"] == "growth"
    assert (event.actor_email, event.actor_schema, event.ip) == ("boss@taco.test", tenant.schema_name, "127.0.0.1")
    with schema_context(tenant.schema_name):
        assert User.objects.get().email == "boss@taco.test"


def test_sign_up_without_a_plan_uses_the_starter_plan(platform_client):
    body = _body()
    del body["plan"], body["currency"], body["timezone"]
    assert platform_client.post(SIGNUP, body, format="json").status_code == 201
    tenant = Tenant.objects.get(slug="taco")
    assert Subscription.objects.get(tenant=tenant).plan.code == "starter"
    assert (tenant.currency, tenant.timezone) == ("EUR", "UTC")


BAD_INPUT = [
    ("owner_password", {"owner_password": "123"}),
    ("owner_password", {"owner_password": "password"}),
    ("owner_email", {"owner_email": "not-an-email"}),
    ("slug", {"slug": "Bad_Slug"}),
    ("slug", {"slug": "ab"}),
    ("slug", {"slug": "www"}),
    ("slug", {"slug": "admin"}),
    ("plan", {"plan": "platinum"}),
    ("currency", {"currency": "EURO"}),
    ("currency", {"currency": "XYZ"}),
    ("timezone", {"timezone": "Mars/Olympus"}),
    ("brand_name", {"brand_name": ""}),
    ("slug", {"slug": None}),
    ("owner_email", {"owner_email": ["a@b.test"]}),
]


@pytest.mark.parametrize(("field", "overrides"), BAD_INPUT, ids=[f"{f}={o[f]!r}" for f, o in BAD_INPUT])
def test_bad_input_is_refused_with_field_errors_and_nothing_is_created(platform_client, field, overrides):
    tenants_before = Tenant.objects.count()
    schemas_before = schemas_in_database()
    response = _sign_up(platform_client, **overrides)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_input"
    assert field in body["fields"]
    assert Tenant.objects.count() == tenants_before
    assert schemas_in_database() == schemas_before
    assert not AuditEvent.objects.filter(action="tenant.signed_up").exists()


def test_missing_fields_and_a_non_json_body_are_400_not_500(platform_client):
    response = platform_client.post(SIGNUP, {}, format="json")
    assert response.status_code == 400
    assert {"brand_name", "slug", "owner_email", "owner_password"} <= set(response.json()["fields"])
    response = platform_client.post(SIGNUP, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_taken_slug_is_409_and_creates_nothing(platform_client):
    tenants_before = Tenant.objects.count()
    response = _sign_up(platform_client, slug="alpha")
    assert response.status_code == 409
    assert response.json()["code"] == "slug_taken"
    assert Tenant.objects.count() == tenants_before


def test_sign_up_is_not_served_on_a_brand_host(client_a):
    assert _sign_up(client_a).status_code == 404


def test_concurrent_sign_ups_for_one_slug_give_one_201_and_one_409(committed_db):
    statuses: list[int] = []
    barrier = threading.Barrier(2)

    def sign_up(email):
        try:
            barrier.wait()
            statuses.append(_sign_up(client_for("localhost"), slug="race-taco", owner_email=email).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(f"boss{n}@race.test",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201, 409]
    tenant = Tenant.objects.get(slug="race-taco")
    assert Domain.objects.filter(domain="race-taco.localhost").count() == 1
    assert Subscription.objects.filter(tenant=tenant).count() == 1
    assert AuditEvent.objects.filter(action="tenant.signed_up", tenant=tenant).count() == 1


@pytest.mark.parametrize(
    ("slug", "available"), [("fresh-brand", True), ("alpha", False), ("www", False), ("No_Good", False)]
)
def test_slug_check_says_whether_a_slug_can_be_used_and_why_not(platform_client, slug, available):
    response = platform_client.get("/api/v1/signup/slug-check/", {"slug": slug})
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == slug and body["available"] is available
    assert ("reason" in body) is (not available)


def test_slug_check_without_a_slug_is_400(platform_client):
    response = platform_client.get("/api/v1/signup/slug-check/")
    assert response.status_code == 400
    assert "slug" in response.json()["fields"]


def test_sign_up_is_throttled_per_client_ip(platform_client, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "signup", "2/min")
    cache.delete("throttle_signup_198.51.100.7")
    statuses = [
        platform_client.post(SIGNUP, {}, format="json", REMOTE_ADDR="198.51.100.7").status_code for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
    other_ip = platform_client.post(SIGNUP, {}, format="json", REMOTE_ADDR="198.51.100.8")
    assert other_ip.status_code == 400
    cache.delete("throttle_signup_198.51.100.7")
    cache.delete("throttle_signup_198.51.100.8")


def test_sign_up_hands_the_owner_over_to_the_new_brands_console_by_a_one_time_code(platform_client):
    body = _sign_up(platform_client).json()
    assert body["handover_url"] == f"http://taco.localhost:8000/manage/#handover={body['handover_code']}"
    storefront = client_for("taco.localhost")
    handed = storefront.post("/api/v1/auth/handover/", {"code": body["handover_code"]}, format="json")
    assert handed.status_code == 200 and handed.json()["user"]["email"] == "boss@taco.test"
    assert storefront.post("/api/v1/auth/handover/", {"code": body["handover_code"]}, format="json").status_code == 400
