"""A customer's whole order in the browser, against the live server: menu, item dialog, cart,
checkout and the live order page."""

import re

from playwright.sync_api import expect

from .storefront import (
    CARD_DECLINED,
    CARD_OK,
    STAFF_TRANSITION,
    choose_classic_burger,
    fill_guest_contact,
    go_to_checkout,
    in_english,
    open_menu,
    pay_by_card,
    sign_in,
)

INSIDE_NEARBY = ("52.5310", "13.4040")  # ~300 m from Burger Mitte: the "Nearby" zone
OUTSIDE_EVERY_ZONE = ("52.4000", "13.1000")  # Potsdam side of Berlin: no zone of Mitte


def test_guest_orders_a_burger_for_pickup_by_card_and_sees_a_staff_move_live(page, browser, live_site):
    in_english(page)
    open_menu(page, live_site.burger_url)
    choose_classic_burger(page)
    expect(page.locator("[data-test=cart-count]")).to_have_text("1")
    go_to_checkout(page)
    fill_guest_contact(page)
    pay_by_card(page, CARD_OK)

    page.wait_for_url(re.compile(r"/track/[\w-]+$"))
    status = page.locator("[data-test=order-status]")
    expect(status).to_have_attribute("data-status", "placed")
    expect(page.locator("[data-test=connection]")).to_have_attribute("data-state", "live")
    page.evaluate("window.__sameDocument = true")

    token = page.url.rsplit("/", 1)[1]
    order = page.evaluate("async (t) => (await (await fetch(`/api/v1/track/${t}/`)).json()).id", token)
    staff = browser.new_context()
    try:
        staff_page = staff.new_page()
        staff_page.goto(live_site.burger_url + "/api/v1/brand/")
        moved = staff_page.evaluate(STAFF_TRANSITION, ["manager@burger.test", live_site.password, order, "accepted"])
        assert moved["status"] == 200, moved
    finally:
        staff.close()

    expect(status).to_have_attribute("data-status", "accepted")
    expect(status).to_have_text("Accepted")
    assert page.evaluate("window.__sameDocument === true")  # no reload: the WebSocket brought it
    expect(page.locator("[data-test=cart-count]")).to_have_text("0")


def test_a_declined_card_says_so_and_keeps_the_cart(page, live_site):
    in_english(page)
    open_menu(page, live_site.burger_url)
    choose_classic_burger(page)
    go_to_checkout(page)
    fill_guest_contact(page)
    pay_by_card(page, CARD_DECLINED)

    error = page.locator("[data-test=checkout-error]")
    expect(error).to_contain_text("Your card was declined. The order was not placed.")
    expect(error).to_contain_text("Your cart is kept")
    assert "/checkout" in page.url
    expect(page.locator("[data-test=cart-count]")).to_have_text("1")
    page.reload()
    expect(page.locator("[data-test=cart-count]")).to_have_text("1")


def test_signed_in_customer_is_refused_outside_the_zones_and_orders_delivery_inside_one(page, live_site):
    in_english(page)
    sign_in(page, live_site.burger_url, "customer@burger.test", live_site.password)
    open_menu(page, live_site.burger_url)
    choose_classic_burger(page, with_fries=True)  # 12.80 €: above the Nearby zone's 12 € minimum
    page.locator("[data-test=cart-button]").click()
    page.locator("label:has([data-test=fulfillment-delivery])").click()
    new_address = page.get_by_label("Another address")
    if new_address.count():
        new_address.check()
    page.get_by_label("Street and number").fill("Somewhere far 1")
    page.get_by_label("Latitude").fill(OUTSIDE_EVERY_ZONE[0])
    page.get_by_label("Longitude").fill(OUTSIDE_EVERY_ZONE[1])
    expect(page.locator("[data-test=address-error]")).to_have_text("The address is outside the delivery area.")
    expect(page.locator("[data-test=zone-check]")).to_contain_text("outside the delivery area")
    expect(page.locator("[data-test=to-checkout]")).to_have_count(0)

    page.get_by_label("Street and number").fill("Torstraße 120")
    page.get_by_label("Latitude").fill(INSIDE_NEARBY[0])
    page.get_by_label("Longitude").fill(INSIDE_NEARBY[1])
    expect(page.locator("[data-test=zone-check]")).to_contain_text("Nearby")
    expect(page.locator("[data-test=totals]")).to_contain_text("Delivery")
    page.locator("[data-test=to-checkout]").click()
    expect(page.locator("[data-test=checkout-form]")).to_contain_text("customer@burger.test")
    page.locator("label:has([data-test=pay-cash])").click()
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.locator("[data-test=place-order]").click()

    page.wait_for_url(re.compile(r"/orders/[0-9a-f-]{36}$"))
    expect(page.locator("[data-test=order-status]")).to_have_attribute("data-status", "placed")
    expect(page.locator("[data-test=order-page]")).to_contain_text("Delivery")
    # The signed-in customer's stream is authenticated by the JWT in Sec-WebSocket-Protocol,
    # never by a query parameter that a proxy would log.
    expect(page.locator("[data-test=connection]")).to_have_attribute("data-state", "live")
    assert sockets and all("token" not in url and "tracking" not in url for url in sockets), sockets
