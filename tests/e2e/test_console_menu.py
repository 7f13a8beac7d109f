"""The menu editor in the browser: an owner builds an item with a required modifier group and a
customer orders it on the storefront; kitchen staff can neither open the editor nor use its API."""

import re
import uuid

from playwright.sync_api import expect

from .console import api_as, console_sign_in
from .storefront import (
    CARD_OK,
    fill_guest_contact,
    go_to_checkout,
    in_english,
    pay_by_card,
    serious_axe_violations,
)

OWNER = "owner@burger.test"
ALL_DAY = {"mon": [["00:00", "24:00"]], "tue": [["00:00", "24:00"]], "wed": [["00:00", "24:00"]], "thu": [["00:00", "24:00"]],
           "fri": [["00:00", "24:00"]], "sat": [["00:00", "24:00"]], "sun": [["00:00", "24:00"]]}


def test_an_owner_builds_an_item_with_a_required_choice_and_a_customer_orders_it(page, browser, live_site):
    console_sign_in(page, live_site.burger_url, OWNER, live_site.password, path="/manage/menu")
    place = f"Night Kitchen {uuid.uuid4().hex[:6]}"  # open all day: the test does not depend on the hour
    created = api_as(page, OWNER, live_site.password, "POST", "/api/v1/manage/locations/", {
        "name": place, "address": "Torstraße 1, Berlin", "latitude": 52.529, "longitude": 13.401, "hours": ALL_DAY,
        "pickup_enabled": True, "timezone": "Europe/Berlin"})
    assert created["status"] == 201, created
    page.reload()
    editor = page.locator("[data-test=menu-editor]")
    expect(editor).to_be_visible()

    new_menu = page.locator("[data-test=new-menu]")
    new_menu.get_by_label("New menu").fill("Late menu")
    new_menu.get_by_label(place).check()
    new_menu.get_by_role("button", name="Add").click()
    expect(page.locator("[data-test=menu-form]").get_by_label("Menu name")).to_have_value("Late menu")

    new_category = page.locator("[data-test=new-category]")
    new_category.get_by_label("New category").fill("Bowls")
    new_category.get_by_role("button", name="Add").click()
    category = page.locator("[data-test='category-Bowls']")
    expect(category).to_be_visible()

    category.get_by_text("New item in Bowls").click()
    form = category.locator("[data-test=item-form]")
    form.get_by_label("Name").fill("Poke Bowl")
    form.get_by_label("Price (EUR)").fill("eleven")
    form.get_by_role("button", name="Add").click()
    expect(form.get_by_label("Price (EUR)")).to_have_attribute("aria-invalid", "true")
    form.get_by_label("Price (EUR)").fill("11,50")
    form.get_by_role("button", name="Add").click()
    panel = page.locator("[data-test=item-panel]")
    expect(panel).to_be_visible()
    expect(page.locator("[data-test='editor-item-Poke Bowl']")).to_contain_text("€11.50")

    panel.locator("[data-test=add-group]").click()
    group_form = panel.locator("[data-test=group-form]")
    group_form.get_by_label("Group name").fill("Base")
    group_form.get_by_label("Required (the customer must choose)").check()
    group_form.get_by_label("At most (empty: no limit)").fill("1")
    group_form.get_by_role("button", name="Add").click()
    group = panel.locator("[data-test=group-Base]")
    expect(group).to_contain_text("Required")
    group.get_by_text("New choice").click()  # stays open for the next choice
    for name, price in (("Rice", ""), ("Quinoa", "1.00")):
        choice = group.locator("details [data-test=modifier-form]")
        choice.get_by_label("Choice").fill(name)
        choice.get_by_label("Extra price (EUR)").fill(price)
        choice.get_by_role("button", name="Add").click()
        expect(group.locator(f"[data-test='sortable-{name}']")).to_be_visible()
    group.get_by_role("button", name="Move Quinoa up").click()  # the keyboard's way to reorder
    expect(panel.locator("[data-test=panel-notice]")).to_have_text("Order saved.")
    assert serious_axe_violations(page) == []

    customer = browser.new_context()
    try:
        shop = in_english(customer.new_page())
        shop.goto(live_site.burger_url + "/")
        shop.locator(f"[data-test='location-{place}']").click()
        shop.locator("[data-test='item-Poke Bowl']").click()
        dialog = shop.locator("[data-test=item-dialog]")
        dialog.locator("[data-test=add-to-cart]").click()
        expect(dialog.locator("[data-test='group-Base']")).to_contain_text("choose at least 1")
        options = dialog.get_by_role("radio")
        expect(options.first).to_have_accessible_name(re.compile("^Quinoa"))  # in the order the owner gave
        dialog.get_by_role("radio", name=re.compile("^Rice")).check()
        dialog.locator("[data-test=add-to-cart]").click()
        expect(dialog).to_be_hidden()
        go_to_checkout(shop)
        fill_guest_contact(shop)
        pay_by_card(shop, CARD_OK)
        shop.wait_for_url(re.compile(r"/track/[\w-]+$"))
        expect(shop.locator("[data-test=order-status]")).to_have_attribute("data-status", "placed")
    finally:
        customer.close()

    orders = api_as(page, OWNER, live_site.password, "GET", "/api/v1/manage/orders/?status=placed")
    line = next(o for o in orders["body"]["results"] if o["location"]["name"] == place)["lines"][0]
    assert (line["name"], [m["name"] for m in line["modifiers"]], line["unit_price_cents"]) == ("Poke Bowl", ["Rice"], 1150)


def test_kitchen_staff_cannot_open_the_menu_editor_or_the_staff_page_and_the_api_refuses_them(page, live_site):
    console_sign_in(page, live_site.burger_url, "kitchen@burger.test", live_site.password, path="/manage/menu")
    expect(page.locator("[data-test=console-forbidden]")).to_be_visible()
    expect(page.locator("[data-test=menu-editor]")).to_have_count(0)
    expect(page.locator("[data-test=console-nav]").get_by_role("link", name="Menu", exact=True)).to_have_count(0)
    refused = api_as(page, "kitchen@burger.test", live_site.password, "POST", "/api/v1/manage/menus/", {"name": "Sneaky"})
    assert refused["status"] == 403, refused

    page.goto(live_site.burger_url + "/manage/staff")
    expect(page.locator("[data-test=console-forbidden]")).to_be_visible()
    expect(page.locator("[data-test=staff-page]")).to_have_count(0)
    refused = api_as(page, "kitchen@burger.test", live_site.password, "POST", "/api/v1/manage/staff/",
                     {"email": "mole@burger.test", "password": "long-enough-1", "role": "manager"})
    assert refused["status"] == 403, refused
