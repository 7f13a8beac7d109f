import pytest
from django.core.management import call_command


@pytest.mark.parametrize("urlconf", ["config.urls_public", "config.urls_tenant"])
def test_openapi_document_generates_and_validates_without_warnings(urlconf, tmp_path):
    call_command("spectacular", "--urlconf", urlconf, "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi: 3")


def test_tenant_host_serves_its_document_with_auth_and_brand_paths(client_a):
    response = client_a.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert "/api/v1/auth/register/" in paths and "/api/v1/brand/" in paths


def test_platform_host_document_has_no_tenant_paths(platform_client):
    response = platform_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = response.json()["paths"]
    assert "/api/v1/auth/login/" in paths and "/api/v1/brand/" not in paths


def test_every_operation_has_a_tag_and_summary_or_description(client_a):
    document = client_a.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("tags"), f"{method} {path} has no tag"
            assert operation.get("operationId"), f"{method} {path} has no operation id"
