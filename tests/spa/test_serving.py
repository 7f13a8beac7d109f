"""The WSGI app serves the built front end on every host: hashed assets cached for a year,
index.html revalidated every time, the SPA fallback for client routes, the brand's theme in the
head on a brand host; server paths and unknown hosts keep their JSON answers. The build is a
small one made here, not the real frontend/dist."""

import json
import re

import pytest

from shared_apps.spa import shell
from tenants.audit import Actor
from tenants.models import Theme
from tenants.services import invalidate_brand_cache, update_theme

from ..conftest import PLATFORM_HOST, client_for, host_of

ASSET = "/assets/index-B7fk2Qx9.js"
INDEX = """<!doctype html>
<html lang="en" class="h-full">
  <head>
    <meta charset="UTF-8">
    <link rel="icon" type="image/svg+xml" href="/favicon.svg">
    <title>Brigade</title>
    <script type="module" crossorigin src="/assets/index-B7fk2Qx9.js"></script>
  </head>
  <body><div id="app"></div></body>
</html>
"""
HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
BRAND_SCRIPT = re.compile(r'<script id="brand" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def dist(tmp_path, settings):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / ASSET.lstrip("/")).write_text("console.log('app')")
    (tmp_path / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    settings.FRONTEND_DIST = settings.WHITENOISE_ROOT = tmp_path  # read when a client's middleware loads
    return tmp_path


@pytest.fixture(autouse=True)
def _no_cached_theme(tenant_a):
    """The brand theme is cached per schema, and test data never commits its invalidation."""
    invalidate_brand_cache(tenant_a)
    yield
    invalidate_brand_cache(tenant_a)


def page(client, path="/"):
    response = client.get(path, **HTML)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/html; charset=utf-8" and response["Cache-Control"] == "no-cache"
    return response.content.decode()


def brand_in(html: str) -> dict:
    return json.loads(BRAND_SCRIPT.search(html).group(1))


def test_a_brand_host_answers_its_client_routes_with_index_html_and_its_theme(dist, tenant_a):
    client = client_for(host_of(tenant_a))
    brand = client.get("/api/v1/brand/").json()
    for path in ("/", "/menu", "/orders/4b1c/track", "/account/addresses/"):
        html = page(client, path)
        assert brand_in(html) == brand
        assert f"<title>{brand['name']}</title>" in html and "<title>Brigade</title>" not in html
        assert f"--brand-primary:{brand['colors']['primary']}" in html and ASSET in html


def test_the_platform_host_answers_client_routes_with_the_plain_index_html(dist, db):
    client = client_for(PLATFORM_HOST)
    for path in ("/", "/signup", "/admin-console/tenants"):
        html = page(client, path)
        assert html == INDEX


def test_hashed_assets_are_cached_for_a_year_and_index_html_never(dist, tenant_a):
    for client in (client_for(host_of(tenant_a)), client_for(PLATFORM_HOST)):
        asset = client.get(ASSET)
        assert asset.status_code == 200 and b"".join(asset.streaming_content) == b"console.log('app')"
        assert asset["Cache-Control"] == "max-age=315360000, public, immutable"
        assert client.get("/index.html")["Cache-Control"] == "no-cache"
        assert "immutable" not in client.get("/favicon.svg")["Cache-Control"]


def test_server_paths_missing_files_and_non_html_requests_keep_the_json_404(dist, tenant_a):
    client = client_for(host_of(tenant_a))
    for path in ("/api/v1/nothing/", "/api", "/ws/orders/x/", "/admin/", "/media/x", "/static/x.css",
                 "/assets/index-gone.js", "/robots.txt", "/metrics"):
        response = client.get(path, **HTML)
        assert (response.status_code, response.json()["code"]) == (404, "not_found"), path
    response = client.get("/menu", HTTP_ACCEPT="application/json")
    assert (response.status_code, response.json()["code"], response["Vary"]) == (404, "not_found", "Accept, Accept-Language")
    assert client.get("/healthz", **HTML).json() == {"status": "ok"}


def test_an_unknown_host_gets_the_json_404_for_pages_and_assets(dist, db):
    client = client_for("nobody.localhost")
    for path in ("/", ASSET):
        response = client.get(path, **HTML)
        assert (response.status_code, response.json()["code"]) == (404, "unknown_host")


def test_a_write_to_a_page_of_the_app_is_a_json_405(dist, tenant_a):
    response = client_for(host_of(tenant_a)).post("/menu", {}, format="json")
    assert (response.status_code, response.json()["code"], response["Allow"]) == (405, "method_not_allowed", "GET, HEAD")


def test_a_browser_that_has_the_current_index_gets_304(dist, tenant_a):
    client = client_for(host_of(tenant_a))
    first = client.get("/", **HTML)
    again = client.get("/menu", HTTP_IF_NONE_MATCH=first["ETag"], **HTML)
    assert again.status_code == 304 and again["ETag"] == first["ETag"]


def test_a_new_theme_or_a_new_build_changes_the_page_at_once(dist, tenant_a):
    client = client_for(host_of(tenant_a))
    before = client.get("/", **HTML)
    update_theme(tenant_a, by=Actor.system("test"), display_name="Alpha Grill", primary_color="#2b8a3e")
    invalidate_brand_cache(tenant_a)  # what the theme's commit does; test data never commits
    html = page(client)
    assert "<title>Alpha Grill</title>" in html and "--brand-primary:#2b8a3e;--brand-on-primary:#000000" in html
    (dist / "index.html").write_text(INDEX.replace("index-B7fk2Qx9", "index-Zz99new1"))
    rebuilt = client.get("/", **HTML)
    assert "index-Zz99new1" in rebuilt.content.decode() and rebuilt["ETag"] != before["ETag"]


def test_an_owners_text_cannot_break_out_of_the_head(dist, tenant_a):
    name = '</script><script>alert(1)</script><!--'
    Theme.objects.update_or_create(tenant=tenant_a, defaults={"display_name": name})
    invalidate_brand_cache(tenant_a)
    html = page(client_for(host_of(tenant_a)))
    assert "<script>alert(1)" not in html
    assert brand_in(html)["name"] == name and "<title>&lt;/script&gt;" in html


def test_without_a_build_the_root_says_how_to_make_one(tmp_path, settings, tenant_a):
    settings.FRONTEND_DIST, settings.WHITENOISE_ROOT = tmp_path / "missing", None
    response = client_for(host_of(tenant_a)).get("/", **HTML)
    assert (response.status_code, response.json()["code"]) == (503, "frontend_not_built")
    assert "npm run build" in response.json()["detail"]


def test_the_brand_page_is_rendered_once_per_distinct_brand(dist, tenant_a):
    client = client_for(host_of(tenant_a))
    shell._branded.cache_clear()
    for _ in range(3):
        page(client, "/menu")
    assert shell._branded.cache_info().misses == 1
