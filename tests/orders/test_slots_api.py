"""GET /api/v1/locations/{id}/slots/ and scheduled checkout against slot capacity."""

import uuid
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.catalog import rules
from tenant_apps.catalog.models import Location
from tenant_apps.orders.models import OrderingSettings, SlotBooking
from tenant_apps.orders.slots import slot_starts

from .conftest import checkout_body, signed_in


def tomorrow() -> date:
    return (timezone.now() + timedelta(days=1)).date()


def test_slots_follow_hours_prep_time_and_grid():
    hours = rules.Hours.from_data({"mon": [["11:00", "12:00"]]})
    monday = date(2026, 6, 1)
    starts = slot_starts(hours, "Europe/Berlin", monday, slot_minutes=15, prep_minutes=20,
                         earliest=datetime(2026, 5, 1, tzinfo=UTC))
    # 11:20 rounded up to the grid: 11:30, 11:45 local (UTC+2)
    assert [s.strftime("%H:%M") for s in starts] == ["09:30", "09:45"]


def test_slots_skip_the_missing_hour_of_a_dst_change():
    hours = rules.Hours.from_data({"sun": [["01:00", "04:00"]]})
    starts = slot_starts(hours, "Europe/Berlin", date(2026, 3, 29), slot_minutes=30, prep_minutes=0,
                         earliest=datetime(2026, 1, 1, tzinfo=UTC))
    local = [s.astimezone(rules._zone("Europe/Berlin")).strftime("%H:%M") for s in starts]
    assert local == ["01:00", "01:30", "03:00", "03:30"]


def test_slots_api_lists_capacity_per_slot(client_a, shop):
    response = client_a.get(f"/api/v1/locations/{shop.location.pk}/slots/?date={tomorrow()}")
    assert response.status_code == 200
    data = response.json()
    assert data["timezone"] == "Europe/Berlin" and len(data["slots"]) > 50
    assert data["slots"][0]["capacity"] == 5 and data["slots"][0]["available"] == 5


def test_slots_api_defaults_to_the_locations_today(client_a, shop):
    response = client_a.get(f"/api/v1/locations/{shop.location.pk}/slots/")
    assert response.status_code == 200
    assert response.json()["date"] == str(timezone.localdate(timezone=rules._zone("Europe/Berlin")))


def test_slots_api_refuses_bad_dates_and_unknown_locations(client_a, client_b, shop):
    assert client_a.get(f"/api/v1/locations/{shop.location.pk}/slots/?date=soon").status_code == 400
    assert client_a.get(f"/api/v1/locations/{uuid.uuid4()}/slots/").status_code == 404
    assert client_b.get(f"/api/v1/locations/{shop.location.pk}/slots/").status_code == 404


def test_paused_location_has_no_slots(client_a, shop):
    with tenant_context(shop.tenant):
        Location.objects.filter(pk=shop.location.pk).update(busy_mode="paused")
    assert client_a.get(f"/api/v1/locations/{shop.location.pk}/slots/?date={tomorrow()}").json()["slots"] == []


def test_scheduled_order_takes_a_place_and_a_full_slot_is_refused(client_a, shop):
    with tenant_context(shop.tenant):
        OrderingSettings.objects.update_or_create(id=1, defaults={"slot_capacity": 1})
    slot = client_a.get(f"/api/v1/locations/{shop.location.pk}/slots/?date={tomorrow()}").json()["slots"][3]["start"]
    body = checkout_body(shop, scheduled_for=slot)
    first = client_a.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="s1")
    assert first.status_code == 201 and first.json()["scheduled_for"] is not None
    second = client_a.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="s2")
    assert second.status_code == 409 and second.json()["code"] == "slot_full"
    manager, _ = signed_in(client_a, shop.tenant, role="manager")
    manager.post(f"/api/v1/manage/orders/{first.json()['id']}/transition/", {"to": "cancelled", "reason": "test"}, format="json")
    with tenant_context(shop.tenant):
        assert SlotBooking.objects.get().taken == 0  # the cancellation gave the place back
    manager.credentials()
    assert client_a.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="s3").status_code == 201


