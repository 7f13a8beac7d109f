"""Domains and billing in the browser: a custom domain with the TXT record to publish; the plan,
usage and invoices."""

import uuid

from playwright.sync_api import expect

from .console import console_sign_in
from .storefront import serious_axe_violations

OWNER = "owner@burger.test"


def test_an_owner_adds_a_custom_domain_and_sees_the_dns_record_to_create(page, live_site):
    console_sign_in(page, live_site.burger_url, OWNER, live_site.password, path="/manage/domains")
    expect(page.locator("[data-test=domains-page]")).to_contain_text("Your Brigade address")
    form = page.locator("[data-test=domain-form]")
    form.get_by_label("Host name", exact=False).fill("not a host name")
    form.get_by_role("button", name="Add a custom domain").click()
    expect(form.get_by_label("Host name", exact=False)).to_have_attribute("aria-invalid", "true")
    domain = f"order-{uuid.uuid4().hex[:6]}.example.com"
    form.get_by_label("Host name", exact=False).fill(domain)
    form.get_by_role("button", name="Add a custom domain").click()
    added = page.locator(f"[data-test='domain-{domain}']")
    expect(added).to_contain_text("Waiting for the DNS record")
    expect(added.locator("[data-test=txt-record]")).to_contain_text("TXT")
    assert serious_axe_violations(page) == []


def test_an_owner_sees_the_plan_its_usage_and_invoices_and_downloads_one_as_a_pdf(page, live_site):
    console_sign_in(page, live_site.burger_url, OWNER, live_site.password, path="/manage/billing")
    expect(page.locator("[data-test=plan]")).to_contain_text("Plan:")
    expect(page.locator("[data-test=usage]")).to_contain_text("Locations")
    expect(page.locator("[data-test=invoices]")).to_be_visible()
    assert serious_axe_violations(page) == []
    button = page.locator("[data-test^=invoice-pdf-]").first
    number = button.get_attribute("data-test").removeprefix("invoice-pdf-")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == f"invoice-{number.lower()}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
