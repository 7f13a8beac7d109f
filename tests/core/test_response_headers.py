"""Responses to requests with credentials are never stored by a cache."""


def test_an_authenticated_api_response_is_no_store(client_a, tenant_a):
    from tests.orders.conftest import signed_in

    owner, _ = signed_in(client_a, tenant_a, role="owner")
    response = owner.get("/api/v1/manage/orders/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store" and "Authorization" in response["Vary"]
    refused = owner.get("/api/v1/manage/orders/00000000-0000-0000-0000-000000000000/")
    assert refused.status_code == 404 and refused["Cache-Control"] == "no-store"


def test_a_public_response_without_credentials_keeps_its_own_caching(client_a):
    response = client_a.get("/api/v1/brand/")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")


def test_every_response_carries_the_security_headers(client_a, platform_client):
    for response in (client_a.get("/api/v1/brand/"), client_a.get("/api/v1/nothing-here/"), platform_client.get("/healthz")):
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "Strict-Transport-Security" not in response  # development over plain HTTP: HSTS is Nginx's, behind TLS


def test_the_api_docs_may_load_their_bundles_from_jsdelivr_and_run_no_inline_script(client_a):
    response = client_a.get("/api/docs/")
    assert response.status_code == 200
    assert "https://cdn.jsdelivr.net" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script>" not in html  # the split view: its init script is a separate file
    assert client_a.get("/api/docs/?script=").status_code == 200