def test_time_that_is_not_a_slot_is_slot_invalid(client_a, shop):
    odd = (timezone.now() + timedelta(days=1)).replace(minute=7, second=0, microsecond=0).isoformat()
    response = client_a.post("/api/v1/orders/quote/", checkout_body(shop, scheduled_for=odd), format="json")
    assert response.status_code == 422 and response.json()["code"] == "slot_invalid"
    past = (timezone.now() - timedelta(hours=2)).replace(minute=0, second=0, microsecond=0).isoformat()
    assert client_a.post("/api/v1/orders/quote/", checkout_body(shop, scheduled_for=past), format="json").json()["code"] == "slot_invalid"
    far = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0).isoformat()
    assert client_a.post("/api/v1/orders/quote/", checkout_body(shop, scheduled_for=far), format="json").json()["code"] == "slot_invalid"


def _second_location(shop, **fields):
    """Another location of the brand serving the same menu."""
    from ..catalog.factories import LocationFactory

    with tenant_context(shop.tenant):
        location = LocationFactory(name="Kreuzberg", **fields)
        shop.burger.category.menu.locations.add(location)
    return location


def _first_slot(client, location, index: int = 3) -> dict:
    return client.get(f"/api/v1/locations/{location.pk}/slots/?date={tomorrow()}").json()["slots"][index]


def test_each_location_reports_and_enforces_its_own_slot_capacity(client_a, shop):
    with tenant_context(shop.tenant):
        OrderingSettings.objects.update_or_create(id=1, defaults={"slot_capacity": 2})
    small = _second_location(shop, slot_capacity=1)
    assert _first_slot(client_a, shop.location)["capacity"] == 2
    assert _first_slot(client_a, small)["capacity"] == 1

    def order(location, key):
        slot = _first_slot(client_a, location)["start"]
        body = checkout_body(shop, location=str(location.pk), fulfillment="pickup", scheduled_for=slot)
        return client_a.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)

    assert order(small, "k1").status_code == 201
    refused = order(small, "k2")
    assert refused.status_code == 409 and refused.json()["code"] == "slot_full"
    assert [order(shop.location, key).status_code for key in ("m1", "m2", "m3")] == [201, 201, 409]
    assert _first_slot(client_a, small)["available"] == 0 and _first_slot(client_a, shop.location)["available"] == 0


def test_a_manager_sets_a_locations_slot_capacity_and_clears_it_back_to_the_default(client_a, shop):
    manager, _ = signed_in(APIClient(HTTP_HOST=client_a.defaults["HTTP_HOST"]), shop.tenant, role="manager")
    url = f"/api/v1/manage/locations/{shop.location.pk}/"
    response = manager.patch(url, {"slot_capacity": 3}, format="json")
    assert response.status_code == 200 and response.json()["slot_capacity"] == 3
    assert _first_slot(client_a, shop.location)["capacity"] == 3
    assert manager.patch(url, {"slot_capacity": None}, format="json").json()["slot_capacity"] is None
    assert _first_slot(client_a, shop.location)["capacity"] == 5  # the brand's default
    assert manager.patch(url, {"slot_capacity": -1}, format="json").status_code == 400


def test_kitchen_staff_cannot_change_a_locations_slot_capacity(client_a, shop):
    kitchen, _ = signed_in(APIClient(HTTP_HOST=client_a.defaults["HTTP_HOST"]), shop.tenant, role="kitchen")
    response = kitchen.patch(f"/api/v1/manage/locations/{shop.location.pk}/", {"slot_capacity": 50}, format="json")
    assert response.status_code == 403
    with tenant_context(shop.tenant):
        assert Location.objects.get(pk=shop.location.pk).slot_capacity is None


def test_a_location_with_no_places_per_slot_takes_no_scheduled_orders(client_a, shop):
    with tenant_context(shop.tenant):
        Location.objects.filter(pk=shop.location.pk).update(slot_capacity=0)
    slot = _first_slot(client_a, shop.location)
    assert slot["capacity"] == 0 and slot["available"] == 0
    body = checkout_body(shop, scheduled_for=slot["start"])
    response = client_a.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY="zero")
    assert response.status_code == 409 and response.json()["code"] == "slot_full"
