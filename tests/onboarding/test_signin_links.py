""""Sign in to my brand": an e-mail with each brand's console link, never saying whether an address is known."""

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User

from ..factories import UserFactory

LINKS = "/api/v1/signin-links/"


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(eager_celery, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _ask(client, email):
    return client.post(LINKS, {"email": email}, format="json")


def test_an_owner_of_two_brands_gets_one_email_with_both_console_links(platform_client, tenant_b):
    with tenant_context(tenant_b):
        UserFactory(email="owner@alpha.test", role=User.Role.MANAGER)
    response = _ask(platform_client, "Owner@Alpha.test")
    assert response.status_code == 202
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@alpha.test"]
    assert "http://alpha.localhost:8000/manage/" in message.body
    assert "http://bravo.localhost:8000/manage/" in message.body
    assert "handover" not in message.body and "token" not in message.body.lower()


def test_an_unknown_address_gets_the_same_answer_and_no_email(platform_client):
    known = _ask(platform_client, "owner@alpha.test")
    mail.outbox.clear()
    unknown = _ask(platform_client, "nobody@nowhere.test")
    assert (unknown.status_code, unknown.json()) == (known.status_code, known.json())
    assert mail.outbox == []


def test_a_customer_account_is_not_a_brand_to_sign_in_to(platform_client, tenant_a):
    with tenant_context(tenant_a):
        UserFactory(email="eater@example.test", role=User.Role.CUSTOMER)
    assert _ask(platform_client, "eater@example.test").status_code == 202
    assert mail.outbox == []


def test_a_deactivated_staff_member_gets_no_email(platform_client, tenant_a):
    with tenant_context(tenant_a):
        UserFactory(email="gone@alpha.test", role=User.Role.KITCHEN, is_active=False)
    _ask(platform_client, "gone@alpha.test")
    assert mail.outbox == []


def test_a_bad_address_is_400(platform_client):
    response = _ask(platform_client, "not an address")
    assert response.status_code == 400 and "email" in response.json()["fields"]


def test_the_links_are_asked_for_on_the_platform_host_only(client_a):
    assert _ask(client_a, "owner@alpha.test").status_code == 404
