"""Real commits from many threads: one order per Idempotency-Key, and no slot sold twice."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from tenant_apps.catalog.models import Location
from tenant_apps.orders.models import (
    Order,
    OrderingSettings,
    PromoCode,
    SlotBooking,
)

from .conftest import checkout_body

CLIENTS = 20


def run_concurrently(host: str, requests: list[tuple[dict, str]]) -> list:
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def worker(index, body, key):
        client = APIClient(HTTP_HOST=host)
        try:
            barrier.wait()
            results[index] = client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        except Exception as exc:  # noqa: BLE001 - asserted by the caller
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, body, key)) for i, (body, key) in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_concurrent_requests_with_one_key_make_exactly_one_order(committed_shop):
    host = committed_shop.tenant.primary_domain
    body = checkout_body(committed_shop)
    responses = run_concurrently(host, [(body, "same-key")] * CLIENTS)
    assert all(not isinstance(r, Exception) for r in responses), responses
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * CLIENTS, [r.content for r in responses if r.status_code != 201]
    assert len({r.content for r in responses}) == 1  # every one got the first response, byte for byte
    assert sum(1 for r in responses if r.get("Idempotent-Replayed") == "true") == CLIENTS - 1
    with tenant_context(committed_shop.tenant):
        assert Order.objects.count() == 1


@pytest.mark.parametrize("capacity_from", ["brand", "location"])
def test_twenty_concurrent_checkouts_for_the_last_place_in_a_slot_sell_it_once(committed_shop, capacity_from):
    tenant = committed_shop.tenant
    with tenant_context(tenant):
        if capacity_from == "brand":
            OrderingSettings.objects.update_or_create(id=1, defaults={"slot_capacity": 1})
        else:  # the brand allows 5, this location only 1
            OrderingSettings.objects.update_or_create(id=1, defaults={"slot_capacity": 5})
            Location.objects.filter(pk=committed_shop.location.pk).update(slot_capacity=1)
    host = tenant.primary_domain
    tomorrow = (timezone.now() + timedelta(days=1)).date()
    slots = APIClient(HTTP_HOST=host).get(f"/api/v1/locations/{committed_shop.location.pk}/slots/?date={tomorrow}").json()
    slot = slots["slots"][10]["start"]
    body = checkout_body(committed_shop, scheduled_for=slot)
    responses = run_concurrently(host, [(body, str(uuid.uuid4())) for _ in range(CLIENTS)])
    assert all(not isinstance(r, Exception) for r in responses), responses
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (CLIENTS - 1), [r.content for r in responses]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"slot_full"}
    with tenant_context(tenant):
        assert Order.objects.count() == 1
        assert SlotBooking.objects.get().taken == 1
    again = APIClient(HTTP_HOST=host).get(f"/api/v1/locations/{committed_shop.location.pk}/slots/?date={tomorrow}").json()
    assert again["slots"][10]["available"] == 0


def test_concurrent_orders_get_distinct_numbers(committed_shop):
    host = committed_shop.tenant.primary_domain
    responses = run_concurrently(host, [(checkout_body(committed_shop), str(uuid.uuid4())) for _ in range(10)])
    assert sorted(r.json()["number"] for r in responses) == list(range(1, 11))


def test_promo_with_one_use_left_is_used_once_under_concurrency(committed_shop):
    with tenant_context(committed_shop.tenant):
        PromoCode.objects.create(code="ONCE", kind="fixed", value=100, max_uses=1)
    host = committed_shop.tenant.primary_domain
    body = checkout_body(committed_shop, promo_code="ONCE")
    responses = run_concurrently(host, [(body, str(uuid.uuid4())) for _ in range(10)])
    assert sorted(r.status_code for r in responses) == [201] + [422] * 9
    assert {r.json()["code"] for r in responses if r.status_code == 422} == {"promo_invalid"}
