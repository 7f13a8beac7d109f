from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.catalog import services

from .factories import (
    CategoryFactory,
    ItemFactory,
    LocationFactory,
    MenuFactory,
    ModifierFactory,
    ZoneFactory,
)


def make_menu(location, *, items=3):
    menu = MenuFactory(locations=[location])
    category = CategoryFactory(menu=menu, name="Burgers")
    made = [ItemFactory(category=category) for _ in range(items)]
    ModifierFactory(group__item=made[0])
    return made


def test_menu_of_a_location_lists_its_categories_items_and_modifiers_with_the_brand_currency(client_a, in_a):
    location = LocationFactory()
    items = make_menu(location)
    connection.set_schema_to_public()
    body = client_a.get(f"/api/v1/locations/{location.id}/menu/").json()
    assert body["currency"] == "EUR"
    category = body["menus"][0]["categories"][0]
    assert [i["id"] for i in category["items"]] == [str(i.id) for i in items]
    assert category["items"][0]["modifier_groups"][0]["modifiers"][0]["price_delta_cents"] == 100


def test_warm_menu_read_issues_no_database_query(client_a, in_a):
    location = LocationFactory()
    make_menu(location)
    connection.set_schema_to_public()
    assert client_a.get(f"/api/v1/locations/{location.id}/menu/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client_a.get(f"/api/v1/locations/{location.id}/menu/")
    assert response.status_code == 200
    assert [q["sql"] for q in queries.captured_queries] == []


def test_warm_menu_read_from_a_new_worker_reads_redis_not_the_database(client_a, in_a):
    from tenant_apps.catalog import cache

    location = LocationFactory()
    make_menu(location)
    connection.set_schema_to_public()
    first = client_a.get(f"/api/v1/locations/{location.id}/menu/")
    cache.clear_local()  # as if another gunicorn worker answered
    with CaptureQueriesContext(connection) as queries:
        second = client_a.get(f"/api/v1/locations/{location.id}/menu/")
    assert second.content == first.content and len(queries) == 0


def test_menu_etag_gives_304_while_nothing_changed(client_a, in_a):
    location = LocationFactory()
    make_menu(location)
    connection.set_schema_to_public()
    etag = client_a.get(f"/api/v1/locations/{location.id}/menu/")["ETag"]
    response = client_a.get(f"/api/v1/locations/{location.id}/menu/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag


def test_a_committed_change_invalidates_the_menu(client_a, in_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # as if the set-up had committed
        location = LocationFactory()
        item = make_menu(location)[0]
    connection.set_schema_to_public()
    before = client_a.get(f"/api/v1/locations/{location.id}/menu/")
    connection.set_tenant(in_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_item(item, actor=None, price_cents=4242)
    connection.set_schema_to_public()
    after = client_a.get(f"/api/v1/locations/{location.id}/menu/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["menus"][0]["categories"][0]["items"][0]["price_cents"] == 4242


def test_a_change_in_one_brand_leaves_the_other_brands_cached_menu_alone(client_a, client_b, tenant_a, tenant_b,
                                                                         django_capture_on_commit_callbacks):
    from tenant_apps.catalog import cache

    connection.set_tenant(tenant_b)
    b_location = LocationFactory()
    make_menu(b_location)
    b_version = cache.current_version()
    connection.set_tenant(tenant_a)
    a_version = cache.current_version()
    with django_capture_on_commit_callbacks(execute=True):  # the commit of a change in brand A
        LocationFactory()
    assert cache.current_version() == a_version + 1
    connection.set_tenant(tenant_b)
    assert cache.current_version() == b_version


def test_another_brands_location_menu_is_404_on_this_brands_host_even_when_cached(client_a, client_b, tenant_b):
    connection.set_tenant(tenant_b)
    b_location = LocationFactory()
    make_menu(b_location)
    connection.set_schema_to_public()
    assert client_b.get(f"/api/v1/locations/{b_location.id}/menu/").status_code == 200
    response = client_a.get(f"/api/v1/locations/{b_location.id}/menu/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_locations_list_shows_only_this_brands_active_locations(client_a, client_b, tenant_a, tenant_b):
    connection.set_tenant(tenant_a)
    mine = LocationFactory(name="Mine")
    LocationFactory(name="Hidden", is_active=False)
    connection.set_tenant(tenant_b)
    LocationFactory(name="Theirs")
    connection.set_schema_to_public()
    assert [r["name"] for r in client_b.get("/api/v1/locations/").json()["results"]] == ["Theirs"]
    body = client_a.get("/api/v1/locations/").json()
    assert body["count"] == 1 and body["results"][0]["id"] == str(mine.id)
    assert body["results"][0]["open_now"] is True


def test_sold_out_item_with_until_comes_back_on_read_after_until_without_any_change(client_a, in_a):
    from tenant_apps.catalog import cache

    # A zone where it is about noon: the menu also changes by itself at local midnight, and run in
    # the five minutes before it (Berlin: 22:55 UTC) the tree expired then, not at `until`.
    location = LocationFactory(timezone=f"Etc/GMT{-(12 - datetime.now(UTC).hour):+d}")
    item = make_menu(location)[0]
    until = datetime.now(UTC) + timedelta(minutes=5)
    services.set_item_availability(item, available=False, until=until, actor=None)
    connection.set_schema_to_public()
    url = f"/api/v1/locations/{location.id}/menu/"
    first = client_a.get(url).json()["menus"][0]["categories"][0]["items"][0]
    assert first["available"] is False and first["available_again_at"] == until.isoformat()
    connection.set_tenant(in_a)
    entry = cache.cached(f"menu:{location.id}:EUR", lambda: None)
    assert entry.valid_until == until.timestamp()  # the cached tree expires exactly when the item returns
    rebuilt = cache.make_entry(b"{}", None)
    assert cache.cached(f"menu:{location.id}:EUR", lambda: rebuilt, now=until.timestamp() - 1) is not rebuilt
    assert cache.cached(f"menu:{location.id}:EUR", lambda: rebuilt, now=until.timestamp() + 1) is rebuilt


def test_breakfast_category_is_in_the_menu_only_during_its_local_window(client_a, in_a):
    location = LocationFactory(timezone="Pacific/Auckland")
    menu = MenuFactory(locations=[location])
    local_now = datetime.now(UTC).astimezone(location.opening_hours and __import__("zoneinfo").ZoneInfo("Pacific/Auckland"))
    start = (local_now - timedelta(hours=1)).strftime("%H:00")
    end = (local_now + timedelta(hours=2)).strftime("%H:00")
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[local_now.weekday()]
    if end <= start:  # the window would wrap midnight; keep the test simple
        start, end = "00:00", "24:00"
    CategoryFactory(menu=menu, name="Now", availability={day: [[start, end]]})
    CategoryFactory(menu=menu, name="Never", availability={day: []})
    connection.set_schema_to_public()
    names = [c["name"] for c in client_a.get(f"/api/v1/locations/{location.id}/menu/").json()["menus"][0]["categories"]]
    assert names == ["Now"]


def test_delivery_check_answers_zone_fee_and_minimum(client_a, in_a):
    location = LocationFactory(latitude=52.52, longitude=13.405)
    ZoneFactory(location=location, radius_m=2000, fee_cents=300, min_order_cents=1200)
    connection.set_schema_to_public()
    inside = client_a.post(f"/api/v1/locations/{location.id}/delivery-check/", {"lat": 52.521, "lng": 13.41}, format="json")
    assert inside.json()["deliverable"] is True
    assert (inside.json()["delivery_fee_cents"], inside.json()["minimum_order_cents"]) == (300, 1200)
    outside = client_a.post(f"/api/v1/locations/{location.id}/delivery-check/", {"lat": 48.1, "lng": 11.5}, format="json")
    assert outside.json()["deliverable"] is False and outside.json()["delivery_fee_cents"] is None


def test_delivery_check_refuses_coordinates_out_of_range_with_400(client_a, in_a):
    location = LocationFactory()
    connection.set_schema_to_public()
    response = client_a.post(f"/api/v1/locations/{location.id}/delivery-check/", {"lat": 200, "lng": "x"}, format="json")
    assert response.status_code == 400 and set(response.json()["fields"]) == {"lat", "lng"}


def test_delivery_check_for_another_brands_location_is_404(client_a, tenant_b):
    connection.set_tenant(tenant_b)
    location = LocationFactory()
    connection.set_schema_to_public()
    response = client_a.post(f"/api/v1/locations/{location.id}/delivery-check/", {"lat": 1, "lng": 1}, format="json")
    assert response.status_code == 404


def test_menu_is_served_gzipped_to_clients_that_accept_it_with_its_own_etag(client_a, in_a):
    import gzip
    import json

    location = LocationFactory()
    make_menu(location, items=20)
    connection.set_schema_to_public()
    url = f"/api/v1/locations/{location.id}/menu/"
    plain = client_a.get(url)
    zipped = client_a.get(url, HTTP_ACCEPT_ENCODING="br, gzip;q=0.8")
    assert zipped["Content-Encoding"] == "gzip" and zipped["Vary"] == "Accept-Encoding"
    assert json.loads(gzip.decompress(zipped.content)) == plain.json()
    assert zipped["ETag"] != plain["ETag"]
    assert client_a.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304
