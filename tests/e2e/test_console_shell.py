"""The console's shell in the browser: the staff sign-in on the brand host, navigation by role,
the route guard and sign-out."""

from playwright.sync_api import expect

from .console import api_as, console_sign_in


def test_an_owner_signs_in_on_the_brand_host_sees_the_back_office_and_signs_out(page, live_site):
    console_sign_in(page, live_site.burger_url, "owner@burger.test", live_site.password)
    expect(page.locator("[data-test=checklist-title]")).to_be_visible()
    nav = page.locator("[data-test=console-nav]")
    expect(nav.get_by_role("link", name="Start")).to_have_attribute("aria-current", "page")
    expect(page.locator("[data-test=console-user]")).to_contain_text("owner@burger.test · Owner")

    page.locator("[data-test=sign-out]").click()
    expect(page.locator("[data-test=console-signin-form]")).to_be_visible()
    page.goto(live_site.burger_url + "/manage/")
    expect(page.locator("[data-test=console-signin-form]")).to_be_visible()  # the guard, after a reload too


def test_a_customer_account_is_told_it_has_no_access_to_the_console(page, live_site):
    page.add_init_script("localStorage.setItem('brigade.locale', 'en')")
    page.goto(live_site.burger_url + "/manage/signin")
    page.get_by_label("E-mail").fill("customer@burger.test")
    page.get_by_label("Password").fill(live_site.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-test=no-access]")).to_contain_text("no access to the staff console")
    expect(page.locator("[data-test=console-nav]")).to_have_count(0)


def test_a_wrong_password_is_said_on_the_sign_in_form(page, live_site):
    page.add_init_script("localStorage.setItem('brigade.locale', 'en')")
    page.goto(live_site.burger_url + "/manage/signin")
    page.get_by_label("E-mail").fill("owner@burger.test")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-test=console-signin-form] [role=alert]").first).not_to_be_empty()
    expect(page.locator("[data-test=console-nav]")).to_have_count(0)


def test_kitchen_staff_see_no_back_office_in_the_navigation_and_the_api_refuses_them(page, live_site):
    console_sign_in(page, live_site.burger_url, "kitchen@burger.test", live_site.password, path="/manage/signin")
    nav = page.locator("[data-test=console-nav]")
    for back_office in ("Start", "Orders", "Menu", "Locations", "Settings", "Staff", "Developer"):
        expect(nav.get_by_role("link", name=back_office, exact=True)).to_have_count(0)

    page.goto(live_site.burger_url + "/manage/forbidden")
    expect(page.locator("[data-test=console-forbidden]")).to_contain_text("Kitchen")
    for path in ("/api/v1/manage/staff/", "/api/v1/manage/menus/"):
        refused = api_as(page, "kitchen@burger.test", live_site.password, "GET", path)
        assert refused["status"] == 403, (path, refused)
