"""Checkout keeps the catalog rows it reads in memory per catalog version: a committed change to
the catalog reaches the very next checkout, and an unchanged catalog is not read again."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import Location
from tenants.routing import forget_hosts

from .conftest import INSIDE


def _quote(client, shop, **overrides):
    body = {"location": str(shop.location.pk), "fulfillment": "delivery", "delivery_address": INSIDE,
            "items": [{"item": str(shop.soda.pk), "quantity": 9}], **overrides}
    return client.post("/api/v1/orders/quote/", body, format="json")


def _client(shop) -> APIClient:
    forget_hosts()
    return APIClient(HTTP_HOST=shop.tenant.domains.first().domain)


def test_a_committed_catalog_change_reaches_the_next_quote_at_once(committed_shop):
    shop, client = committed_shop, _client(committed_shop)
    first = _quote(client, shop)
    assert first.status_code == 200, first.json()
    fee = first.json()["totals"]["delivery_fee_cents"]

    with tenant_context(shop.tenant):
        catalog.update_zone(shop.zone, actor=None, fee_cents=fee + 111)
    assert _quote(client, shop).json()["totals"]["delivery_fee_cents"] == fee + 111

    with tenant_context(shop.tenant):
        catalog.set_item_availability(shop.soda, available=False, actor=None)
    assert _quote(client, shop).json()["code"] == "item_unavailable"

    with tenant_context(shop.tenant):
        catalog.set_item_availability(shop.soda, available=True, actor=None)
        catalog.set_busy_mode(Location.objects.get(pk=shop.location.pk), "paused", actor=None)
    assert _quote(client, shop).json()["code"] == "location_closed"

    with tenant_context(shop.tenant):
        catalog.set_busy_mode(Location.objects.get(pk=shop.location.pk), "off", actor=None)
    assert _quote(client, shop).status_code == 200


def test_an_unchanged_catalog_is_read_from_memory(committed_shop):
    shop, client = committed_shop, _client(committed_shop)
    assert _quote(client, shop).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert _quote(client, shop).status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "catalog_" in q["sql"]]
