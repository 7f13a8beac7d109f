"""CORS is closed: no response names another origin, a preflight gets no permission, on either
host and with or without credentials (docs/integrators.md says why integrators do not need it)."""

import pytest

PATHS = ["/api/v1/brand/", "/api/v1/locations/", "/api/v1/orders/quote/", "/api/v1/orders/", "/api/v1/auth/login/",
         "/api/v1/manage/orders/"]


@pytest.mark.parametrize("path", PATHS)
def test_a_preflight_from_another_origin_is_granted_nothing(client_a, path):
    response = client_a.options(path, HTTP_ORIGIN="https://elsewhere.example",
                                HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                                HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type")
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]


@pytest.mark.parametrize("path", ["/api/v1/brand/", "/api/v1/auth/user/"])
def test_a_cross_origin_read_gets_no_allow_origin(client_a, path):
    response = client_a.get(path, HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code in (200, 401) and "Access-Control-Allow-Origin" not in response.headers


def test_the_platform_host_grants_no_origin_either(platform_client):
    response = platform_client.options("/api/v1/signup/", HTTP_ORIGIN="https://elsewhere.example",
                                       HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]
