"""Locations in the browser: hours with the API's errors on the day, a holiday, and a delivery
zone drawn on the grid."""

from playwright.sync_api import expect

from .console import api_as, console_sign_in
from .storefront import serious_axe_violations

OWNER = "owner@sushi.test"


def test_an_owner_fixes_hours_adds_a_holiday_and_draws_a_delivery_zone(page, live_site):
    console_sign_in(page, live_site.sushi_url, OWNER, live_site.password, path="/manage/locations")
    form = page.locator("[data-test=location-form]")
    expect(form.get_by_label("Name")).not_to_have_value("")
    location_name = form.get_by_label("Name").input_value()

    form.get_by_label("Monday").fill("25:00–26:00")
    form.locator("[data-test=save-location]").click()
    expect(form.get_by_label("Monday")).to_have_attribute("aria-invalid", "true")
    found = {"locations": serious_axe_violations(page)}
    form.get_by_label("Monday").fill("11:30–15:00, 17:00–22:30")
    form.locator("[data-test=add-exception]").click()
    form.get_by_label("Date").last.fill("2026-12-26")
    form.get_by_label("Note").last.fill("Boxing Day")
    form.locator("[data-test=save-location]").click()
    expect(page.locator("[data-test=places-notice]")).to_have_text("Saved.")

    page.locator("[data-test=new-zone]").click()
    zone = page.locator("[data-test=zone-form]")
    zone.get_by_label("Zone name").fill("Inner ring")
    grid = zone.locator("[data-test=zone-preview]")
    box = grid.bounding_box()
    for fx, fy in ((0.3, 0.3), (0.7, 0.3), (0.7, 0.7)):
        grid.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
    zone.locator("[data-test=add-point]").click()  # a fourth corner typed by keyboard
    zone.get_by_label("Point 4: Latitude").fill("")
    expect(zone.locator("[data-test=zone-points] li")).to_have_count(4)
    zone.get_by_label("Point 4: Latitude").fill(zone.get_by_label("Point 3: Latitude").input_value())
    zone.get_by_label("Point 4: Longitude").fill(zone.get_by_label("Point 1: Longitude").input_value())
    zone.get_by_label("Delivery fee (GBP)").fill("2,50")
    zone.get_by_label("Minimum order (GBP)").fill("15")
    expect(grid.locator("polygon")).to_have_count(1)
    found["zone"] = serious_axe_violations(page)
    zone.locator("[data-test=save-zone]").click()
    expect(page.locator("[data-test='zone-Inner ring']")).to_contain_text("fee £2.50, minimum £15.00")

    locations = api_as(page, OWNER, live_site.password, "GET", "/api/v1/manage/locations/")["body"]["results"]
    saved = next(loc for loc in locations if loc["name"] == location_name)
    assert saved["hours"]["mon"] == [["11:30", "15:00"], ["17:00", "22:30"]]
    assert {"date": "2026-12-26", "ranges": [], "note": "Boxing Day"} in saved["hours_exceptions"]
    zones = api_as(page, OWNER, live_site.password, "GET", f"/api/v1/manage/delivery-zones/?location={saved['id']}")["body"]["results"]
    drawn = next(z for z in zones if z["name"] == "Inner ring")
    assert (drawn["kind"], len(drawn["polygon"]), drawn["polygon"][0] == drawn["polygon"][-1]) == ("polygon", 5, True)
    assert (drawn["fee_cents"], drawn["min_order_cents"]) == (250, 1500)
    assert {name: v for name, v in found.items() if v} == {}
