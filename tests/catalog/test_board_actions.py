"""What a kitchen does from the board during service: sell out ("86") items and modifiers, busy mode."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from shared_apps.accounts.models import User
from tenant_apps.catalog.models import Item, Location, Modifier

from .conftest import staff_client
from .factories import ItemFactory, LocationFactory, ModifierFactory


@pytest.fixture
def kitchen_a(client_a, tenant_a):
    return staff_client(client_a, tenant_a, User.Role.KITCHEN)


def test_the_kitchen_86s_an_item_until_a_time_and_the_menu_shows_it_sold_out(kitchen_a, tenant_a, client):
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    until = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    response = kitchen_a.post(f"/api/v1/manage/items/{item.id}/availability/", {"available": False, "until": until},
                              format="json")
    assert response.status_code == 200 and response.json()["sold_out"] is True
    connection.set_tenant(tenant_a)
    assert Item.objects.get(pk=item.pk).sold_out_until is not None


def test_the_kitchen_86s_a_modifier_and_brings_it_back(kitchen_a, tenant_a):
    connection.set_tenant(tenant_a)
    modifier = ModifierFactory()
    connection.set_schema_to_public()
    assert kitchen_a.post(f"/api/v1/manage/modifiers/{modifier.id}/availability/", {"available": False},
                          format="json").json()["is_available"] is False
    connection.set_tenant(tenant_a)
    assert Modifier.objects.get(pk=modifier.pk).is_available is False
    connection.set_schema_to_public()
    kitchen_a.post(f"/api/v1/manage/modifiers/{modifier.id}/availability/", {"available": True}, format="json")
    connection.set_tenant(tenant_a)
    assert Modifier.objects.get(pk=modifier.pk).is_available is True


def test_the_kitchen_pauses_a_location_and_sets_extra_time(kitchen_a, tenant_a):
    connection.set_tenant(tenant_a)
    location = LocationFactory()
    connection.set_schema_to_public()
    paused = kitchen_a.post(f"/api/v1/manage/locations/{location.id}/busy/", {"busy_mode": "paused"}, format="json")
    assert paused.status_code == 200 and paused.json()["busy_mode"] == "paused"
    extra = kitchen_a.post(f"/api/v1/manage/locations/{location.id}/busy/",
                           {"busy_mode": "extra_time", "busy_extra_minutes": 15}, format="json")
    assert extra.json()["busy_extra_minutes"] == 15
    connection.set_tenant(tenant_a)
    assert Location.objects.get(pk=location.pk).quoted_prep_minutes == location.prep_time_minutes + 15


def test_busy_mode_is_validated(kitchen_a, tenant_a):
    connection.set_tenant(tenant_a)
    location = LocationFactory()
    connection.set_schema_to_public()
    for bad in ({"busy_mode": "extra_time"}, {"busy_mode": "extra_time", "busy_extra_minutes": 500}, {"busy_mode": "nap"}, {}):
        response = kitchen_a.post(f"/api/v1/manage/locations/{location.id}/busy/", bad, format="json")
        assert response.status_code == 400 and response.json()["code"] == "invalid_input", bad


def test_couriers_and_customers_may_neither_86_nor_pause(client_a, tenant_a):
    connection.set_tenant(tenant_a)
    location, item, modifier = LocationFactory(), ItemFactory(), ModifierFactory()
    connection.set_schema_to_public()
    for role in (User.Role.COURIER, User.Role.CUSTOMER):
        client = staff_client(client_a, tenant_a, role)
        assert client.post(f"/api/v1/manage/items/{item.id}/availability/", {"available": False},
                           format="json").status_code == 403
        assert client.post(f"/api/v1/manage/modifiers/{modifier.id}/availability/", {"available": False},
                           format="json").status_code == 403
        assert client.post(f"/api/v1/manage/locations/{location.id}/busy/", {"busy_mode": "paused"},
                           format="json").status_code == 403


def test_the_kitchen_still_cannot_edit_the_catalog(kitchen_a, tenant_a):
    connection.set_tenant(tenant_a)
    item = ItemFactory()
    connection.set_schema_to_public()
    assert kitchen_a.patch(f"/api/v1/manage/items/{item.id}/", {"name": "Free lunch"}, format="json").status_code == 403
    assert kitchen_a.get("/api/v1/manage/items/").status_code == 403
