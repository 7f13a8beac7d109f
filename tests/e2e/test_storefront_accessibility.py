"""axe-core on every screen of the journey: no serious or critical violation; and the whole
checkout done with the keyboard alone on a phone."""

import re

from playwright.sync_api import expect

from .storefront import (
    CARD_OK,
    choose_classic_burger,
    fill_guest_contact,
    go_to_checkout,
    in_english,
    open_menu,
    pay_by_card,
    serious_axe_violations,
)


def test_location_menu_dialog_cart_checkout_and_order_pages_have_no_serious_axe_violation(page, live_site):
    in_english(page)
    found = {}
    page.goto(live_site.burger_url + "/")
    expect(page.locator("[data-test=locations]")).to_be_visible()
    found["locations"] = serious_axe_violations(page)

    open_menu(page, live_site.burger_url)
    found["menu"] = serious_axe_violations(page)

    page.locator("[data-test='item-Classic']").click()
    expect(page.locator("[data-test=item-dialog]")).to_be_visible()
    page.locator("[data-test=add-to-cart]").click()  # with the required group's error showing
    found["item dialog"] = serious_axe_violations(page)
    page.keyboard.press("Escape")
    choose_classic_burger(page)

    page.locator("[data-test=cart-button]").click()
    expect(page.locator("[data-test=totals]")).to_be_visible()
    page.locator("label:has([data-test=fulfillment-delivery])").click()  # the address form too
    expect(page.locator("[data-test=address-form]")).to_be_visible()
    found["cart"] = serious_axe_violations(page)
    page.locator("label:has([data-test=fulfillment-pickup])").click()

    go_to_checkout(page)
    page.locator("[data-test=place-order]").click()  # the contact errors showing
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    found["checkout"] = serious_axe_violations(page)

    fill_guest_contact(page)
    pay_by_card(page, CARD_OK)
    expect(page.locator("[data-test=order-status]")).to_be_visible()
    found["order"] = serious_axe_violations(page)

    assert {name: v for name, v in found.items() if v} == {}


def press_tab_until(page, selector: str, *, limit: int = 120, key: str = "Tab") -> None:
    """Moves the focus with the keyboard until it is on `selector` (fails after `limit` presses)."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was never reached with {key}")


def test_the_whole_checkout_can_be_done_with_the_keyboard_alone_on_a_phone(phone, live_site):
    page = in_english(phone)
    page.goto(live_site.burger_url + "/")
    expect(page.locator("[data-test=locations]")).to_be_visible()
    press_tab_until(page, "[data-test=locations] a")
    page.keyboard.press("Enter")
    expect(page.locator("[data-test=jump-bar]")).to_be_visible()

    press_tab_until(page, "[data-test='item-Classic']")
    page.keyboard.press("Enter")
    dialog = page.locator("[data-test=item-dialog]")
    expect(dialog).to_be_visible()
    press_tab_until(page, "input[type=radio]")  # the Bun group, required
    page.keyboard.press("Space")
    expect(dialog.get_by_role("radio", name=re.compile("^Brioche"))).to_be_checked()
    press_tab_until(page, "[data-test=add-to-cart]")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()

    press_tab_until(page, "[data-test=cart-bar], [data-test=cart-button]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-test=totals]")).to_be_visible()
    press_tab_until(page, "[data-test=to-checkout]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-test=checkout-form]")).to_be_visible()

    press_tab_until(page, "input[name=email]")
    page.keyboard.type("keys@example.com")
    press_tab_until(page, "input[name=phone]")
    page.keyboard.type("+49 30 555 0199")
    press_tab_until(page, "[data-test=pay-card]")
    page.keyboard.press("ArrowRight")  # within the radio group: to "Cash"
    expect(page.locator("[data-test=pay-cash]")).to_be_checked()
    press_tab_until(page, "[data-test=place-order]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/track/[\w-]+$"))
    expect(page.locator("[data-test=order-status]")).to_have_attribute("data-status", "placed")
