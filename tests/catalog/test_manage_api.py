import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image, PngImagePlugin
from rest_framework.test import APIClient

from shared_apps.accounts.models import User
from tenant_apps.catalog import rules
from tenant_apps.catalog.models import Category, Item, ItemLocation, Menu
from tests.conftest import client_for, host_of
from tests.factories import image_bytes

from .conftest import staff_client
from .factories import (
    CategoryFactory,
    ItemFactory,
    LocationFactory,
    MenuFactory,
    ModifierFactory,
    ModifierGroupFactory,
)

HOURS = {"mon": [["11:00", "15:00"], ["17:00", "02:00"]], "sat": [["00:00", "24:00"]]}


def new_location_body(**extra):
    return {"name": "Mitte", "address": "Torstr. 1", "latitude": 52.53, "longitude": 13.4, "timezone": "Europe/Berlin",
            "hours": HOURS, **extra}


def test_manager_creates_a_location_with_hours_past_midnight(manager_a):
    response = manager_a.post("/api/v1/manage/locations/", new_location_body(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["hours"]["mon"] == [["11:00", "15:00"], ["17:00", "02:00"]]
    assert response.json()["hours"]["tue"] == []


def test_owner_may_edit_the_catalog(client_a, tenant_a):
    owner = staff_client(client_a, tenant_a, User.Role.OWNER)
    assert owner.post("/api/v1/manage/locations/", new_location_body(), format="json").status_code == 201


@pytest.mark.parametrize("role", [User.Role.KITCHEN, User.Role.COURIER, User.Role.CUSTOMER])
def test_kitchen_courier_and_customer_get_403_on_the_staff_catalog_api(client_a, tenant_a, role):
    client = staff_client(client_a, tenant_a, role)
    assert client.get("/api/v1/manage/items/").status_code == 403
    response = client.post("/api/v1/manage/locations/", new_location_body(), format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_anonymous_gets_401_on_the_staff_catalog_api(client_a):
    assert client_a.get("/api/v1/manage/menus/").status_code == 401


def test_overlapping_or_malformed_hours_are_400_with_the_day_named(manager_a):
    body = new_location_body(hours={"mon": [["10:00", "14:00"], ["13:00", "16:00"]], "tue": [["9", "10:00"]]})
    response = manager_a.post("/api/v1/manage/locations/", body, format="json")
    assert response.status_code == 400
    assert {"hours.mon", "hours.tue.0"} <= set(response.json()["fields"])


def test_unknown_time_zone_is_400(manager_a):
    response = manager_a.post("/api/v1/manage/locations/", new_location_body(timezone="Mars/Olympus"), format="json")
    assert response.status_code == 400 and "timezone" in response.json()["fields"]


def test_negative_price_and_unknown_allergen_are_400(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    category = CategoryFactory()
    connection.set_schema_to_public()
    response = manager_a.post("/api/v1/manage/items/", {"category": str(category.id), "name": "X", "price_cents": -1,
                                                        "allergens": ["glitter"]}, format="json")
    assert response.status_code == 400 and {"price_cents", "allergens.0"} <= set(response.json()["fields"])


def test_group_with_min_above_max_is_400(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    response = manager_a.post("/api/v1/manage/modifier-groups/", {"item": str(item.id), "name": "G", "min_select": 3,
                                                                  "max_select": 1}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "catalog_invalid"


def test_open_polygon_zone_is_400(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    location = LocationFactory()
    connection.set_schema_to_public()
    body = {"location": str(location.id), "name": "Z", "kind": "polygon", "polygon": [[52.5, 13.3], [52.6, 13.3], [52.6, 13.4]]}
    response = manager_a.post("/api/v1/manage/delivery-zones/", body, format="json")
    assert response.status_code == 400 and "polygon" in response.json()["fields"]


def test_full_menu_is_built_through_the_api_and_served_publicly(manager_a, tenant_a):
    location = manager_a.post("/api/v1/manage/locations/", new_location_body(hours={}), format="json").json()
    manager_a.patch(f"/api/v1/manage/locations/{location['id']}/", {"hours": {d: [["00:00", "24:00"]] for d in
                    ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}, format="json")
    menu = manager_a.post("/api/v1/manage/menus/", {"name": "Main", "locations": [location["id"]]}, format="json").json()
    category = manager_a.post("/api/v1/manage/categories/", {"menu": menu["id"], "name": "Burgers"}, format="json").json()
    item = manager_a.post("/api/v1/manage/items/", {"category": category["id"], "name": "Classic", "price_cents": 950,
                                                    "allergens": ["gluten", "milk"], "tax_category": "reduced"},
                          format="json").json()
    group = manager_a.post("/api/v1/manage/modifier-groups/", {"item": item["id"], "name": "Extras", "max_select": 2},
                           format="json").json()
    response = manager_a.post("/api/v1/manage/modifiers/", {"group": group["id"], "name": "Bacon", "price_delta_cents": 150},
                              format="json")
    assert response.status_code == 201, response.content
    public = APIClient(HTTP_HOST=host_of(tenant_a))
    tree = public.get(f"/api/v1/locations/{location['id']}/menu/").json()
    served = tree["menus"][0]["categories"][0]["items"][0]
    assert served["name"] == "Classic" and served["allergens"] == ["gluten", "milk"]
    assert served["modifier_groups"][0]["modifiers"][0]["name"] == "Bacon"


def test_86_with_until_marks_the_item_sold_out_at_one_location(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    location, item = LocationFactory(), ItemFactory()
    connection.set_schema_to_public()
    until = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    response = manager_a.post(f"/api/v1/manage/items/{item.id}/availability/",
                              {"available": False, "until": until, "location": str(location.id)}, format="json")
    assert response.status_code == 200
    connection.set_tenant(tenant_a)
    setting = ItemLocation.objects.get(item=item, location=location)
    assert setting.sold_out and setting.sold_out_until is not None
    assert not Item.objects.get(pk=item.pk).sold_out


def test_86_with_until_in_the_past_is_400(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    response = manager_a.post(f"/api/v1/manage/items/{item.id}/availability/",
                              {"available": False, "until": "2020-01-01T00:00:00Z"}, format="json")
    assert response.status_code == 400 and "until" in response.json()["fields"]


def test_reorder_categories_of_a_menu(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    menu = MenuFactory()
    a, b, c = CategoryFactory(menu=menu), CategoryFactory(menu=menu), CategoryFactory(menu=menu)
    connection.set_schema_to_public()
    response = manager_a.post("/api/v1/manage/categories/reorder/", {"ids": [str(c.id), str(a.id), str(b.id)]}, format="json")
    assert response.status_code == 204
    connection.set_tenant(tenant_a)
    assert list(Category.objects.filter(menu=menu).values_list("id", flat=True)) == [c.id, a.id, b.id]


def test_reorder_that_leaves_out_a_sibling_is_400(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    menu = MenuFactory()
    a, _ = CategoryFactory(menu=menu), CategoryFactory(menu=menu)
    connection.set_schema_to_public()
    response = manager_a.post("/api/v1/manage/categories/reorder/", {"ids": [str(a.id)]}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "reorder_mismatch"


def test_bulk_price_update_is_all_or_nothing(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    a, b = ItemFactory(price_cents=100), ItemFactory(price_cents=100)
    connection.set_schema_to_public()
    bad = manager_a.post("/api/v1/manage/items/bulk-price/", {"prices": [{"item": str(a.id), "price_cents": 500},
                                                                        {"item": str(b.id), "price_cents": -5}]}, format="json")
    assert bad.status_code == 400
    good = manager_a.post("/api/v1/manage/items/bulk-price/", {"prices": [{"item": str(a.id), "price_cents": 500},
                                                                         {"item": str(b.id), "price_cents": 700}]}, format="json")
    assert good.json() == {"updated": 2}
    connection.set_tenant(tenant_a)
    assert sorted(Item.objects.filter(pk__in=[a.pk, b.pk]).values_list("price_cents", flat=True)) == [500, 700]


def test_menu_export_imports_as_a_copy_at_other_locations(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    here, there = LocationFactory(), LocationFactory()
    menu = MenuFactory(locations=[here], availability=rules.normalize_weekly({"mon": [["07:00", "11:00"]]}))
    item = ItemFactory(category=CategoryFactory(menu=menu), allergens=["eggs"])
    ModifierFactory(group=ModifierGroupFactory(item=item, min_select=1, max_select=1, required=True), name="Rye")
    connection.set_schema_to_public()
    exported = manager_a.get(f"/api/v1/manage/menus/{menu.id}/export/").json()
    assert exported["locations"] == [str(here.id)]
    response = manager_a.post("/api/v1/manage/menus/import/", {**exported, "locations": [str(there.id)]}, format="json")
    assert response.status_code == 201, response.content
    copy = manager_a.get(f"/api/v1/manage/menus/{response.json()['id']}/export/").json()
    assert copy["locations"] == [str(there.id)]

    def without_ids(node):
        if isinstance(node, dict):
            return {k: without_ids(v) for k, v in node.items() if k not in ("id", "locations")}
        return [without_ids(v) for v in node] if isinstance(node, list) else node

    assert without_ids(copy) == without_ids(exported)


def test_import_of_a_malformed_document_is_400_and_creates_nothing(manager_a, tenant_a):
    document = {"name": "Broken", "categories": [{"name": "C", "items": [{"name": "I", "price_cents": "free"}]}]}
    response = manager_a.post("/api/v1/manage/menus/import/", document, format="json")
    assert response.status_code == 400 and "categories.0.items.0.price_cents" in response.json()["fields"]
    connection.set_tenant(tenant_a)
    assert not Menu.objects.filter(name="Broken").exists()


def test_item_image_accepts_png_and_refuses_other_content(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    png = SimpleUploadedFile("x.jpg", image_bytes(), content_type="image/jpeg")
    response = manager_a.post(f"/api/v1/manage/items/{item.id}/image/", {"image": png}, format="multipart")
    assert response.status_code == 200 and response.json()["image_url"].endswith(".png")
    for content in (b"<svg onload=alert(1)>", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, image_bytes(image_format="GIF")):
        fake = SimpleUploadedFile("x.png", content, content_type="image/png")
        response = manager_a.post(f"/api/v1/manage/items/{item.id}/image/", {"image": fake}, format="multipart")
        assert response.status_code == 400 and response.json()["code"] == "invalid_image"


def test_an_item_image_that_is_also_html_is_stored_as_pixels_only(manager_a, tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    script = b"<html><script>alert(document.cookie)</script></html>"
    # An HTML document after PNG's last chunk, and in a text chunk: browsers sniffing it find HTML.
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", script.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG", pnginfo=info)
    polyglot = buffer.getvalue() + script
    response = manager_a.post(f"/api/v1/manage/items/{item.id}/image/",
                              {"image": SimpleUploadedFile("x.html", polyglot, content_type="text/html")}, format="multipart")
    assert response.status_code == 200, response.content
    connection.set_tenant(tenant_a)
    item.refresh_from_db()
    stored = item.image.read()
    assert b"<script" not in stored and stored != polyglot
    assert item.image.name.endswith(".png") and Image.open(io.BytesIO(stored)).getpixel((0, 0)) == (255, 0, 0)


def test_an_item_image_over_2_mb_or_with_a_huge_canvas_is_refused(manager_a, tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    for content in (image_bytes() + b"\0" * (2 * 1024 * 1024), image_bytes(size=(5000, 1), image_format="PNG")):
        upload = SimpleUploadedFile("x.png", content, content_type="image/png")
        response = manager_a.post(f"/api/v1/manage/items/{item.id}/image/", {"image": upload}, format="multipart")
        assert response.status_code == 400 and response.json()["code"] == "invalid_image", response.content


@pytest.mark.parametrize("path", ["locations", "menus", "categories", "items", "modifier-groups", "modifiers"])
def test_manager_cannot_read_change_or_delete_another_brands_catalog_objects(manager_a, tenant_b, path):
    connection.set_tenant(tenant_b)
    modifier = ModifierFactory()
    objects = {"locations": LocationFactory(), "menus": modifier.group.item.category.menu,
               "categories": modifier.group.item.category, "items": modifier.group.item,
               "modifier-groups": modifier.group, "modifiers": modifier}
    target = objects[path]
    connection.set_schema_to_public()
    url = f"/api/v1/manage/{path}/{target.id}/"
    assert manager_a.get(url).status_code == 404
    assert manager_a.patch(url, {"name": "Hijacked"}, format="json").status_code == 404
    assert manager_a.delete(url).status_code == 404
    assert str(target.id) not in manager_a.get(f"/api/v1/manage/{path}/").content.decode()
    connection.set_tenant(tenant_b)
    assert type(target).objects.filter(pk=target.pk).exclude(name="Hijacked").exists()


def test_manager_cannot_attach_a_new_item_to_another_brands_category(manager_a, tenant_b):
    connection.set_tenant(tenant_b)
    category = CategoryFactory()
    connection.set_schema_to_public()
    response = manager_a.post("/api/v1/manage/items/", {"category": str(category.id), "name": "X", "price_cents": 1}, format="json")
    assert response.status_code == 400 and "category" in response.json()["fields"]


def test_staff_token_of_another_brand_is_refused(tenant_b, client_a):
    other = staff_client(client_for(host_of(tenant_b)), tenant_b, User.Role.MANAGER)
    token = other._credentials["HTTP_AUTHORIZATION"]
    assert client_a.get("/api/v1/manage/items/", HTTP_AUTHORIZATION=token).status_code == 401


def test_list_filters_by_parent_and_rejects_a_malformed_id(manager_a, tenant_a):
    connection.set_tenant(tenant_a)
    group = ModifierGroupFactory()
    ModifierGroupFactory()
    connection.set_schema_to_public()
    body = manager_a.get(f"/api/v1/manage/modifier-groups/?item={group.item_id}").json()
    assert [g["id"] for g in body["results"]] == [str(group.id)]
    assert manager_a.get("/api/v1/manage/modifier-groups/?item=nope").status_code == 400


def test_86_and_bulk_prices_are_recorded_in_the_audit_log_with_the_staff_member(manager_a, tenant_a):
    from tenants.models import AuditEvent

    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    manager_a.post(f"/api/v1/manage/items/{item.id}/availability/", {"available": False}, format="json")
    manager_a.post("/api/v1/manage/items/bulk-price/", {"prices": [{"item": str(item.id), "price_cents": 1}]}, format="json")
    events = AuditEvent.objects.filter(tenant=tenant_a, action__startswith="catalog.").order_by("created")
    assert [e.action for e in events] == ["catalog.item.availability", "catalog.items.bulk_price"]
    assert events[0].target == f"item:{item.id}" and events[0].actor_email.startswith("user")


def test_a_nul_byte_in_an_hours_exception_note_is_400_and_changes_nothing(manager_a):
    location = manager_a.post("/api/v1/manage/locations/", new_location_body(), format="json").json()
    body = '{"hours_exceptions": [{"date": "2030-01-01", "ranges": [], "note": "closed\\u0000"}]}'
    response = manager_a.generic("PATCH", f"/api/v1/manage/locations/{location['id']}/", body,
                                 content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error", response.content
    assert manager_a.get(f"/api/v1/manage/locations/{location['id']}/").json()["hours_exceptions"] == []


@pytest.mark.parametrize("path", ["menus", "categories", "items"])
def test_a_description_longer_than_2000_characters_is_400(manager_a, tenant_a, path):
    connection.set_tenant(tenant_a)
    objects = {"menus": MenuFactory, "categories": CategoryFactory, "items": ItemFactory}
    target = objects[path]()
    connection.set_schema_to_public()
    url = f"/api/v1/manage/{path}/{target.pk}/"
    response = manager_a.patch(url, {"description": "x" * 2001}, format="json")
    assert response.status_code == 400 and "description" in response.json()["fields"]
    assert manager_a.patch(url, {"description": "x" * 2000}, format="json").status_code == 200
