from tenants.models import AuditEvent, Tenant

from ..billing.factories import InvoiceFactory
from ..conftest import login


def _register(client, email):
    return client.post("/api/v1/auth/register/", {"email": email, "password": "x-long-enough-9"}, format="json")


def test_admin_lists_brands_with_plan_status_created_and_order_count(admin_client):
    response = admin_client.get("/api/v1/admin/tenants/")
    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()["results"]}
    assert {"alpha", "bravo"} <= set(rows)
    assert rows["alpha"]["plan"] == "starter"
    assert rows["alpha"]["status"] == "trial"
    assert rows["alpha"]["order_count"] == 0
    assert rows["alpha"]["created"] and rows["alpha"]["domain"] == "alpha.localhost"


def test_spare_and_template_schemas_are_never_listed(admin_client):
    slugs = [row["slug"] for row in admin_client.get("/api/v1/admin/tenants/").json()["results"]]
    assert None not in slugs
    assert len(slugs) == Tenant.objects.filter(kind=Tenant.Kind.BRAND).count()


def test_admin_searches_by_slug_name_or_domain_and_filters_by_status_and_plan(admin_client, tenant_b):
    def slugs(**query):
        return [row["slug"] for row in admin_client.get("/api/v1/admin/tenants/", query).json()["results"]]

    assert slugs(search="alp") == ["alpha"]
    assert slugs(search="bravo.local") == ["bravo"]
    tenant_b.status = Tenant.Status.SUSPENDED
    tenant_b.save(update_fields=["status"])
    assert slugs(status="suspended") == ["bravo"]
    admin_client.patch("/api/v1/admin/tenants/bravo/", {"plan": "pro"}, format="json")
    assert slugs(plan="pro") == ["bravo"]


def test_bad_filters_are_400(admin_client):
    response = admin_client.get("/api/v1/admin/tenants/", {"status": "sleeping"})
    assert response.status_code == 400 and "status" in response.json()["fields"]


def test_admin_reads_a_brand_with_plan_domains_and_usage(admin_client):
    body = admin_client.get("/api/v1/admin/tenants/alpha/").json()
    assert body["plan"] == "starter"
    assert body["subscription"]["status"] == "trialing"
    assert body["domains"][0]["domain"] == "alpha.localhost"
    assert body["usage"]["staff"]["used"] == 1
    assert body["usage"]["locations"]["limit"] == 1


def test_unknown_brand_is_404(admin_client):
    response = admin_client.get("/api/v1/admin/tenants/nope/")
    assert response.status_code == 404 and response.json()["code"] == "tenant_not_found"


def test_admin_changes_a_plan_and_renames_a_brand_audited(admin_client, tenant_a):
    response = admin_client.patch("/api/v1/admin/tenants/alpha/", {"plan": "growth", "name": "Alpha Foods"}, format="json")
    assert response.status_code == 200
    assert response.json()["plan"] == "growth" and response.json()["name"] == "Alpha Foods"
    actions = set(AuditEvent.objects.filter(tenant=tenant_a).values_list("action", flat=True))
    assert {"plan.changed", "tenant.renamed"} <= actions


def test_a_plan_change_keeps_its_reason_in_the_audit_log(admin_client, tenant_a):
    response = admin_client.patch("/api/v1/admin/tenants/alpha/", {"plan": "pro", "reason": "Upsell call"}, format="json")
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="plan.changed", tenant=tenant_a).data == {
        "from": "starter", "to": "pro", "reason": "Upsell call"}


