"""Steps of staff in the console (`/manage` on a brand host), shared by the `test_console_*` tests."""

from playwright.sync_api import Page, expect

API_AS = """async ([email, password, method, path, body]) => {
  const login = await fetch("/api/v1/auth/login/", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({email, password})});
  const {access} = await login.json();
  const response = await fetch(path, {method, headers: {"Content-Type": "application/json", Authorization: `Bearer ${access}`},
    body: body === null ? undefined : JSON.stringify(body)});
  return {status: response.status, body: await response.json().catch(() => null)};
}"""


def console_sign_in(page: Page, site_url: str, email: str, password: str, *, path: str = "/manage/") -> None:
    """Opens a console page signed out, signs in on the staff sign-in page, lands back on it (kitchen
    staff and couriers on their full-screen board, which is outside the console's layout)."""
    page.add_init_script("localStorage.setItem('brigade.locale', 'en')")
    page.goto(site_url + path)
    expect(page.locator("[data-test=console-signin-form]")).to_be_visible()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-test=console-home], [data-test=board]").first).to_be_visible()


def api_as(page: Page, email: str, password: str, method: str, path: str, body=None) -> dict:
    """One API call as that person, from the page's origin (the brand host): {status, body}."""
    return page.evaluate(API_AS, [email, password, method, path, body])
