import pytest
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User

from ..conftest import login
from ..factories import PASSWORD, UserFactory

REGISTER = "/api/v1/auth/register/"


def test_customer_registers_and_gets_tokens_with_role(client_a, tenant_a):
    response = client_a.post(REGISTER, {"email": "Eve@Example.test", "password": PASSWORD, "name": "Eve"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["role"] == "customer" and body["user"]["email"] == "eve@example.test"
    with tenant_context(tenant_a):
        assert User.objects.filter(email="eve@example.test", role="customer").exists()


def test_register_refuses_weak_password_with_field_errors(client_a):
    response = client_a.post(REGISTER, {"email": "weak@example.test", "password": "123"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_input" and "password" in body["fields"]


def test_register_refuses_bad_email(client_a):
    response = client_a.post(REGISTER, {"email": "not-an-email", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()["fields"]


def test_register_refuses_an_email_already_registered(client_a):
    client_a.post(REGISTER, {"email": "twice@example.test", "password": PASSWORD}, format="json")
    response = client_a.post(REGISTER, {"email": "twice@example.test", "password": PASSWORD}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"


def test_same_email_may_register_with_two_brands(client_a, client_b):
    for client in (client_a, client_b):
        response = client.post(REGISTER, {"email": "both@example.test", "password": PASSWORD}, format="json")
        assert response.status_code == 201


def test_login_returns_access_refresh_and_user(client_a):
    body = login(client_a, "owner@alpha.test")
    assert body["user"]["role"] == "owner"
    assert body["access"] and body["refresh"]


def test_login_with_wrong_password_is_401_invalid_credentials(client_a):
    response = client_a.post("/api/v1/auth/login/", {"email": "owner@alpha.test", "password": "nope"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_current_user_endpoint_shows_role(client_a):
    client_a.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client_a, 'owner@alpha.test')['access']}")
    assert client_a.get("/api/v1/auth/user/").json()["role"] == "owner"


def test_current_user_endpoint_needs_a_token(client_a):
    response = client_a.get("/api/v1/auth/user/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_refresh_gives_a_new_access_token(client_a):
    tokens = login(client_a, "owner@alpha.test")
    response = client_a.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 200
    assert response.json()["access"] != tokens["access"]


def test_logout_blacklists_the_refresh_token(client_a):
    tokens = login(client_a, "owner@alpha.test")
    assert client_a.post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json").status_code == 200
    response = client_a.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert response.status_code == 401


def test_logout_with_garbage_token_is_401_not_500(client_a):
    response = client_a.post("/api/v1/auth/logout/", {"refresh": "garbage"}, format="json")
    assert response.status_code == 401


def test_platform_admin_signs_in_on_the_platform_host(platform_client, platform_admin):
    assert login(platform_client, "root@platform.test")["user"]["role"] == "platform_admin"


def test_brand_owner_credentials_do_not_work_on_the_platform_host(platform_client, tenant_a):
    response = platform_client.post("/api/v1/auth/login/", {"email": "owner@alpha.test", "password": PASSWORD}, format="json")
    assert response.status_code == 401


def test_non_admin_user_in_public_schema_cannot_sign_in_on_the_platform_host(platform_client):
    UserFactory(email="plain@platform.test")
    response = platform_client.post("/api/v1/auth/login/", {"email": "plain@platform.test", "password": PASSWORD}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize("rate_limited_path", ["/api/v1/auth/login/"])
def test_login_is_throttled(client_a, monkeypatch, rate_limited_path):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "2/min", "register": "2/min"})
    client_a.defaults["REMOTE_ADDR"] = "203.0.113.77"
    statuses = [
        client_a.post(rate_limited_path, {"email": "x@alpha.test", "password": "bad"}, format="json").status_code
        for _ in range(3)
    ]
    assert statuses[-1] == 429
    from django.core.cache import cache

    cache.clear()


def test_a_forged_x_forwarded_for_does_not_escape_the_sign_in_throttle(client_a, monkeypatch):
    """With nobody in front (NUM_PROXIES=0) the header is the client's own invention: ignored."""
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "2/min"})
    client_a.defaults["REMOTE_ADDR"] = "203.0.113.78"
    statuses = [client_a.post("/api/v1/auth/login/", {"email": "x@alpha.test", "password": "bad"}, format="json",
                              HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(6)]
    cache.clear()
    assert statuses == [401, 401, 429, 429, 429, 429]


def test_behind_one_proxy_the_address_it_saw_is_the_client(client_a, monkeypatch, settings):
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "2/min"})
    monkeypatch.setattr(api_settings, "NUM_PROXIES", 1)
    client_a.defaults["REMOTE_ADDR"] = "10.0.0.2"  # Nginx
    forged = [client_a.post("/api/v1/auth/login/", {"email": "x@alpha.test", "password": "bad"}, format="json",
                            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.79").status_code for n in range(3)]
    other = client_a.post("/api/v1/auth/login/", {"email": "x@alpha.test", "password": "bad"}, format="json",
                          HTTP_X_FORWARDED_FOR="203.0.113.80").status_code
    cache.clear()
    assert forged == [401, 401, 429] and other == 401


def test_access_tokens_live_five_minutes_since_sign_out_does_not_revoke_them(client_a, tenant_a):
    from rest_framework_simplejwt.tokens import AccessToken

    with tenant_context(tenant_a):
        user = UserFactory()
    token = AccessToken(login(client_a, user.email)["access"])
    assert token["exp"] - token["iat"] == 300
