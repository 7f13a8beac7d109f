import pytest

from tenants.models import AuditEvent, Domain

from ..conftest import client_for, login

PUBLISHED: dict[str, list[str]] = {}


def fake_txt_resolver(name: str) -> list[str]:
    """Stands in for DNS (an external system) in these tests."""
    return PUBLISHED.get(name, [])


@pytest.fixture(autouse=True)
def _fake_dns(settings):
    settings.DOMAIN_TXT_RESOLVER = "tests.tenants.test_domains.fake_txt_resolver"
    PUBLISHED.clear()


def _owner(client, email):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client, email)['access']}")
    return client


@pytest.fixture
def owner_a(client_a):
    return _owner(client_a, "owner@alpha.test")


def _add(client, host):
    return client.post("/api/v1/manage/domains/", {"domain": host}, format="json")


def test_a_custom_domain_routes_to_the_brand_at_once_and_is_pending(owner_a, tenant_a):
    response = _add(owner_a, "Order.Alpha-Food.example.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["domain"] == "order.alpha-food.example"
    assert body["verification_status"] == "pending"
    assert body["txt_record"]["name"] == "_brigade-verify.order.alpha-food.example"
    assert body["txt_record"]["value"].startswith("brigade-verify=")
    assert client_for("order.alpha-food.example").get("/api/v1/brand/").json()["slug"] == "alpha"
    assert AuditEvent.objects.get(action="domain.added", tenant=tenant_a).target == "domain:order.alpha-food.example"


def test_domains_list_shows_the_subdomain_and_custom_domains(owner_a):
    _add(owner_a, "alpha.example")
    rows = owner_a.get("/api/v1/manage/domains/").json()["results"]
    assert [(row["domain"], row["is_primary"], row["is_custom"]) for row in rows] == [
        ("alpha.localhost", True, False), ("alpha.example", False, True)]
    assert rows[0]["txt_record"] is None and rows[0]["verification_status"] == "verified"


@pytest.mark.parametrize("host", [
    "localhost", "127.0.0.1", "bravo.localhost", "anything.localhost", "nodot", "-bad.example", "bad-.example",
    "sp ace.example", "a" * 64 + ".example", "1.2.3.4", "under_score.example", "",
])
def test_host_names_that_cannot_be_custom_domains_are_refused(owner_a, host):
    response = _add(owner_a, host)
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid_domain", "invalid_input"}
    assert "domain" in response.json()["fields"]


def test_a_domain_is_unique_across_the_platform(owner_a, client_b):
    assert _add(owner_a, "shared.example").status_code == 201
    response = _add(_owner(client_b, "owner@bravo.test"), "shared.example")
    assert response.status_code == 409 and response.json()["code"] == "domain_taken"
    assert Domain.objects.get(domain="shared.example").tenant.slug == "alpha"


def test_the_number_of_custom_domains_is_limited(owner_a, settings):
    settings.TENANT_MAX_CUSTOM_DOMAINS = 1
    assert _add(owner_a, "one.example").status_code == 201
    response = _add(owner_a, "two.example")
    assert response.status_code == 403 and response.json()["code"] == "domain_limit"


def test_owner_removes_a_custom_domain_and_it_stops_routing(owner_a, tenant_a):
    domain_id = _add(owner_a, "gone.example").json()["id"]
    assert owner_a.delete(f"/api/v1/manage/domains/{domain_id}/").status_code == 204
    assert client_for("gone.example").get("/api/v1/brand/").status_code == 404
    assert AuditEvent.objects.filter(action="domain.removed", tenant=tenant_a).exists()


def test_the_brands_own_subdomain_cannot_be_removed(owner_a, tenant_a):
    primary = Domain.objects.get(tenant=tenant_a, is_primary=True)
    assert owner_a.delete(f"/api/v1/manage/domains/{primary.pk}/").status_code == 404
    assert Domain.objects.filter(pk=primary.pk).exists()


def test_an_owner_cannot_remove_or_verify_another_brands_domain(owner_a, client_b):
    foreign_id = _add(_owner(client_b, "owner@bravo.test"), "bravo-food.example").json()["id"]
    assert owner_a.delete(f"/api/v1/manage/domains/{foreign_id}/").status_code == 404
    assert owner_a.post(f"/api/v1/manage/domains/{foreign_id}/verify/").status_code == 404
    assert Domain.objects.filter(pk=foreign_id).exists()


def test_verification_succeeds_once_the_txt_record_is_published(owner_a, tenant_a):
    body = _add(owner_a, "verified.example").json()
    not_yet = owner_a.post(f"/api/v1/manage/domains/{body['id']}/verify/")
    assert not_yet.status_code == 409
    assert not_yet.json()["code"] == "domain_not_verified"
    assert not_yet.json()["record_value"] == body["txt_record"]["value"]

    PUBLISHED[body["txt_record"]["name"]] = ["v=spf1 -all", body["txt_record"]["value"]]
    done = owner_a.post(f"/api/v1/manage/domains/{body['id']}/verify/")
    assert done.status_code == 200 and done.json()["verification_status"] == "verified"
    assert AuditEvent.objects.filter(action="domain.verified", tenant=tenant_a).exists()


def test_another_brands_token_is_not_accepted_for_domains(client_a, client_b):
    foreign = login(client_b, "owner@bravo.test")["access"]
    assert client_a.get("/api/v1/manage/domains/", HTTP_AUTHORIZATION=f"Bearer {foreign}").status_code == 401
