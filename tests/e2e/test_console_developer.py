"""The developer page in the browser: an API key shown once, used and revoked; a webhook endpoint
with its events, secret and rotation."""

import uuid

from playwright.sync_api import expect

from .console import console_sign_in
from .storefront import serious_axe_violations

OWNER = "owner@burger.test"
WITH_KEY = """async ([key]) => (await fetch("/api/v1/manage/menus/", {headers: {Authorization: `Api-Key ${key}`}})).status"""


def test_an_owner_creates_a_key_sees_its_secret_once_uses_it_and_revokes_it(page, live_site):
    console_sign_in(page, live_site.burger_url, OWNER, live_site.password, path="/manage/developer")
    name = f"POS {uuid.uuid4().hex[:6]}"
    form = page.locator("[data-test=key-form]")
    form.get_by_label("Name").fill(name)
    form.get_by_label("menu:read").check()
    form.get_by_role("button", name="Create key").click()
    secret = page.locator("[data-test=secret-value]")
    expect(secret).to_contain_text("bk_live_")
    key = secret.text_content().strip()
    found = {"key shown": serious_axe_violations(page)}
    page.locator("[data-test=secret-done]").click()
    expect(page.locator("[data-test=new-secret]")).to_have_count(0)
    page.reload()
    expect(page.locator(f"[data-test='key-{name}']")).to_be_visible()
    assert key not in page.content()  # shown once: never again

    assert page.evaluate(WITH_KEY, [key]) == 200
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"[data-test='key-{name}']").get_by_role("button", name="Revoke").click()
    expect(page.locator(f"[data-test='key-{name}']")).to_contain_text("Revoked")
    assert page.evaluate(WITH_KEY, [key]) == 401
    assert {n: v for n, v in found.items() if v} == {}


def test_an_owner_adds_a_webhook_endpoint_reads_its_secret_rotates_it_and_disables_it(page, live_site):
    console_sign_in(page, live_site.burger_url, OWNER, live_site.password, path="/manage/developer")
    url = f"https://hooks.example.com/{uuid.uuid4().hex[:8]}"
    form = page.locator("[data-test=endpoint-form]")
    form.get_by_label("URL (https)").fill(url)
    form.get_by_label("menu.updated").check()
    form.get_by_role("button", name="Add endpoint").click()
    endpoint = page.locator(f"[data-test='endpoint-{url}']")
    first = endpoint.locator("[data-test=endpoint-secret]")
    expect(first).to_contain_text("whsec_")
    before = first.text_content()
    page.once("dialog", lambda dialog: dialog.accept())
    endpoint.locator("[data-test=rotate]").click()
    expect(page.locator("[data-test=dev-notice]")).to_contain_text("the old one signs until")
    expect(endpoint.locator("[data-test=endpoint-secret]")).not_to_have_text(before)
    endpoint.get_by_role("button", name="Disable").click()
    expect(endpoint).to_contain_text("Disabled")
    endpoint.locator("[data-test=show-deliveries]").click()
    expect(endpoint.locator("[data-test=deliveries]")).to_contain_text("No delivery yet.")
    assert serious_axe_violations(page) == []
