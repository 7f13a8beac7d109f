"""Quote and checkout are throttled per client: the signed-in account (of this brand), else the
address. 429 `throttled` with Retry-After; a refused checkout claims no Idempotency-Key."""

import uuid

import pytest
from django.core.cache import cache
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tenant_apps.orders.models import IdempotencyKey, Order

from .conftest import cart, checkout_body, signed_in


@pytest.fixture(autouse=True)
def _low_rates(monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "quote", "2/min")
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "checkout", "2/min")
    cache.clear()  # other tests' requests from this address


def place(client, body, key=None, **extra):
    return client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()), **extra)


def test_quotes_past_the_rate_get_429_with_retry_after(client_a, shop):
    statuses = [client_a.post("/api/v1/orders/quote/", cart(shop), format="json").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = client_a.post("/api/v1/orders/quote/", cart(shop), format="json")
    assert refused.json()["code"] == "throttled" and 0 < int(refused["Retry-After"]) <= 60


def test_checkouts_past_the_rate_get_429_and_claim_no_idempotency_key(client_a, shop):
    assert [place(client_a, checkout_body(shop)).status_code for _ in range(2)] == [201, 201]
    key = str(uuid.uuid4())
    refused = place(client_a, checkout_body(shop), key=key)
    assert refused.status_code == 429 and refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0
    with tenant_context(shop.tenant):
        assert Order.objects.count() == 2 and not IdempotencyKey.objects.filter(key=key).exists()


def test_the_limit_is_per_client_another_address_or_account_is_not_held_back(client_a, shop, tenant_a):
    for _ in range(2):
        client_a.post("/api/v1/orders/quote/", cart(shop), format="json", REMOTE_ADDR="203.0.113.1")
    assert client_a.post("/api/v1/orders/quote/", cart(shop), format="json", REMOTE_ADDR="203.0.113.1").status_code == 429
    assert client_a.post("/api/v1/orders/quote/", cart(shop), format="json", REMOTE_ADDR="203.0.113.2").status_code == 200
    customer, _ = signed_in(APIClient(HTTP_HOST=tenant_a.primary_domain), tenant_a)
    # The same address, but a signed-in customer: counted on the account.
    assert customer.post("/api/v1/orders/quote/", cart(shop), format="json", REMOTE_ADDR="203.0.113.1").status_code == 200


def test_reading_ones_orders_is_not_throttled_with_checkout(client_a, shop, tenant_a):
    customer, _ = signed_in(client_a, tenant_a)
    assert [customer.get("/api/v1/orders/").status_code for _ in range(4)] == [200] * 4


def test_the_slug_check_past_its_rate_gets_429(platform_client, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "slug_check", "2/min")
    statuses = [platform_client.get("/api/v1/signup/slug-check/?slug=free-slug").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
