"""The hand-over code: single use, at most 60 s, bound to one brand and one of its users."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.handover.errors import HandoverInvalid
from shared_apps.handover.models import HandoverCode
from shared_apps.handover.services import CODE_LIFETIME, exchange_code, issue_code
from tenants.models import AuditEvent

HANDOVER = "/api/v1/auth/handover/"


def _owner(tenant) -> User:
    with schema_context(tenant.schema_name):
        return User.objects.get(email=f"owner@{tenant.slug}.test")


def _exchange(client, code):
    return client.post(HANDOVER, {"code": code}, format="json")


def test_a_code_signs_the_owner_in_on_the_brands_host_with_a_working_token_pair(client_a, tenant_a):
    issued = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP)
    assert issued.url == f"http://alpha.localhost:8000/manage/#handover={issued.code}"
    response = _exchange(client_a, issued.code)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["user"]["email"] == "owner@alpha.test" and body["impersonated_by"] == ""
    me = client_a.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert me.status_code == 200 and me.json()["role"] == "owner"
    assert client_a.post("/api/v1/auth/token/refresh/", {"refresh": body["refresh"]}, format="json").status_code == 200


def test_a_code_used_twice_is_refused_the_second_time(client_a, tenant_a):
    code = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP).code
    assert _exchange(client_a, code).status_code == 200
    again = _exchange(client_a, code)
    assert again.status_code == 400 and again.json()["code"] == "handover_invalid"
    assert "access" not in again.json()


def test_a_code_older_than_60_seconds_is_refused(client_a, tenant_a):
    issued_at = timezone.now() - CODE_LIFETIME - timedelta(seconds=1)
    code = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP, now=issued_at).code
    response = _exchange(client_a, code)
    assert response.status_code == 400 and response.json()["code"] == "handover_invalid"


def test_a_code_is_good_until_its_60th_second_and_not_at_it(tenant_a):
    issued_at = timezone.now()
    late = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP, now=issued_at).code
    with pytest.raises(HandoverInvalid):
        exchange_code(late, tenant_a, now=issued_at + timedelta(seconds=60))
    in_time = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP, now=issued_at).code
    assert exchange_code(in_time, tenant_a, now=issued_at + timedelta(seconds=59)).user.email == "owner@alpha.test"


def test_a_code_for_one_brand_is_refused_on_another_brands_host_and_stays_usable_on_its_own(client_a, client_b, tenant_a):
    code = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP).code
    refused = _exchange(client_b, code)
    assert refused.status_code == 400 and refused.json()["code"] == "handover_invalid"
    assert _exchange(client_a, code).status_code == 200


def test_the_platform_host_has_no_handover_endpoint(platform_client, tenant_a):
    code = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP).code
    assert _exchange(platform_client, code).status_code == 404


def test_only_the_codes_hash_is_stored(tenant_a):
    code = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP).code
    row = HandoverCode.objects.get(tenant=tenant_a)
    assert code not in row.code_hash and len(row.code_hash) == 64


def test_expired_codes_are_deleted_when_a_new_one_is_issued(tenant_a):
    owner = _owner(tenant_a)
    issue_code(tenant_a, owner, purpose=HandoverCode.Purpose.SIGNUP, now=timezone.now() - timedelta(minutes=5))
    issue_code(tenant_a, owner, purpose=HandoverCode.Purpose.SIGNUP)
    assert HandoverCode.objects.filter(tenant=tenant_a).count() == 1


def test_a_code_for_a_deactivated_user_is_refused(client_a, tenant_a):
    owner = _owner(tenant_a)
    code = issue_code(tenant_a, owner, purpose=HandoverCode.Purpose.SIGNUP).code
    with schema_context(tenant_a.schema_name):
        User.objects.filter(pk=owner.pk).update(is_active=False)
    assert _exchange(client_a, code).status_code == 400


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": "x" * 101}, {"code": "nope"}, []])
def test_bad_or_unknown_codes_are_400_not_500(client_a, body):
    response = client_a.post(HANDOVER, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] in ("invalid_input", "handover_invalid")


def test_a_suspended_brands_host_still_exchanges_a_code(client_a, tenant_a):
    tenant_a.status = tenant_a.Status.SUSPENDED
    tenant_a.save(update_fields=["status"])
    code = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.SIGNUP).code
    assert _exchange(client_a, code).status_code == 200


def test_an_impersonation_code_gives_a_marked_15_minute_token_without_refresh(client_a, tenant_a):
    code = issue_code(tenant_a, _owner(tenant_a), purpose=HandoverCode.Purpose.IMPERSONATION,
                      impersonated_by="root@platform.test").code
    body = _exchange(client_a, code).json()
    assert body["refresh"] is None and body["impersonated_by"] == "root@platform.test"
    lifetime = timezone.datetime.fromisoformat(body["access_expires_at"]) - timezone.now()
    assert timedelta(minutes=14) < lifetime <= timedelta(minutes=15)
    started = AuditEvent.objects.get(action="tenant.impersonation_started", tenant=tenant_a)
    assert started.actor_email == "root@platform.test" and started.target == "user:owner@alpha.test"

