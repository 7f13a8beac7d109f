import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from shared_apps.accounts.tokens import SchemaBoundRefreshToken

from ..conftest import login
from ..factories import UserFactory

ADMIN_PATHS = [
    ("get", "/api/v1/admin/tenants/"),
    ("get", "/api/v1/admin/tenants/alpha/"),
    ("patch", "/api/v1/admin/tenants/alpha/"),
    ("post", "/api/v1/admin/tenants/alpha/suspend/"),
    ("post", "/api/v1/admin/tenants/alpha/reactivate/"),
    ("post", "/api/v1/admin/tenants/alpha/cancel/"),
    ("post", "/api/v1/admin/tenants/alpha/impersonate/"),
    ("get", "/api/v1/admin/overview/"),
    ("get", "/api/v1/admin/audit/"),
    ("get", "/api/v1/admin/invoices/"),
    ("post", "/api/v1/admin/invoices/BRG-000001/paid/"),
    ("get", "/api/v1/admin/invoices/BRG-000001/pdf/"),
    ("get", "/api/v1/admin/schedules/"),
]


@pytest.mark.parametrize(("method", "path"), ADMIN_PATHS)
def test_anonymous_callers_get_404_on_admin_paths(platform_client, method, path):
    response = getattr(platform_client, method)(path, {"reason": "x"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(("method", "path"), ADMIN_PATHS)
def test_a_tenant_owners_token_sent_to_the_platform_host_is_refused(platform_client, client_a, method, path):
    access = login(client_a, "owner@alpha.test")["access"]
    response = getattr(platform_client, method)(path, {"reason": "x"}, format="json",
                                                 HTTP_AUTHORIZATION=f"Bearer {access}")
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path"), ADMIN_PATHS)
def test_a_customers_token_sent_to_the_platform_host_is_refused(platform_client, client_a, method, path):
    registered = client_a.post("/api/v1/auth/register/", {"email": "eater@alpha.test", "password": "x-long-enough-9"},
                               format="json")
    access = registered.json()["access"]
    response = getattr(platform_client, method)(path, {"reason": "x"}, format="json",
                                                 HTTP_AUTHORIZATION=f"Bearer {access}")
    assert response.status_code == 401


def test_every_admin_path_is_in_this_files_list():
    from django.urls import get_resolver

    listed = {path.split("/api/v1/admin/")[1].replace("alpha", "<slug:slug>").replace("BRG-000001", "<str:number>") for _, path in ADMIN_PATHS}
    routes = {str(pattern.pattern) for pattern in get_resolver("shared_apps.platform_admin.urls").url_patterns}
    assert routes <= listed


@pytest.mark.parametrize(("method", "path"), ADMIN_PATHS)
def test_a_public_schema_user_who_is_not_staff_gets_404(platform_client, method, path):
    with schema_context(get_public_schema_name()):
        user = UserFactory(email="nobody@platform.test")
        access = str(SchemaBoundRefreshToken.for_user(user).access_token)
    response = getattr(platform_client, method)(path, {"reason": "x"}, format="json",
                                                 HTTP_AUTHORIZATION=f"Bearer {access}")
    assert response.status_code == 404


def test_admin_paths_do_not_exist_on_a_brand_host(client_a):
    login(client_a, "owner@alpha.test")
    assert client_a.get("/api/v1/admin/tenants/").status_code == 404


def test_an_admin_token_is_refused_on_a_brand_host(admin_client, client_a):
    token = admin_client._credentials["HTTP_AUTHORIZATION"]
    assert client_a.get("/api/v1/auth/user/", HTTP_AUTHORIZATION=token).status_code == 401
