import pytest
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.billing.services import change_plan
from tenants.audit import Actor
from tenants.models import AuditEvent

from ..conftest import client_for, login
from ..factories import UserFactory

STAFF = "/api/v1/manage/staff/"


@pytest.fixture
def owner_a(client_a):
    client_a.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_a, 'owner@alpha.test')['access']}")
    return client_a


def _add(client, email, role="kitchen"):
    return client.post(STAFF, {"email": email, "password": "x-long-enough-9", "role": role}, format="json")


def test_owner_adds_staff_who_sign_in_on_the_brand_host(owner_a, client_a, tenant_a):
    response = _add(owner_a, "Cook@Alpha.test")
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "cook@alpha.test" and response.json()["role"] == "kitchen"
    assert login(client_a, "cook@alpha.test", "x-long-enough-9")["user"]["role"] == "kitchen"
    assert AuditEvent.objects.get(action="staff.added", tenant=tenant_a).data == {"role": "kitchen"}
    emails = [row["email"] for row in owner_a.get(STAFF).json()["results"]]
    assert emails == ["owner@alpha.test", "cook@alpha.test"]


def test_staff_beyond_the_plans_limit_is_403_plan_limit(owner_a, tenant_a):
    for n in range(4):  # starter: 5 staff, the owner included
        assert _add(owner_a, f"s{n}@alpha.test").status_code == 201
    response = _add(owner_a, "one-too-many@alpha.test")
    assert response.status_code == 403
    assert response.json()["code"] == "plan_limit" and response.json()["limit"] == 5
    with schema_context(tenant_a.schema_name):
        assert not User.objects.filter(email="one-too-many@alpha.test").exists()


def test_an_upgrade_or_a_deactivation_makes_room(owner_a, tenant_a):
    ids = [_add(owner_a, f"s{n}@alpha.test").json()["id"] for n in range(4)]
    assert owner_a.patch(f"{STAFF}{ids[0]}/", {"is_active": False}, format="json").status_code == 200
    assert _add(owner_a, "replacement@alpha.test").status_code == 201
    reactivate = owner_a.patch(f"{STAFF}{ids[0]}/", {"is_active": True}, format="json")
    assert reactivate.status_code == 403 and reactivate.json()["code"] == "plan_limit"
    change_plan(tenant_a, "growth", by=Actor.system())
    assert owner_a.patch(f"{STAFF}{ids[0]}/", {"is_active": True}, format="json").status_code == 200


def test_a_deactivated_member_can_no_longer_use_their_token(owner_a, tenant_a):
    member_id = _add(owner_a, "leaver@alpha.test").json()["id"]
    leaver = client_for(tenant_a.primary_domain)  # owner_a's credentials would override a header
    access = login(leaver, "leaver@alpha.test", "x-long-enough-9")["access"]
    assert leaver.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 200
    assert owner_a.patch(f"{STAFF}{member_id}/", {"is_active": False}, format="json").json()["is_active"] is False
    assert leaver.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code == 401


def test_owner_changes_a_members_role(owner_a, tenant_a):
    member_id = _add(owner_a, "rider@alpha.test", role="courier").json()["id"]
    response = owner_a.patch(f"{STAFF}{member_id}/", {"role": "manager"}, format="json")
    assert response.json()["role"] == "manager"
    assert AuditEvent.objects.get(action="staff.updated", tenant=tenant_a).data == {"role": "manager"}


@pytest.mark.parametrize("body", [
    {"email": "x@alpha.test", "password": "x-long-enough-9", "role": "owner"},
    {"email": "x@alpha.test", "password": "x-long-enough-9", "role": "customer"},
    {"email": "x@alpha.test", "password": "123", "role": "kitchen"},
    {"email": "nope", "password": "x-long-enough-9", "role": "kitchen"},
])
def test_bad_staff_input_is_400(owner_a, body):
    assert owner_a.post(STAFF, body, format="json").status_code == 400


def test_an_email_already_in_the_brand_is_409(owner_a):
    assert _add(owner_a, "owner@alpha.test").status_code == 409


def test_the_owner_cannot_be_changed_through_staff(owner_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        owner_id = User.objects.get(email="owner@alpha.test").pk
    assert owner_a.patch(f"{STAFF}{owner_id}/", {"is_active": False}, format="json").status_code == 404


def test_managers_cannot_manage_staff(client_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        UserFactory(email="boss2@alpha.test", role=User.Role.MANAGER)
    client_a.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_a, 'boss2@alpha.test')['access']}")
    assert _add(client_a, "x@alpha.test").status_code == 403
    assert client_a.get(STAFF).status_code == 403


def test_an_owner_cannot_see_or_change_another_brands_staff(owner_a, client_b, tenant_b):
    with schema_context(tenant_b.schema_name):
        bravo_cook = UserFactory(email="cook@bravo.test", role=User.Role.KITCHEN)
    emails = [row["email"] for row in owner_a.get(STAFF).json()["results"]]
    assert "cook@bravo.test" not in emails
    assert owner_a.patch(f"{STAFF}{bravo_cook.pk}/", {"is_active": False}, format="json").status_code == 404
    foreign = login(client_b, "owner@bravo.test")["access"]
    owner_a.credentials(HTTP_AUTHORIZATION=f"Bearer {foreign}")
    assert owner_a.get(STAFF).status_code == 401
