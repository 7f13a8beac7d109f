"""Reports in the browser: the daily reports drawn as a chart (Chart.js, loaded by this page only)
and listed in a table."""

from playwright.sync_api import expect

from .console import console_sign_in
from .storefront import in_english, serious_axe_violations


def test_an_owner_sees_daily_revenue_as_a_chart_and_a_table(page, live_site):
    console_sign_in(page, live_site.burger_url, "owner@burger.test", live_site.password, path="/manage/reports")
    expect(page.locator("[data-test=reports-summary]")).to_contain_text("sales orders")
    expect(page.locator("[data-test=reports-table] tbody tr").first).to_be_visible()
    chart = page.locator("[data-test=revenue-chart]")
    expect(chart).to_be_visible()
    page.wait_for_function("() => document.querySelector('[data-test=revenue-chart]').width > 0")
    assert serious_axe_violations(page) == []


def test_the_storefront_never_downloads_the_charting_library(browser, live_site):
    context = browser.new_context()
    try:
        shop = in_english(context.new_page())
        scripts = []
        shop.on("response", lambda response: scripts.append(response) if response.url.endswith(".js") else None)
        shop.goto(live_site.burger_url + "/")
        expect(shop.locator("[data-test=locations]")).to_be_visible()
        shop.locator("[data-test=locations] a").first.click()
        expect(shop.locator("[data-test=jump-bar]")).to_be_visible()
        assert scripts
        assert not [r.url for r in scripts if "BarController" in r.text()]
    finally:
        context.close()
