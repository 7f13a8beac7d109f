"""The invoices the cycle issued, as the owner's billing page and the platform admin see them."""

from datetime import timedelta

import pytest

from shared_apps.billing import cycle
from shared_apps.scheduling.models import Schedule
from tenants.audit import Actor
from tenants.services import update_theme
from tests.catalog.conftest import staff_client
from tests.conftest import login

from .test_invoicing import END, START, on_plan, place_orders


@pytest.fixture
def issued(tenant_a):
    on_plan(tenant_a, "starter")
    place_orders(tenant_a, [START + timedelta(minutes=n) for n in range(101)])
    cycle.run(tenant_a.pk, now=END)
    return tenant_a.invoices.get()


def test_the_owner_sees_the_issued_invoice_with_its_lines(client_a, issued):
    client_a.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_a, 'owner@alpha.test')['access']}")
    [invoice] = client_a.get("/api/v1/billing/").json()["invoices"]
    assert (invoice["number"], invoice["status"], invoice["total_cents"]) == (issued.number, "open", 2900 + 25)
    assert [line["kind"] for line in invoice["lines"]] == ["plan_fee", "order_fees"]
    assert invoice["orders_placed"] == 101 and invoice["due_at"]


@pytest.fixture
def admin(platform_client, platform_admin):
    platform_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login(platform_client, platform_admin.email)['access']}")
    return platform_client


def test_the_platform_admin_lists_invoices_and_records_a_payment(admin, issued):
    listed = admin.get("/api/v1/admin/invoices/", {"tenant": "alpha"}).json()["results"]
    assert [(i["number"], i["status"]) for i in listed] == [(issued.number, "open")]
    paid = admin.post(f"/api/v1/admin/invoices/{issued.number}/paid/")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    assert admin.post(f"/api/v1/admin/invoices/{issued.number}/paid/").json()["status"] == "paid"  # once


def test_an_unknown_invoice_is_a_404_with_its_code(admin):
    response = admin.post("/api/v1/admin/invoices/BRG-999999/paid/")
    assert response.status_code == 404 and response.json()["code"] == "unknown_invoice"


def test_nobody_else_may_record_a_payment(client_a, issued):
    client_a.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_a, 'owner@alpha.test')['access']}")
    assert client_a.post(f"/api/v1/admin/invoices/{issued.number}/paid/").status_code == 404


def test_the_platform_admin_sees_failing_schedules_with_their_error(admin, tenant_a, tenant_b):
    Schedule.objects.create(tenant=tenant_a, job="reports.daily", next_run_at=END, attempts=2,
                            last_error="ZoneInfoNotFoundError: Mars/Olympus_Mons")
    Schedule.objects.create(tenant=tenant_b, job="reports.daily", next_run_at=END)
    failing = admin.get("/api/v1/admin/schedules/", {"failing": "true"}).json()["results"]
    assert [(s["tenant"], s["attempts"], s["failing"]) for s in failing] == [("alpha", 2, True)]
    assert "Olympus" in failing[0]["last_error"]
    assert len(admin.get("/api/v1/admin/schedules/").json()["results"]) == 2


def test_the_owner_downloads_an_invoice_as_a_pdf_and_no_one_else_of_the_brand_does(client_a, tenant_a, issued):
    client_a.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_a, 'owner@alpha.test')['access']}")
    response = client_a.get(f"/api/v1/billing/invoices/{issued.number}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and len(response.content) > 1000
    assert response["Content-Disposition"] == f'attachment; filename="invoice-{issued.number.lower()}.pdf"'
    staff_client(client_a, tenant_a, "manager")
    assert client_a.get(f"/api/v1/billing/invoices/{issued.number}/pdf/").status_code == 403


def test_another_brands_invoice_number_is_not_found_on_this_brands_host(client_b, tenant_b, issued):
    client_b.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_b, 'owner@bravo.test')['access']}")
    response = client_b.get(f"/api/v1/billing/invoices/{issued.number}/pdf/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_platform_admin_downloads_any_brands_invoice_pdf(admin, issued):
    response = admin.get(f"/api/v1/admin/invoices/{issued.number}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert admin.get("/api/v1/admin/invoices/BRG-999999/pdf/").status_code == 404


def test_the_issued_invoice_e_mail_carries_the_pdf_and_amounts_in_the_brands_locale(tenant_a, mailoutbox,
                                                                                     django_capture_on_commit_callbacks):
    update_theme(tenant_a, by=Actor.system("test"), locale="de-DE")
    on_plan(tenant_a, "starter")
    with django_capture_on_commit_callbacks(execute=True):
        cycle.run(tenant_a.pk, now=END)
    [message] = mailoutbox
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".pdf") and mimetype == "application/pdf" and content.startswith(b"%PDF-")
    assert "Total: 29,00\xa0€" in message.body
    assert "29,00\xa0€" in message.alternatives[0][0]