def test_changing_to_an_unknown_plan_is_400_and_changes_nothing(admin_client, tenant_a):
    response = admin_client.patch("/api/v1/admin/tenants/alpha/", {"plan": "gold", "name": "Renamed"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "unknown_plan"
    tenant_a.refresh_from_db()
    assert tenant_a.name == "Alpha"


def test_suspension_stops_the_brand_api_and_reactivation_restores_it(admin_client, client_a, client_b, tenant_a):
    response = admin_client.post("/api/v1/admin/tenants/alpha/suspend/", {"reason": "Chargebacks"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "suspended"

    refused = _register(client_a, "new@alpha.test")
    assert refused.status_code == 403 and refused.json()["code"] == "tenant_suspended"
    brand = client_a.get("/api/v1/brand/").json()
    assert brand["status"] == "suspended" and brand["accepts_orders"] is False
    assert _register(client_b, "new@bravo.test").status_code == 201  # other brands unaffected

    response = admin_client.post("/api/v1/admin/tenants/alpha/reactivate/", {"reason": "Settled"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "trial"
    assert _register(client_a, "new@alpha.test").status_code == 201

    suspended = AuditEvent.objects.get(tenant=tenant_a, action="tenant.suspended")
    assert suspended.data == {"reason": "Chargebacks", "from": "trial"}
    assert suspended.actor_email == "root@platform.test" and suspended.ip == "127.0.0.1"
    assert AuditEvent.objects.get(tenant=tenant_a, action="tenant.reactivated").data["to"] == "trial"


def test_suspending_needs_a_reason_and_an_active_brand(admin_client):
    assert admin_client.post("/api/v1/admin/tenants/alpha/suspend/", {}, format="json").status_code == 400
    admin_client.post("/api/v1/admin/tenants/alpha/suspend/", {"reason": "x"}, format="json")
    again = admin_client.post("/api/v1/admin/tenants/alpha/suspend/", {"reason": "x"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_status_change"


def test_reactivating_an_active_brand_is_409(admin_client):
    response = admin_client.post("/api/v1/admin/tenants/alpha/reactivate/", {}, format="json")
    assert response.status_code == 409


def test_cancelling_keeps_the_data_and_closes_the_storefront(admin_client, client_a, tenant_a):
    response = admin_client.post("/api/v1/admin/tenants/alpha/cancel/", {"reason": "Closed down"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["subscription"]["status"] == "cancelled"
    assert client_a.get("/api/v1/brand/").json()["accepts_orders"] is False
    assert _register(client_a, "late@alpha.test").json()["code"] == "tenant_suspended"
    assert "access" in login(client_a, "owner@alpha.test")  # data and staff kept

    back = admin_client.post("/api/v1/admin/tenants/alpha/reactivate/", {"reason": "Came back"}, format="json")
    assert back.json()["status"] == "active" and back.json()["subscription"]["status"] == "active"


def test_audit_log_lists_entries_filtered_by_brand_and_action(admin_client):
    admin_client.post("/api/v1/admin/tenants/alpha/suspend/", {"reason": "a"}, format="json")
    admin_client.post("/api/v1/admin/tenants/bravo/suspend/", {"reason": "b"}, format="json")
    rows = admin_client.get("/api/v1/admin/audit/", {"tenant": "alpha", "action": "tenant.suspended"}).json()["results"]
    assert [(row["tenant"], row["data"]["reason"]) for row in rows] == [("alpha", "a")]
    assert rows[0]["actor_email"] == "root@platform.test"


def test_audit_events_cannot_be_changed_or_deleted(admin_client):
    import pytest

    admin_client.post("/api/v1/admin/tenants/alpha/suspend/", {"reason": "a"}, format="json")
    event = AuditEvent.objects.get(action="tenant.suspended", tenant_slug="alpha")
    event.data = {"reason": "rewritten"}
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_admin_lists_invoices_across_brands_and_by_brand(admin_client, tenant_a, tenant_b):
    InvoiceFactory(tenant=tenant_a, number="INV-A")
    InvoiceFactory(tenant=tenant_b, number="INV-B")
    everything = admin_client.get("/api/v1/admin/invoices/").json()["results"]
    assert {row["number"] for row in everything} == {"INV-A", "INV-B"}
    only_b = admin_client.get("/api/v1/admin/invoices/", {"tenant": "bravo"}).json()["results"]
    assert [(row["number"], row["tenant"]) for row in only_b] == [("INV-B", "bravo")]


def test_the_tenant_list_does_not_query_per_row(admin_client, django_assert_max_num_queries):
    # Orders live in each brand's schema: "orders this period" costs one count per listed brand
    # (tenant_apps.orders.plan_limits.count_orders_this_period, schema-qualified, so no SET
    # search_path); nothing else may be per row.
    listed = Tenant.objects.filter(kind=Tenant.Kind.BRAND).count()
    with django_assert_max_num_queries(8 + listed):
        rows = admin_client.get("/api/v1/admin/tenants/").json()["results"]
    assert all(row["domain"] for row in rows)


def test_django_admin_shows_audit_and_billing_read_only(platform_admin, admin_client, tenant_a):
    from django.test import Client

    admin_client.post("/api/v1/admin/tenants/alpha/suspend/", {"reason": "a"}, format="json")
    browser = Client(HTTP_HOST="localhost")
    browser.force_login(platform_admin)
    for path in ("/admin/tenants/auditevent/", "/admin/billing/subscription/", "/admin/billing/plan/"):
        assert browser.get(path).status_code == 200, path
    event = AuditEvent.objects.get(action="tenant.suspended", tenant=tenant_a)
    assert browser.post(f"/admin/tenants/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
