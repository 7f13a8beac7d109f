"""Password reset by e-mail: single use, expiring, on the account's own host only."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django_tenants.utils import tenant_context
from rest_framework.throttling import ScopedRateThrottle

from shared_apps.accounts import password_reset

from ..conftest import login
from ..factories import PASSWORD, UserFactory

RESET, CONFIRM = "/api/v1/auth/password/reset/", "/api/v1/auth/password/reset/confirm/"
NEW = "a-whole-new-passphrase-42"


@pytest.fixture(autouse=True)
def _eager(eager_celery, settings):
    settings.PASSWORD_RESET_EMAIL_INTERVAL = 120


@pytest.fixture
def customer(tenant_a):
    with tenant_context(tenant_a):
        return UserFactory(email="forgetful@alpha.test")


def emailed_token(client, email: str) -> str:
    mail.outbox.clear()
    response = client.post(RESET, {"email": email}, format="json")
    assert response.status_code == 202, response.content
    assert len(mail.outbox) == 1, [m.to for m in mail.outbox]
    link = re.search(r"(\S+)#token=(\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    return link.group(2)


def test_a_customer_resets_their_password_once_with_the_emailed_link(client_a, customer, tenant_a):
    token = emailed_token(client_a, "Forgetful@alpha.test")
    assert f"://{tenant_a.primary_domain}" in mail.outbox[0].body and "/reset-password#token=" in mail.outbox[0].body
    done = client_a.post(CONFIRM, {"token": token, "password": NEW}, format="json")
    assert done.status_code == 200, done.content
    login(client_a, "forgetful@alpha.test", NEW)
    again = client_a.post(CONFIRM, {"token": token, "password": "yet-another-passphrase-7"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "reset_token_invalid"
    login(client_a, "forgetful@alpha.test", NEW)  # the second use changed nothing


def test_staff_reset_on_their_brand_host_too(client_a, tenant_a):
    with tenant_context(tenant_a):
        UserFactory(email="chef@alpha.test", role="kitchen")
    token = emailed_token(client_a, "chef@alpha.test")
    assert client_a.post(CONFIRM, {"token": token, "password": NEW}, format="json").status_code == 200
    assert login(client_a, "chef@alpha.test", NEW)["user"]["role"] == "kitchen"


def test_an_unknown_address_gets_the_same_answer_and_no_email(client_a, customer):
    known = client_a.post(RESET, {"email": "forgetful@alpha.test"}, format="json")
    mail.outbox.clear()
    unknown = client_a.post(RESET, {"email": "nobody@alpha.test"}, format="json")
    assert unknown.status_code == known.status_code == 202 and unknown.json() == known.json()
    assert mail.outbox == []


def test_an_expired_token_is_refused(client_a, customer, settings, monkeypatch):
    token = emailed_token(client_a, "forgetful@alpha.test")
    issued = password_reset.tokens._now()
    from datetime import timedelta

    monkeypatch.setattr(password_reset.tokens, "_now", lambda: issued + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1))
    refused = client_a.post(CONFIRM, {"token": token, "password": NEW}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "reset_token_invalid"
    login(client_a, "forgetful@alpha.test", PASSWORD)


def test_a_token_from_brand_a_is_refused_on_brand_b_and_on_the_platform(client_a, client_b, platform_client, customer, tenant_b):
    with tenant_context(tenant_b):
        UserFactory(email="forgetful@alpha.test")  # the same address on brand B is another account
    token = emailed_token(client_a, "forgetful@alpha.test")
    for client in (client_b, platform_client):
        refused = client.post(CONFIRM, {"token": token, "password": NEW}, format="json")
        assert refused.status_code == 400 and refused.json()["code"] == "reset_token_invalid"
    login(client_b, "forgetful@alpha.test", PASSWORD)
    assert client_a.post(CONFIRM, {"token": token, "password": NEW}, format="json").status_code == 200


def test_a_platform_admin_resets_on_the_platform_host_and_brand_accounts_get_nothing_there(platform_client, platform_admin, customer):
    token = emailed_token(platform_client, platform_admin.email)
    assert "http://localhost:8000/reset-password#token=" in mail.outbox[0].body or "/reset-password#token=" in mail.outbox[0].body
    assert platform_client.post(CONFIRM, {"token": token, "password": NEW}, format="json").status_code == 200
    login(platform_client, platform_admin.email, NEW)
    mail.outbox.clear()
    assert platform_client.post(RESET, {"email": "forgetful@alpha.test"}, format="json").status_code == 202
    assert mail.outbox == []


def test_a_reset_signs_the_account_out_everywhere(client_a, customer):
    refresh = login(client_a, "forgetful@alpha.test")["refresh"]
    token = emailed_token(client_a, "forgetful@alpha.test")
    assert client_a.post(CONFIRM, {"token": token, "password": NEW}, format="json").status_code == 200
    refused = client_a.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert refused.status_code == 401


def test_a_weak_password_is_refused_and_the_token_stays_usable(client_a, customer):
    token = emailed_token(client_a, "forgetful@alpha.test")
    weak = client_a.post(CONFIRM, {"token": token, "password": "123"}, format="json")
    assert weak.status_code == 400 and weak.json()["code"] == "invalid_input" and "password" in weak.json()["fields"]
    assert client_a.post(CONFIRM, {"token": token, "password": NEW}, format="json").status_code == 200


@pytest.mark.parametrize("token", ["", "garbage", "bm90LWEtdXVpZA.abc-def", "x" * 256, ".", "Zm9v.."])
def test_a_malformed_token_is_a_clear_400(client_a, token):
    refused = client_a.post(CONFIRM, {"token": token, "password": NEW}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] in ("reset_token_invalid", "invalid_input")


def test_many_requests_for_one_account_send_one_email_per_interval(client_a, customer):
    mail.outbox.clear()
    for n in range(5):
        client_a.post(RESET, {"email": "forgetful@alpha.test"}, format="json", REMOTE_ADDR=f"198.51.100.{n + 1}")
    assert len(mail.outbox) == 1


def test_reset_requests_are_throttled_per_address_with_retry_after(client_a, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"password_reset": "2/hour"})
    cache.clear()  # earlier tests' requests from this address
    statuses = [client_a.post(RESET, {"email": f"x{n}@alpha.test"}, format="json").status_code for n in range(3)]
    assert statuses == [202, 202, 429]
    refused = client_a.post(CONFIRM, {"token": "a.b", "password": NEW}, format="json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0 and refused.json()["code"] == "throttled"


def test_two_confirmations_at_once_change_the_password_once(committed_db):
    import threading

    from django.db import connection

    from shared_apps.accounts.errors import ResetTokenInvalid
    from shared_apps.accounts.models import User
    from tenants.models import Tenant

    tenant = Tenant.objects.get(slug="alpha")
    with tenant_context(tenant):
        user = UserFactory(email="racer@alpha.test")
        token = password_reset.make_token(user)
    barrier, outcomes = threading.Barrier(2), []

    def confirm(password):
        try:
            with tenant_context(tenant):
                barrier.wait()
                password_reset.reset_password(token, password)
                outcomes.append(password)
        except ResetTokenInvalid:
            outcomes.append("refused")
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=confirm, args=(p,)) for p in ("first-new-passphrase-1", "second-new-passphrase-2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert outcomes.count("refused") == 1 and len(outcomes) == 2, outcomes
        winner = next(o for o in outcomes if o != "refused")
        with tenant_context(tenant):
            assert User.objects.get(pk=user.pk).check_password(winner)
    finally:
        with tenant_context(tenant):
            User.objects.filter(pk=user.pk).delete()
