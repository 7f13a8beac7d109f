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
