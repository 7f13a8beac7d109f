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
