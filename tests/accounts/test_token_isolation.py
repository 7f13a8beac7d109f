"""A token is valid only on the host that issued it (ARCHITECTURE.md pitfall 3)."""

import pytest
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User

from ..conftest import login
from ..factories import PASSWORD

USER = "/api/v1/auth/user/"


def _get_user(client, access):
    return client.get(USER, HTTP_AUTHORIZATION=f"Bearer {access}")


def test_token_from_tenant_a_is_refused_on_tenant_b(client_a, client_b):
    access = login(client_a, "owner@alpha.test")["access"]
    assert _get_user(client_a, access).status_code == 200
    response = _get_user(client_b, access)
    assert response.status_code == 401
    assert response.json()["detail"] == "Token was issued for another host."


def test_token_from_tenant_b_is_refused_on_tenant_a(client_a, client_b):
    access = login(client_b, "owner@bravo.test")["access"]
    assert _get_user(client_a, access).status_code == 401


def test_tenant_token_is_refused_on_the_platform_host(client_a, platform_client):
    access = login(client_a, "owner@alpha.test")["access"]
    assert _get_user(platform_client, access).status_code == 401


def test_platform_token_is_refused_on_a_tenant_host(platform_client, platform_admin, client_a):
    access = login(platform_client, "root@platform.test")["access"]
    assert _get_user(platform_client, access).status_code == 200
    assert _get_user(client_a, access).status_code == 401


def test_refresh_token_from_tenant_a_is_refused_on_tenant_b(client_a, client_b):
    refresh = login(client_a, "owner@alpha.test")["refresh"]
    response = client_b.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")
    assert response.status_code == 401


def test_logout_on_tenant_b_with_tenant_a_refresh_is_401_and_leaves_it_valid(client_a, client_b):
    refresh = login(client_a, "owner@alpha.test")["refresh"]
    assert client_b.post("/api/v1/auth/logout/", {"refresh": refresh}, format="json").status_code == 401
    assert client_a.post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json").status_code == 200


def test_user_id_collision_across_schemas_cannot_authenticate(tenant_a, tenant_b, client_a, client_b):
    """Even a user with the very same id in brand B cannot be reached with brand A's token."""
    body = login(client_a, "owner@alpha.test")
    with tenant_context(tenant_b):
        User.objects.create_user("twin@bravo.test", PASSWORD, id=body["user"]["id"])
    assert _get_user(client_b, body["access"]).status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer not.a.jwt", "Token abc", "Bearer " + "x" * 5000])
def test_malformed_authorization_headers_are_401(client_a, header):
    response = client_a.get(USER, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["type"] == "client_error"
