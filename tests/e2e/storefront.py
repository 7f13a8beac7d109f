"""Steps of a customer on the storefront, shared by the `test_storefront_*` browser tests.

Pages are found by their `data-test` hooks and accessible names; the tests switch the storefront
to English (its language picker remembers the choice in localStorage) unless they test the
brand's own language.
"""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CARD_OK = "4242 4242 4242 4242"
CARD_DECLINED = "4000 0000 0000 0002"  # the simulator's tok_declined

STAFF_TRANSITION = """async ([email, password, order, to]) => {
  const post = (path, body, token) => fetch(path, {method: "POST", headers: {"Content-Type": "application/json",
    ...(token ? {Authorization: `Bearer ${token}`} : {})}, body: JSON.stringify(body)});
  const {access} = await (await post("/api/v1/auth/login/", {email, password})).json();
  const response = await post(`/api/v1/manage/orders/${order}/transition/`, {to}, access);
  return {status: response.status, body: await response.json()};
}"""


def in_english(page: Page) -> Page:
    page.add_init_script("localStorage.setItem('brigade.locale', 'en')")
    return page


def open_menu(page: Page, site_url: str) -> None:
    """From the storefront's home page to the first location's menu, as a customer would."""
    page.goto(site_url + "/")
    page.locator("[data-test=locations] a").first.click()
    expect(page.locator("[data-test=jump-bar]")).to_be_visible()


def choose_classic_burger(page: Page, *, with_fries: bool = False) -> None:
    """The Classic burger: its bun is required (the dialog refuses it without one)."""
    page.locator("[data-test='item-Classic']").click()
    dialog = page.locator("[data-test=item-dialog]")
    expect(dialog).to_be_visible()
    dialog.locator("[data-test=add-to-cart]").click()
    expect(dialog.locator("[data-test='group-Bun']")).to_contain_text("choose at least 1")
    dialog.get_by_role("radio", name=re.compile("^Brioche")).check()
    if with_fries:
        dialog.get_by_role("checkbox", name=re.compile("^Fries")).check()
        dialog.get_by_role("radio", name=re.compile("^Ketchup")).check()
    dialog.locator("[data-test=add-to-cart]").click()
    expect(dialog).to_be_hidden()


def go_to_checkout(page: Page) -> None:
    page.locator("[data-test=cart-button]").click()
    expect(page.locator("[data-test=totals]")).to_be_visible()
    page.locator("[data-test=to-checkout]").click()
    expect(page.locator("[data-test=checkout-form]")).to_be_visible()


def fill_guest_contact(page: Page, email: str = "guest@example.com", phone: str = "+49 30 555 0101") -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Name", exact=True).fill("Grace Guest")
    page.get_by_label("Phone").fill(phone)


def pay_by_card(page: Page, number: str) -> None:
    page.locator("label:has([data-test=pay-card])").click()
    page.get_by_label("Card number").fill(number)
    page.locator("[data-test=place-order]").click()


def sign_in(page: Page, site_url: str, email: str, password: str) -> None:
    page.goto(site_url + "/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-test=sign-out]")).to_be_visible()


def serious_axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (no inline script) refuses a script tag.
        page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
