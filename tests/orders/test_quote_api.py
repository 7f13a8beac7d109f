"""POST /api/v1/orders/quote/: server-side prices, and one precise error code per refusal."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.catalog.models import ItemLocation, Location
from tenant_apps.orders.models import Order, OrderingSettings, PromoCode

from .conftest import OUTSIDE, cart


def quote(client, body):
    return client.post("/api/v1/orders/quote/", body, format="json")


def test_quote_prices_lines_tax_fee_and_total_on_the_server(client_a, shop):
    body = cart(shop, total_cents=1)  # a client total is ignored
    response = quote(client_a, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert [(line["name"], line["quantity"], line["subtotal_cents"], line["tax_cents"]) for line in data["lines"]] == [
        ("Burger", 2, 2180, 348), ("Soda", 1, 250, 16)]
    assert data["lines"][0]["modifiers"][0]["name"] == "Cheese"
    assert data["totals"] == {"currency": "EUR", "prices_include_tax": True, "subtotal_cents": 2430, "discount_cents": 0,
                              "tax_cents": 364, "delivery_fee_cents": 250, "tip_cents": 0, "total_cents": 2680}
    with tenant_context(shop.tenant):
        assert not Order.objects.exists()  # nothing stored


def test_quote_uses_the_location_price_override(client_a, shop):
    with tenant_context(shop.tenant):
        ItemLocation.objects.create(item=shop.soda, location=shop.location, price_cents=300)
    data = quote(client_a, cart(shop)).json()
    assert data["lines"][1]["unit_price_cents"] == 300


def test_exclusive_tax_percent_tip_and_promo(client_a, shop):
    with tenant_context(shop.tenant):
        OrderingSettings.objects.update_or_create(id=1, defaults={"prices_include_tax": False})
        PromoCode.objects.create(code="TENOFF", kind="percent", value=1000)
    data = quote(client_a, cart(shop, promo_code="tenoff", tip={"percent": 10})).json()
    totals = data["totals"]
    assert totals["discount_cents"] == 243 and totals["tip_cents"] == 219  # 10 % of 2187
    assert totals["tax_cents"] == sum(line["tax_cents"] for line in data["lines"])
    assert totals["total_cents"] == 2430 - 243 + totals["tax_cents"] + 250 + 219


def test_sold_out_item_is_item_unavailable_naming_the_line(client_a, shop):
    with tenant_context(shop.tenant):
        shop.soda.sold_out = True
        shop.soda.save()
    response = quote(client_a, cart(shop))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "item_unavailable"
    assert list(body["fields"]) == ["items.1"]
    assert body["lines"] == [{"index": 1, "code": "item_unavailable", "detail": "Soda is not available (sold_out).", "fields": {}}]


def test_every_refused_line_is_reported_at_once(client_a, shop):
    with tenant_context(shop.tenant):
        shop.soda.sold_out = True
        shop.soda.save()
    body = cart(shop)
    body["items"][0]["modifiers"] = [str(shop.cheese.pk), str(shop.bacon.pk), str(shop.bacon.pk)]  # 3 > max 2
    data = quote(client_a, body).json()
    assert data["code"] == "item_unavailable"
    assert [(line["index"], line["code"]) for line in data["lines"]] == [(1, "item_unavailable"), (0, "modifier_invalid")]


def test_too_many_modifiers_is_modifier_invalid(client_a, shop):
    body = cart(shop)
    body["items"][0]["modifiers"] = [str(shop.cheese.pk), str(shop.bacon.pk), str(shop.bacon.pk)]
    response = quote(client_a, body)
    assert response.status_code == 422 and response.json()["code"] == "modifier_invalid"
    assert any(key.startswith("items.0.modifiers") for key in response.json()["fields"])


def test_modifier_of_another_item_is_modifier_invalid(client_a, shop):
    body = cart(shop)
    body["items"][1]["modifiers"] = [str(shop.cheese.pk)]
    assert quote(client_a, body).json()["code"] == "modifier_invalid"


def test_address_outside_every_zone_is_outside_delivery_zone(client_a, shop):
    response = quote(client_a, cart(shop, delivery_address=OUTSIDE))
    assert response.status_code == 422 and response.json()["code"] == "outside_delivery_zone"


def test_small_delivery_order_is_below_minimum(client_a, shop):
    body = cart(shop, items=[{"item": str(shop.soda.pk), "quantity": 1}])
    response = quote(client_a, body)
    assert response.status_code == 422
    assert response.json()["code"] == "below_minimum" and response.json()["min_order_cents"] == 1500


def test_pickup_has_no_fee_and_no_minimum(client_a, shop):
    body = cart(shop, fulfillment="pickup", items=[{"item": str(shop.soda.pk), "quantity": 1}])
    body.pop("delivery_address")
    data = quote(client_a, body).json()
    assert data["totals"]["delivery_fee_cents"] == 0 and data["totals"]["total_cents"] == 250


def test_closed_location_is_location_closed(client_a, shop):
    with tenant_context(shop.tenant):
        Location.objects.filter(pk=shop.location.pk).update(hours={d: [] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
    response = quote(client_a, cart(shop))
    assert response.status_code == 422 and response.json()["code"] == "location_closed"


def test_paused_location_is_location_closed(client_a, shop):
    with tenant_context(shop.tenant):
        Location.objects.filter(pk=shop.location.pk).update(busy_mode="paused")
    assert quote(client_a, cart(shop)).json()["code"] == "location_closed"


def test_fulfilment_the_location_does_not_offer_is_refused(client_a, shop):
    with tenant_context(shop.tenant):
        Location.objects.filter(pk=shop.location.pk).update(delivery_enabled=False)
    assert quote(client_a, cart(shop)).json()["code"] == "fulfillment_unavailable"


@pytest.mark.parametrize(("promo", "code_sent"), [
    (None, "NOPE"),
    ({"code": "OLD", "kind": "fixed", "value": 100, "valid_until": timezone.now() - timedelta(days=1)}, "OLD"),
    ({"code": "BIG", "kind": "fixed", "value": 100, "min_subtotal_cents": 100_000}, "BIG"),
    ({"code": "OFF", "kind": "fixed", "value": 100, "is_active": False}, "OFF"),
])
def test_unusable_promo_is_promo_invalid(client_a, shop, promo, code_sent):
    if promo:
        with tenant_context(shop.tenant):
            PromoCode.objects.create(**promo)
    response = quote(client_a, cart(shop, promo_code=code_sent))
    assert response.status_code == 422 and response.json()["code"] == "promo_invalid"
    assert "promo_code" in response.json()["fields"]


def test_unknown_item_or_location_is_refused_not_a_crash(client_a, shop):
    body = cart(shop)
    body["items"][0]["item"] = "00000000-0000-0000-0000-000000000000"
    assert quote(client_a, body).json()["code"] == "item_unavailable"
    assert quote(client_a, cart(shop, location="00000000-0000-0000-0000-000000000000")).json()["code"] == "location_closed"


@pytest.mark.parametrize("bad", [
    {"items": []}, {"items": [{"item": "x", "quantity": 1}]}, {"fulfillment": "teleport"},
    {"items": [{"item": "00000000-0000-0000-0000-000000000000", "quantity": 0}]}, {"delivery_address": None},
    {"tip": {"amount_cents": 100, "percent": 5}}, {"tip": {"percent": 500}}, {"scheduled_for": "tomorrow"},
])
def test_malformed_cart_is_400_with_fields(client_a, shop, bad):
    response = quote(client_a, cart(shop, **bad))
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"


def test_other_brands_location_is_unknown_here(client_b, shop):
    response = quote(client_b, cart(shop))
    assert response.status_code == 422 and response.json()["code"] == "location_closed"
