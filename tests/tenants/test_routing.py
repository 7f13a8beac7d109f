import time

import pytest
from django.core.cache import cache as django_cache

from tenant_apps.catalog import cache as catalog_cache
from tenants import routing
from tenants.models import Domain

from ..conftest import client_for


def test_platform_host_serves_health_and_not_the_brand_api(platform_client):
    assert platform_client.get("/healthz").json() == {"status": "ok"}
    response = platform_client.get("/api/v1/brand/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_tenant_host_serves_its_own_brand(client_a, client_b):
    assert client_a.get("/api/v1/brand/").json()["slug"] == "alpha"
    assert client_b.get("/api/v1/brand/").json()["slug"] == "bravo"


def test_brand_lists_theme_currency_status_and_realtime_url(client_a):
    brand = client_a.get("/api/v1/brand/").json()
    assert set(brand) >= {"name", "slug", "logo_url", "colors", "currency", "timezone", "status", "realtime_url"}
    assert brand["colors"]["primary"].startswith("#")
    assert brand["realtime_url"].startswith("ws://alpha.localhost")


def test_custom_domain_routes_to_its_tenant(tenant_a):
    Domain.objects.create(domain="order.alpha-burgers.test", tenant=tenant_a, is_primary=False)
    response = client_for("order.alpha-burgers.test").get("/api/v1/brand/")
    assert response.status_code == 200
    assert response.json()["slug"] == "alpha"


def test_www_prefix_reaches_the_same_tenant(tenant_a):
    assert client_for("www.alpha.localhost").get("/api/v1/brand/").json()["slug"] == "alpha"


@pytest.mark.parametrize("host", ["Alpha.localhost", "ALPHA.LOCALHOST", "alpha.localhost.", "WWW.Alpha.Localhost"])
def test_host_names_match_whatever_their_case_as_dns_does(tenant_a, host):
    assert client_for(host).get("/api/v1/brand/").json()["slug"] == "alpha"


def test_unknown_host_gets_json_404_with_code(db):
    response = client_for("nobody.localhost").get("/api/v1/brand/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "unknown_host"


def test_malformed_host_gets_json_404(db):
    response = client_for("bad host!").get("/healthz")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_host"


def test_metrics_are_served_on_the_platform_host_only(platform_client, client_a):
    assert platform_client.get("/metrics").status_code == 200
    assert client_a.get("/metrics").status_code == 404


def test_django_admin_is_served_on_the_platform_host_only(platform_client, client_a):
    assert platform_client.get("/admin/login/").status_code == 200
    assert client_a.get("/admin/login/").status_code == 404


@pytest.mark.parametrize("module", [routing, catalog_cache])
def test_a_version_key_evicted_right_after_it_was_made_still_gives_a_version(module, monkeypatch, in_a):
    # Redis evicts the key between the `add` and the `get` that follows it (seen once, with two
    # runs sharing a Redis database): the reader uses the clock value it tried to store.
    django_cache.delete(module.VERSION_KEY)
    monkeypatch.setattr(module.cache, "add", lambda *args, **kwargs: False)
    before = time.time_ns() // 1000
    version = module.current_version() if module is catalog_cache else module._version()
    assert isinstance(version, int) and version >= before
