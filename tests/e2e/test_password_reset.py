"""A customer who forgot their password, in the browser: asks for a link from the sign-in page,
follows the e-mailed link (its token in the fragment, taken out of the address bar at once),
chooses a new password, signs in with it; the same link is refused the second time."""

import uuid

import pytest
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from playwright.sync_api import expect
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from shared_apps.accounts import password_reset
from shared_apps.accounts.models import User
from tenants.models import Tenant
from tests.factories import UserFactory

from .storefront import in_english, sign_in


@pytest.fixture
def forgetful(django_db_blocker):
    """A customer of burger, and the link the reset e-mail would carry."""
    with django_db_blocker.unblock(), tenant_context(Tenant.objects.get(slug="burger")):
        user = UserFactory(email=f"forgetful-{uuid.uuid4().hex[:6]}@burger.test", role="customer")
        yield user, password_reset.make_token(user)
        user.delete()


def test_a_customer_asks_for_a_link_and_chooses_a_new_password_with_it_once(page, live_site, forgetful, artifacts):
    user, token = forgetful
    in_english(page)
    page.goto(live_site.burger_url + "/signin")
    page.locator("[data-test=forgot-password]").click()
    request = page.locator("[data-test=reset-request]")  # its lazy chunk loaded: else the sign-in form is filled
    expect(request).to_be_visible()
    request.get_by_label("E-mail").fill(user.email)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator("[data-test=reset-done]")).to_contain_text("a link is on its way")

    page.goto("about:blank")  # the e-mail's link opens a fresh page load, not a hash change
    page.goto(f"{live_site.burger_url}/reset-password#token={token}")
    expect(page.locator("[data-test=reset-choose]")).to_be_visible()
    assert "token" not in page.url  # taken out of the address bar and the history
    page.screenshot(path=str(artifacts / "password-reset-choose.png"))
    page.get_by_role("textbox", name="New password").fill("a-brand-new-secret-9")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator("[data-test=reset-done]")).to_contain_text("Your password is changed")
    sign_in(page, live_site.burger_url, user.email, "a-brand-new-secret-9")

    page.goto("about:blank")
    page.goto(f"{live_site.burger_url}/reset-password#token={token}")
    page.get_by_role("textbox", name="New password").fill("yet-another-secret-9")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator("[data-test=reset-error]")).to_contain_text("it was used already")


@pytest.fixture
def forgetful_admin(django_db_blocker):
    """A platform admin (public schema), and the link the reset e-mail would carry."""
    with django_db_blocker.unblock(), schema_context(get_public_schema_name()):
        admin = User.objects.create_superuser(f"forgetful-{uuid.uuid4().hex[:6]}@platform.test", "old-admin-secret-9")
        yield admin, password_reset.make_token(admin)
        OutstandingToken.objects.filter(user=admin).delete()
        User.objects.filter(pk=admin.pk)._raw_delete("default")  # its cascade would look in brand tables


def test_a_platform_admin_resets_a_password_on_the_platform_host_and_signs_in_to_the_console(page, live_site,
                                                                                            forgetful_admin):
    admin, token = forgetful_admin
    in_english(page)
    page.goto(live_site.platform_url + "/console/login")
    expect(page.locator("[data-test=forgot-password]")).to_be_visible()
    page.goto(f"{live_site.platform_url}/reset-password#token={token}")
    page.get_by_role("textbox", name="New password").fill("a-new-admin-secret-9")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator("[data-test=reset-done]")).to_contain_text("Your password is changed")
    page.locator("[data-test=reset-done] a").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("E-mail").fill(admin.email)
    page.get_by_label("Password").fill("a-new-admin-secret-9")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Brands")).to_be_visible()
