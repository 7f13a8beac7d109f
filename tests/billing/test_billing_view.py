from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.billing.services import change_plan
from tenants.audit import Actor

from ..conftest import login
from ..factories import UserFactory
from .factories import InvoiceFactory


def _bearer(client, email):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client, email)['access']}")
    return client


def test_owner_sees_plan_subscription_usage_and_invoices(client_a, tenant_a):
    InvoiceFactory(tenant=tenant_a, number="INV-A-1")
    response = _bearer(client_a, "owner@alpha.test").get("/api/v1/billing/")
    assert response.status_code == 200
    body = response.json()
    assert body["plan"]["code"] == "starter"
    assert body["subscription"]["status"] == "trialing"
    assert body["subscription"]["trial_end"]
    assert body["usage"]["staff"] == {"used": 1, "limit": 5, "counted": True}
    assert body["usage"]["orders"]["limit"] == 500
    assert [invoice["number"] for invoice in body["invoices"]] == ["INV-A-1"]


def test_owner_sees_a_plan_change_at_once(client_a, tenant_a):
    change_plan(tenant_a, "pro", by=Actor.system())
    assert _bearer(client_a, "owner@alpha.test").get("/api/v1/billing/").json()["plan"]["code"] == "pro"


def test_owner_never_sees_another_brands_invoices(client_a, tenant_b):
    InvoiceFactory(tenant=tenant_b, number="INV-B-1")
    assert _bearer(client_a, "owner@alpha.test").get("/api/v1/billing/").json()["invoices"] == []


def test_staff_who_are_not_the_owner_are_refused(client_a, tenant_a):
    with schema_context(tenant_a.schema_name):
        UserFactory(email="manager@alpha.test", role=User.Role.MANAGER)
    response = _bearer(client_a, "manager@alpha.test").get("/api/v1/billing/")
    assert response.status_code == 403


def test_anonymous_and_other_brands_owner_are_refused(client_a, client_b):
    assert client_a.get("/api/v1/billing/").status_code == 401
    foreign = login(client_b, "owner@bravo.test")["access"]
    response = client_a.get("/api/v1/billing/", HTTP_AUTHORIZATION=f"Bearer {foreign}")
    assert response.status_code == 401


def test_billing_page_is_not_served_on_the_platform_host(platform_client):
    assert platform_client.get("/api/v1/billing/").status_code == 404
