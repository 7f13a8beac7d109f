"""The back office's orders in the browser: filters, an order's detail, moves, ETA, cancellation."""

import re

from playwright.sync_api import expect

from .console import api_as, console_sign_in
from .storefront import serious_axe_violations

OWNER = "owner@sushi.test"


def test_an_owner_filters_orders_accepts_one_delays_it_and_cancels_it_with_a_reason(page, live_site):
    console_sign_in(page, live_site.sushi_url, OWNER, live_site.password, path="/manage/orders")
    expect(page.locator("[data-test=orders-table]")).to_be_visible()
    found = {"orders": serious_axe_violations(page)}

    page.get_by_label("Status").select_option(label="Order received")
    page.get_by_label("Fulfillment").select_option(label="Pickup")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page).to_have_url(re.compile(r"status=placed.*fulfillment=pickup|fulfillment=pickup.*status=placed"))
    rows = page.locator("[data-test=orders-table] tbody tr")
    expect(rows.first).to_be_visible()
    listed = api_as(page, OWNER, live_site.password, "GET", "/api/v1/manage/orders/?status=placed&fulfillment=pickup")
    assert listed["body"]["count"] >= 1
    expect(rows).to_have_count(min(listed["body"]["count"], 25))
    number = listed["body"]["results"][0]["number"]

    page.get_by_role("link", name=f"Order {number}", exact=True).click()
    status = page.locator("[data-test=order-status]")
    expect(status).to_have_attribute("data-status", "placed")
    page.locator("[data-test=move-accepted]").click()
    expect(status).to_have_attribute("data-status", "accepted")
    expect(page.locator("[data-test=order-notice]")).to_contain_text(f"Order {number} is now: Accepted")

    eta_events = page.locator("[data-test=order-events] li[data-kind=eta_changed]")
    before, changes = page.locator("[data-test=eta-ready]").text_content(), eta_events.count()
    page.locator("[data-test=delay-10]").click()
    expect(eta_events).to_have_count(changes + 1)
    expect(page.locator("[data-test=eta-ready]")).not_to_have_text(before)

    page.locator("[data-test=move-cancelled]").click()
    page.locator("[data-test=confirm-ending]").click()  # no reason yet: refused in the form
    expect(page.get_by_label("Reason (the customer sees it)")).to_have_attribute("aria-invalid", "true")
    found["order"] = serious_axe_violations(page)
    page.get_by_label("Reason (the customer sees it)").fill("Out of rice tonight")
    page.locator("[data-test=confirm-ending]").click()
    expect(status).to_have_attribute("data-status", "cancelled")
    expect(page.locator("[data-test=order-events]")).to_contain_text("Out of rice tonight")
    expect(page.locator("[data-test=order-moves]")).to_contain_text("nothing more to do")
    assert {name: v for name, v in found.items() if v} == {}
