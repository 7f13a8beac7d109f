"""What the platform console reads beyond the tenant list: overview, filters, sort, owner, last order."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.billing.models import Invoice
from tenant_apps.orders.models import Order
from tenants.models import AuditEvent, Tenant

from ..billing.factories import InvoiceFactory
from ..orders.factories import OrderFactory


def _slugs(admin_client, **query) -> list[str]:
    response = admin_client.get("/api/v1/admin/tenants/", query)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_admin_finds_a_brand_by_a_fragment_of_its_owners_email(admin_client):
    assert _slugs(admin_client, search="owner@bravo") == ["bravo"]
    assert _slugs(admin_client, search="OWNER@ALPHA.TEST") == ["alpha"]


def test_an_email_search_treats_like_wildcards_as_text(admin_client):
    assert _slugs(admin_client, search="owner@%") == []
    assert _slugs(admin_client, search="_wner@alpha") == []


def test_admin_sorts_brands_by_name_either_way(admin_client, tenant_a):
    Tenant.objects.filter(pk=tenant_a.pk).update(name="Zulu Alpha")
    by_name = _slugs(admin_client, ordering="name")
    assert by_name.index("bravo") < by_name.index("alpha")
    assert _slugs(admin_client, ordering="-name").index("alpha") < _slugs(admin_client, ordering="-name").index("bravo")


def test_an_unknown_sort_key_is_400(admin_client):
    response = admin_client.get("/api/v1/admin/tenants/", {"ordering": "password"})
    assert response.status_code == 400 and "ordering" in response.json()["fields"]


def test_the_tenant_list_pages(admin_client):
    body = admin_client.get("/api/v1/admin/tenants/", {"page_size": 1}).json()
    assert body["count"] >= 2 and len(body["results"]) == 1 and body["next"]


def test_tenant_detail_names_the_owner_the_trial_end_and_the_last_order(admin_client, tenant_a):
    body = admin_client.get("/api/v1/admin/tenants/alpha/").json()
    assert body["owner_email"] == "owner@alpha.test"
    assert body["last_order_at"] is None
    assert body["subscription"]["trial_end"]
    with tenant_context(tenant_a):
        OrderFactory(created=timezone.now() - timedelta(hours=3))
        newest = OrderFactory(created=timezone.now() - timedelta(hours=1))
        OrderFactory(created=timezone.now(), status=Order.Status.PAYMENT_FAILED)  # never became an order
    last = admin_client.get("/api/v1/admin/tenants/alpha/").json()["last_order_at"]
    assert datetime.fromisoformat(last) == newest.created


def test_overview_counts_brands_by_status_and_signups_and_orders_per_day(admin_client, tenant_a, tenant_b):
    tenant_b.status = Tenant.Status.SUSPENDED
    tenant_b.save(update_fields=["status"])
    now = timezone.now()
    with tenant_context(tenant_a):
        OrderFactory(created=now)
        OrderFactory(created=now - timedelta(days=2))
        OrderFactory(created=now - timedelta(days=40))  # outside the window
    with tenant_context(tenant_b):
        OrderFactory(created=now)

    body = admin_client.get("/api/v1/admin/overview/", {"days": 7}).json()
    brands = Tenant.objects.filter(kind=Tenant.Kind.BRAND)
    assert body["tenants_by_status"]["suspended"] == brands.filter(status="suspended").count() >= 1
    assert sum(body["tenants_by_status"].values()) == brands.count()
    orders = {row["date"]: row["count"] for row in body["orders_per_day"]}
    today, two_days_ago = now.astimezone(UTC).date(), (now - timedelta(days=2)).astimezone(UTC).date()
    assert len(orders) == 7 and orders[today.isoformat()] == 2 and orders[two_days_ago.isoformat()] == 1
    assert sum(orders.values()) == 3
    signups = {row["date"]: row["count"] for row in body["signups_per_day"]}
    assert signups[today.isoformat()] == brands.filter(created__date=today).count()


def test_overview_days_out_of_range_is_400(admin_client):
    for days in (0, 91, "x"):
        response = admin_client.get("/api/v1/admin/overview/", {"days": days})
        assert response.status_code == 400 and "days" in response.json()["fields"]


def test_audit_log_filters_by_actor_and_time(admin_client, tenant_a):
    admin_client.post("/api/v1/admin/tenants/alpha/suspend/", {"reason": "a"}, format="json")
    event = AuditEvent.objects.get(action="tenant.suspended", tenant=tenant_a)

    def actions(**query):
        response = admin_client.get("/api/v1/admin/audit/", query)
        assert response.status_code == 200, response.content
        return [row["action"] for row in response.json()["results"]]

    assert "tenant.suspended" in actions(actor="ROOT@platform")
    assert actions(actor="someone-else@") == []
    just_before = (event.created - timedelta(seconds=1)).isoformat()
    just_after = (event.created + timedelta(seconds=1)).isoformat()
    assert "tenant.suspended" in actions(since=just_before, until=just_after)
    assert "tenant.suspended" not in actions(since=just_after)
    assert "tenant.suspended" not in actions(until=event.created.isoformat())  # until is exclusive


def test_audit_log_actor_filter_finds_what_an_admin_did_while_impersonating(admin_client, client_a, tenant_a):
    code = admin_client.post("/api/v1/admin/tenants/alpha/impersonate/", {"reason": "r"}, format="json").json()
    access = client_a.post("/api/v1/auth/handover/", {"code": code["handover_code"]}, format="json").json()["access"]
    client_a.patch("/api/v1/manage/brand/", {"hero_text": "x"}, format="json", HTTP_AUTHORIZATION=f"Bearer {access}")
    rows = admin_client.get("/api/v1/admin/audit/", {"actor": "root@platform.test", "action": "brand.updated"}).json()
    assert [(row["actor_email"], row["impersonated_by"]) for row in rows["results"]] == [
        ("owner@alpha.test", "root@platform.test")]


def test_bad_audit_times_are_400(admin_client):
    response = admin_client.get("/api/v1/admin/audit/", {"since": "yesterday"})
    assert response.status_code == 400 and "since" in response.json()["fields"]


def test_invoices_filter_by_status_and_period(admin_client, tenant_a, tenant_b):
    def period(month):
        return {"period_start": datetime(2026, month, 1, tzinfo=UTC), "period_end": datetime(2026, month + 1, 1, tzinfo=UTC)}

    InvoiceFactory(tenant=tenant_a, number="A-JAN", status=Invoice.Status.PAID, **period(1))
    InvoiceFactory(tenant=tenant_a, number="A-FEB", status=Invoice.Status.OPEN, **period(2))
    InvoiceFactory(tenant=tenant_b, number="B-MAR", status=Invoice.Status.OPEN, **period(3))

    def numbers(**query):
        response = admin_client.get("/api/v1/admin/invoices/", query)
        assert response.status_code == 200, response.content
        return sorted(row["number"] for row in response.json()["results"])

    assert numbers(status="open") == ["A-FEB", "B-MAR"]
    assert numbers(period_from="2026-02-01", period_to="2026-02-28") == ["A-FEB"]
    assert numbers(period_from="2026-02-15") == ["A-FEB", "B-MAR"]
    assert numbers(period_to="2026-01-31") == ["A-JAN"]
    assert numbers(tenant="alpha", status="open") == ["A-FEB"]


def test_bad_invoice_filters_are_400(admin_client):
    assert admin_client.get("/api/v1/admin/invoices/", {"status": "lost"}).status_code == 400
    backwards = admin_client.get("/api/v1/admin/invoices/", {"period_from": "2026-03-01", "period_to": "2026-02-01"})
    assert backwards.status_code == 400 and "period_to" in backwards.json()["fields"]


def test_an_invoice_period_outside_the_years_2000_to_2999_is_a_400_not_an_overflow(admin_client):
    response = admin_client.get("/api/v1/admin/invoices/", {"period_to": "9999-12-31"})
    assert response.status_code == 400 and "period_to" in response.json()["fields"]
