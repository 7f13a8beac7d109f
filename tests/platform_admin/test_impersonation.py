from datetime import UTC, datetime

from tenants.models import AuditEvent

IMPERSONATE = "/api/v1/admin/tenants/alpha/impersonate/"


def _impersonate(admin_client) -> dict:
    response = admin_client.post(IMPERSONATE, {"reason": "Support ticket 42"}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def _impersonation_token(admin_client, client_a) -> str:
    code = _impersonate(admin_client)["handover_code"]
    response = client_a.post("/api/v1/auth/handover/", {"code": code}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["access"]


def _claims(token: str) -> dict:
    from django.conf import settings
    from rest_framework_simplejwt.backends import TokenBackend

    return TokenBackend("HS256", settings.SIMPLE_JWT["SIGNING_KEY"]).decode(token)


def test_impersonation_gives_a_handover_link_to_the_brands_console_and_no_token(admin_client):
    body = _impersonate(admin_client)
    assert body["handover_url"] == f"http://alpha.localhost:8000/manage/#handover={body['handover_code']}"
    assert body["owner_email"] == "owner@alpha.test" and body["host"] == "alpha.localhost"
    assert body["impersonated_by"] == "root@platform.test"
    assert "access" not in body and "refresh" not in body


def test_impersonation_token_is_short_lived_and_marked_in_its_claims(admin_client, client_a, tenant_a):
    claims = _claims(_impersonation_token(admin_client, client_a))
    assert claims["impersonated_by"] == "root@platform.test"
    assert claims["schema"] == tenant_a.schema_name
    assert claims["role"] == "owner"
    assert claims["token_type"] == "access"
    assert 14 * 60 <= claims["exp"] - datetime.now(UTC).timestamp() <= 15 * 60


def test_impersonation_token_acts_as_the_owner_on_the_brand_host_only(admin_client, client_a, client_b, platform_client):
    access = _impersonation_token(admin_client, client_a)
    me = client_a.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert me.status_code == 200 and me.json()["email"] == "owner@alpha.test"
    assert client_b.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 401
    assert platform_client.get("/api/v1/admin/tenants/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 401


def test_an_impersonation_code_is_refused_on_another_brands_host(admin_client, client_b):
    code = _impersonate(admin_client)["handover_code"]
    assert client_b.post("/api/v1/auth/handover/", {"code": code}, format="json").status_code == 400


def test_impersonation_is_audited_and_so_is_every_action_taken_with_the_token(admin_client, client_a, tenant_a):
    access = _impersonation_token(admin_client, client_a)
    started = AuditEvent.objects.get(action="tenant.impersonated", tenant=tenant_a)
    assert started.actor_email == "root@platform.test"
    assert started.target == "user:owner@alpha.test"
    assert started.data["reason"] == "Support ticket 42"
    jti = AuditEvent.objects.get(action="tenant.impersonation_started", tenant=tenant_a).data["jti"]
    assert jti == _claims(access)["jti"]

    response = client_a.patch("/api/v1/manage/brand/", {"hero_text": "Fixed by support"}, format="json",
                              HTTP_AUTHORIZATION=f"Bearer {access}")
    assert response.status_code == 200
    change = AuditEvent.objects.get(action="brand.updated", tenant=tenant_a)
    assert change.actor_email == "owner@alpha.test"
    assert change.impersonated_by == "root@platform.test"
    assert change.actor_schema == tenant_a.schema_name


def test_owners_own_actions_are_not_marked_as_impersonated(client_a, tenant_a):
    from ..conftest import login

    access = login(client_a, "owner@alpha.test")["access"]
    client_a.patch("/api/v1/manage/brand/", {"hero_text": "Mine"}, format="json", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert AuditEvent.objects.get(action="brand.updated", tenant=tenant_a).impersonated_by == ""
