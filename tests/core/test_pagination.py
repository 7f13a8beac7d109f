"""Pagination: a page past the end or not a number is a 400 naming `page` (DRF's own answer, a
404 "Invalid page.", was declared by no operation); page_size is capped at 200."""

import pytest


@pytest.mark.parametrize("page", ["2", "999999999999", "abc", "0", "-1"])
def test_a_page_that_does_not_exist_is_400_naming_page(platform_client, page):
    response = platform_client.get(f"/api/v1/plans/?page={page}")
    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {"page": ["No such page."]}


def test_the_first_page_and_a_huge_page_size_are_answered(platform_client):
    response = platform_client.get("/api/v1/plans/?page=1&page_size=1000000000")
    assert response.status_code == 200 and response.json()["results"]


@pytest.mark.parametrize("host", ["localhost", "alpha.localhost"])
def test_every_operation_declares_the_request_layers_400_and_413_where_it_takes_a_body(client_a, platform_client, host):
    client = platform_client if host == "localhost" else client_a
    document = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "400" in operation["responses"], f"{method} {path}"
            assert ("413" in operation["responses"]) == ("requestBody" in operation), f"{method} {path}"
