"""The kitchen board in the browser, against the live servers: orders arrive live and ring, the
kitchen works them by keyboard and tap while the customer's page follows, the WebSocket server
dies and comes back without the board missing or doubling an event, and an item sold out from
the board is greyed on the storefront."""

import json
import re
import urllib.parse
import urllib.request
import uuid
from datetime import date, timedelta

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from tenant_apps.orders.models import OrderEvent
from tenants.models import Tenant

from .storefront import STAFF_TRANSITION, in_english, serious_axe_violations

LONG = 60_000  # the bound for a reconnect (backoff with jitter); the wait itself ends on the event


def api(site: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
    """A request to the live server as a brand's host (`*.localhost` resolves in browsers, not here)."""
    host = urllib.parse.urlsplit(site).netloc
    request = urllib.request.Request(f"http://127.0.0.1:{host.rsplit(':', 1)[1]}{path}", method=method,
                                     data=json.dumps(body).encode() if body else None,
                                     headers={"Host": host, "Content-Type": "application/json", "Accept": "application/json",
                                              "Idempotency-Key": str(uuid.uuid4()),
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def mitte(site: str) -> str:
    return next(loc["id"] for loc in api(site, "GET", "/api/v1/locations/")["results"] if loc["name"] == "Mitte")


def item_id(site: str, location: str, name: str) -> str:
    menu = api(site, "GET", f"/api/v1/locations/{location}/menu/")
    return next(i["id"] for m in menu["menus"] for c in m["categories"] for i in c["items"] if i["name"] == name)


def next_slot(site: str, location: str, fulfillment: str = "pickup") -> str | None:
    """None while the location is open (as soon as possible), else its first free slot."""
    if next(loc for loc in api(site, "GET", "/api/v1/locations/")["results"] if loc["id"] == location)["accepts_orders"]:
        return None
    for day in (date.today(), date.today() + timedelta(days=1), date.today() + timedelta(days=2)):
        slots = api(site, "GET", f"/api/v1/locations/{location}/slots/?fulfillment={fulfillment}&date={day.isoformat()}")["slots"]
        free = [slot["start"] for slot in slots if slot["available"] > 0]
        if free:
            return free[0]
    raise AssertionError(f"no free {fulfillment} slot in three days")


def place_order(site: str, location: str, *, note: str = "") -> dict:
    """A guest's cash pickup order of coleslaw (no options to choose), over HTTP; scheduled for the
    first free slot when the location is closed (the tests run at any hour)."""
    body = {"location": location, "fulfillment": "pickup", "payment_method": "cash", "note": note,
            "scheduled_for": next_slot(site, location),
            "items": [{"item": item_id(site, location, "Coleslaw"), "quantity": 2, "modifiers": [], "note": "extra creamy"}],
            "contact": {"email": "board-guest@example.com", "name": "Board Guest", "phone": "+49 30 555 0199"}}
    return api(site, "POST", "/api/v1/orders/", body)


def place_delivery(site: str, location: str) -> dict:
    """A guest's cash delivery of five coleslaws (above the Nearby zone's minimum), ~300 m from Mitte."""
    body = {"location": location, "fulfillment": "delivery", "payment_method": "cash",
            "scheduled_for": next_slot(site, location, "delivery"),
            "items": [{"item": item_id(site, location, "Coleslaw"), "quantity": 5, "modifiers": []}],
            "delivery_address": {"line1": "Linienstraße 40", "city": "Berlin", "postcode": "10119", "lat": 52.5310,
                                 "lng": 13.4040},
            "contact": {"email": "board-guest@example.com", "name": "Delia Delivery", "phone": "+49 30 555 0142"}}
    return api(site, "POST", "/api/v1/orders/", body)


def open_board(page: Page, site: str, location: str, email: str = "kitchen@burger.test", password: str = "",
               path: str = "/manage/board") -> None:
    """Signed out to the board: the console's sign-in page, then back on the board, live."""
    in_english(page)
    page.goto(f"{site}{path}?location={location}")
    expect(page.locator("[data-test=console-signin-form]")).to_be_visible()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-test=connection]")).to_have_attribute("data-state", "live")


def card(page: Page, order: dict):
    return page.locator(f"[data-order='{order['id']}']")


def events_after(seq: int, location: str) -> list[int]:
    with tenant_context(Tenant.objects.get(slug="burger")):
        return list(OrderEvent.objects.filter(location_id=location, seq__gt=seq).order_by("seq").values_list("seq", flat=True))


def test_a_new_order_appears_live_and_rings_and_the_kitchen_accepts_and_bumps_it_while_the_customer_follows(
        page, browser, live_site):
    site = live_site.burger_url
    location = mitte(site)
    open_board(page, site, location, password=live_site.password)
    page.locator("[data-test=enable-sound]").click()  # the tap browsers require before any sound
    expect(page.locator("[data-test=enable-sound]")).to_be_hidden()
    page.keyboard.press("a")  # acknowledge what is already waiting: the next alert is this test's order
    board = page.locator("[data-test=board]")
    expect(board).to_have_attribute("data-alerting", "false")
    plays_before = board.get_attribute("data-plays")

    order = place_order(site, location, note="Ring twice")
    new = card(page, order)
    expect(page.locator("[data-test=column-placed]").locator(f"[data-order='{order['id']}']")).to_be_visible()
    expect(board).to_have_attribute("data-alerting", "true")
    expect(page.locator("[data-test=alert]")).to_be_visible()
    expect(board).not_to_have_attribute("data-plays", str(plays_before))  # the chime played
    expect(new.locator("[data-test=customer-note]")).to_contain_text("Ring twice")
    expect(new.locator("[data-test=line-note]")).to_have_text("Note: extra creamy")

    customer = browser.new_context()
    try:
        tracking = customer.new_page()
        in_english(tracking)
        tracking.goto(f"{site}/track/{order['tracking_token']}")
        status = tracking.locator("[data-test=order-status]")
        expect(status).to_have_attribute("data-status", "placed")

        page.keyboard.press("n")  # the first new order gets the focus; Enter accepts it with the estimate
        expect(page.locator("[data-column=placed] article").first).to_be_focused()
        new.focus()
        page.keyboard.press("Enter")
        expect(page.locator("[data-test=column-accepted]").locator(f"[data-order='{order['id']}']")).to_be_visible()
        expect(board).to_have_attribute("data-alerting", "false")
        expect(status).to_have_attribute("data-status", "accepted")

        card(page, order).locator("[data-test=bump]").click()
        expect(page.locator("[data-test=column-preparing]").locator(f"[data-order='{order['id']}']")).to_be_visible()
        expect(status).to_have_attribute("data-status", "preparing")
        card(page, order).locator("[data-test=bump]").click()
        expect(page.locator("[data-test=column-ready]").locator(f"[data-order='{order['id']}']")).to_be_visible()
        expect(status).to_have_attribute("data-status", "ready")
    finally:
        customer.close()


def test_a_refused_move_shows_the_servers_message(page, browser, live_site):
    site = live_site.burger_url
    location = mitte(site)
    open_board(page, site, location, password=live_site.password)
    order = place_order(site, location)
    expect(card(page, order)).to_be_visible()
    # A manager cancels it elsewhere while the board's socket is down: the board's queued accept
    # is then refused by the server, and the board says so in the server's words.
    live_site.servers.kill_ws()
    try:
        expect(page.locator("[data-test=connection]")).to_have_attribute("data-state", re.compile("reconnecting|offline"))
        card(page, order).locator("[data-test=bump]").click()
        expect(card(page, order).locator("[data-test=move]")).to_have_attribute("data-state", "queued")
        staff = browser.new_context()
        try:
            staff_page = staff.new_page()
            staff_page.goto(site + "/api/v1/brand/")
            moved = staff_page.evaluate(STAFF_TRANSITION.replace("{to}", "{to, reason: 'Closing early'}"),
                                        ["manager@burger.test", live_site.password, order["id"], "cancelled"])
            assert moved["status"] == 200, moved
        finally:
            staff.close()
    finally:
        live_site.servers.start_ws()
    expect(page.locator("[data-test=connection]")).to_have_attribute("data-state", "live", timeout=LONG)
    refusal = page.locator("[data-test=orphan-refusal]")
    expect(refusal).to_contain_text("cannot become accepted")
    expect(card(page, order)).to_have_count(0)


def test_the_board_reconnects_after_the_websocket_server_dies_and_gets_every_missed_event_once(
        page, browser, live_site, django_db_blocker):
    site = live_site.burger_url
    location = mitte(site)
    waiting = place_order(site, location)
    open_board(page, site, location, password=live_site.password)
    expect(card(page, waiting)).to_be_visible()
    board = page.locator("[data-test=board]")
    seq_before = int(board.get_attribute("data-seq"))
    applied_before = int(board.get_attribute("data-applied"))
    seen: list[int] = []

    def on_socket(ws):
        if "/ws/kitchen/" in ws.url:
            ws.on("framereceived", lambda payload: seen.append(json.loads(payload).get("seq", -1))
                  if '"order.event"' in str(payload) else None)
    page.on("websocket", on_socket)

    live_site.servers.kill_ws()
    try:
        expect(page.locator("[data-test=connection]")).to_have_attribute("data-state", re.compile("reconnecting|offline"))
        # Meanwhile: a new order, a manager's move over REST, and a bump on the board itself (queued).
        fresh = place_order(site, location)
        staff = browser.new_context()
        try:
            staff_page = staff.new_page()
            staff_page.goto(site + "/api/v1/brand/")
            other = place_order(site, location)
            moved = staff_page.evaluate(STAFF_TRANSITION, ["manager@burger.test", live_site.password, other["id"], "accepted"])
            assert moved["status"] == 200, moved
        finally:
            staff.close()
        card(page, waiting).locator("[data-test=bump]").click()
        expect(card(page, waiting).locator("[data-test=move]")).to_have_attribute("data-state", "queued")
    finally:
        live_site.servers.start_ws()

    expect(page.locator("[data-test=connection]")).to_have_attribute("data-state", "live", timeout=LONG)
    expect(page.locator("[data-test=column-placed]").locator(f"[data-order='{fresh['id']}']")).to_be_visible()
    expect(page.locator("[data-test=column-accepted]").locator(f"[data-order='{other['id']}']")).to_be_visible()
    expect(page.locator("[data-test=column-accepted]").locator(f"[data-order='{waiting['id']}']")).to_be_visible()
    expect(card(page, waiting).locator("[data-test=move]")).to_have_count(0)  # sent on reconnect, answered

    with django_db_blocker.unblock():
        happened = events_after(seq_before, location)
    # created x2, accepted (the manager's), accepted + eta_changed (the board's own bump, with its estimate)
    assert len(happened) >= 5
    expect(board).to_have_attribute("data-seq", str(happened[-1]))
    expect(board).to_have_attribute("data-applied", str(applied_before + len(happened)))  # each once
    assert set(happened) <= set(seen)  # and they came over the socket, replayed after ?since=
    assert len(seen) >= len(happened)


@pytest.fixture
def churros_back(live_site):
    """Churros are on again after the test, whatever it did (other tests order from this menu)."""
    yield
    site = live_site.burger_url
    token = api(site, "POST", "/api/v1/auth/login/", {"email": "manager@burger.test", "password": live_site.password})["access"]
    location = mitte(site)
    api(site, "POST", f"/api/v1/manage/items/{item_id(site, location, 'Churros')}/availability/",
        {"available": True, "location": location}, token=token)


@pytest.mark.usefixtures("churros_back")
def test_an_item_sold_out_from_the_board_is_greyed_on_the_storefront(page, browser, live_site):
    site = live_site.burger_url
    location = mitte(site)
    open_board(page, site, location, password=live_site.password)
    page.locator("[data-test=open-sold-out]").click()
    dialog = page.locator("[data-test=sold-out-dialog]")
    dialog.locator("[data-test=until]").select_option("60")
    toggle = dialog.locator("[data-test='item-Churros'] [data-test=toggle]")
    expect(toggle).to_have_attribute("data-state", "available")
    toggle.click()
    expect(toggle).to_have_attribute("data-state", "sold-out")
    expect(dialog.locator("[data-test='item-Churros']")).to_contain_text("back at")

    customer = browser.new_context()
    try:
        shop = customer.new_page()
        in_english(shop)
        shop.goto(f"{site}/l/{location}")
        churros = shop.locator("[data-test='item-Churros']")
        expect(churros.locator("[data-test=sold-out]")).to_be_visible()
        expect(churros).to_have_attribute("aria-disabled", "true")
    finally:
        customer.close()

    toggle.click()
    expect(toggle).to_have_attribute("data-state", "available")


def test_the_board_and_its_sold_out_dialog_have_no_serious_axe_violation(page, live_site):
    site = live_site.burger_url
    location = mitte(site)
    place_order(site, location, note="Allergic to nuts")
    open_board(page, site, location, password=live_site.password)
    expect(page.locator("[data-test=board] article").first).to_be_visible()
    found = {"board": serious_axe_violations(page)}
    page.locator("[data-test=open-sold-out]").click()
    expect(page.locator("[data-test=sold-out-dialog] [data-test=toggle]").first).to_be_visible()
    found["sold out"] = serious_axe_violations(page)
    assert {name: v for name, v in found.items() if v} == {}


def test_on_a_phone_the_board_shows_one_column_at_a_time_with_tabs(phone, live_site):
    site = live_site.burger_url
    location = mitte(site)
    order = place_order(site, location)
    open_board(phone, site, location, password=live_site.password)
    expect(phone.locator("[data-test=tab-placed]")).to_have_attribute("aria-selected", "true")
    expect(card(phone, order)).to_be_visible()
    phone.locator("[data-test=tab-ready]").tap()
    expect(phone.locator("[data-test=column-ready]")).to_be_visible()
    expect(phone.locator("[data-test=column-placed]")).to_be_hidden()


def test_a_courier_sees_a_delivery_once_it_is_ready_takes_it_out_and_delivers_it(page, browser, live_site):
    site = live_site.burger_url
    location = mitte(site)
    order = place_delivery(site, location)
    open_board(page, site, location, email="courier@burger.test", password=live_site.password, path="/manage/courier")
    expect(card(page, order)).to_have_count(0)  # not the courier's while the kitchen works on it

    staff = browser.new_context()
    try:
        staff_page = staff.new_page()
        staff_page.goto(site + "/api/v1/brand/")
        for to in ("accepted", "preparing", "ready"):
            moved = staff_page.evaluate(STAFF_TRANSITION, ["manager@burger.test", live_site.password, order["id"], to])
            assert moved["status"] == 200, moved
    finally:
        staff.close()

    ready = page.locator("[data-test=column-ready]").locator(f"[data-order='{order['id']}']")
    expect(ready).to_contain_text("Linienstraße 40")
    expect(ready.get_by_role("link", name="Call +49 30 555 0142")).to_be_visible()
    ready.get_by_role("button", name="Take out").click()
    out = page.locator("[data-test=column-out_for_delivery]").locator(f"[data-order='{order['id']}']")
    expect(out).to_be_visible()
    out.get_by_role("button", name="Delivered").click()
    expect(card(page, order)).to_have_count(0)


@pytest.fixture
def mitte_open_again(live_site):
    """Mitte takes orders again after the test, whatever it did."""
    yield
    site = live_site.burger_url
    token = api(site, "POST", "/api/v1/auth/login/", {"email": "manager@burger.test", "password": live_site.password})["access"]
    api(site, "POST", f"/api/v1/manage/locations/{mitte(site)}/busy/", {"busy_mode": "off"}, token=token)


@pytest.mark.usefixtures("mitte_open_again")
def test_the_kitchen_pauses_its_location_from_the_board_and_the_storefront_says_so(page, browser, live_site):
    site = live_site.burger_url
    location = mitte(site)
    open_board(page, site, location, password=live_site.password)
    page.get_by_label("Ordering").select_option(label="Paused")
    expect(page.locator("[data-test=notices]")).to_contain_text("Ordering at Mitte: Paused.")

    customer = browser.new_context()
    try:
        shop = customer.new_page()
        in_english(shop)
        shop.goto(site + "/")
        mitte_card = shop.locator("[data-test=locations] li", has_text="Mitte").first
        expect(mitte_card.locator("[data-test=location-status]")).to_have_text("Not taking orders right now")
    finally:
        customer.close()
    page.get_by_label("Ordering").select_option(label="Taking orders")
    expect(page.locator("[data-test=notices]")).to_contain_text("Ordering at Mitte: Taking orders.")
