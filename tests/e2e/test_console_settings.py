"""Settings and staff in the browser: the theme's live preview and contrast warning, ordering
settings, promo codes; the owner adds a staff member who can then sign in."""

import re
import uuid

from playwright.sync_api import expect

from .console import console_sign_in
from .storefront import serious_axe_violations

OWNER = "owner@sushi.test"


def test_an_owner_sees_a_contrast_warning_in_the_live_preview_saves_the_theme_and_adds_a_promo_code(page, live_site):
    console_sign_in(page, live_site.sushi_url, OWNER, live_site.password, path="/manage/settings")
    theme = page.locator("[data-test=theme-form]")
    expect(theme).to_be_visible()
    page.get_by_label("Text colour (hex)").fill("#dddddd")
    warning = page.locator("[data-test=contrast-checks] li[data-ok=false]")
    expect(warning.first).to_contain_text("below WCAG AA")
    preview = page.locator("[data-test=theme-preview]")
    page.get_by_label("Welcome text on the storefront").fill("Fresh rolls, all evening")
    expect(preview).to_contain_text("Fresh rolls, all evening")  # before saving: the preview is live
    found = {"settings": serious_axe_violations(page)}

    page.get_by_label("Text colour (hex)").fill("#1f2937")
    expect(page.locator("[data-test=contrast-checks] li").first).to_have_attribute("data-ok", "true")
    page.locator("[data-test=save-theme]").click()
    expect(theme.get_by_role("status")).to_have_text("Saved.")
    brand = page.evaluate("async () => (await fetch('/api/v1/brand/')).json()")
    assert brand["hero_text"] == "Fresh rolls, all evening"

    code = f"WELCOME{uuid.uuid4().hex[:4].upper()}"
    promo = page.locator("[data-test=promo-form]")
    promo.get_by_label("Code").fill(code)
    promo.get_by_label("Value").fill("ten")
    promo.get_by_role("button", name="Add promo code").click()
    expect(promo.get_by_label("Value")).to_have_attribute("aria-invalid", "true")
    promo.get_by_label("Value").fill("10")
    promo.get_by_role("button", name="Add promo code").click()
    expect(page.locator(f"[data-test=promo-{code}]")).to_contain_text("10 % off")
    found["promo"] = serious_axe_violations(page)
    assert {name: v for name, v in found.items() if v} == {}


def test_an_owner_adds_a_courier_who_signs_in_to_the_console(page, browser, live_site):
    console_sign_in(page, live_site.sushi_url, OWNER, live_site.password, path="/manage/staff")
    email = f"rider-{uuid.uuid4().hex[:6]}@sushi.test"
    form = page.locator("[data-test=staff-form]")
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Role").select_option(label="Courier")
    form.get_by_label("First password", exact=False).fill("long-enough-2026")
    form.get_by_role("button", name="Add").click()
    expect(page.locator(f"[data-test='staff-{email}']")).to_be_visible()
    assert serious_axe_violations(page) == []

    rider = browser.new_context()
    try:
        rider_page = rider.new_page()
        console_sign_in(rider_page, live_site.sushi_url, email, "long-enough-2026", path="/manage/signin")
        expect(rider_page).to_have_url(re.compile(r"/manage/courier(\?|$)"))  # a courier starts on their deliveries
        expect(rider_page.get_by_role("heading", level=1)).to_contain_text("Deliveries")
    finally:
        rider.close()

    page.locator(f"[data-test='staff-{email}']").get_by_role("button", name="Deactivate").click()
    expect(page.locator(f"[data-test='staff-{email}']")).to_contain_text("Deactivated")
