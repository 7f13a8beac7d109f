"""The Idempotency-Key protocol below HTTP: claims, waiting, take-over of abandoned claims."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenant_apps.orders import errors, idempotency
from tenant_apps.orders.models import IdempotencyKey

from .factories import OrderFactory


def test_first_claim_owns_the_key_and_a_completed_key_replays(in_a):
    row = idempotency.claim("guest", "k", "hash-1")
    assert isinstance(row, IdempotencyKey) and row.state == "in_progress"
    idempotency.complete(row, 201, b'{"id": 1}')
    assert idempotency.claim("guest", "k", "hash-1") == idempotency.Replay(201, b'{"id": 1}')


def test_another_body_under_the_same_key_is_a_mismatch_even_while_in_progress(in_a):
    idempotency.claim("guest", "k", "hash-1")
    with pytest.raises(errors.IdempotencyMismatch):
        idempotency.claim("guest", "k", "hash-2", wait_seconds=0)


def test_a_duplicate_that_waits_too_long_is_told_to_retry(in_a):
    row = idempotency.claim("guest", "k", "hash-1")
    idempotency.attach_order(row, OrderFactory())
    with pytest.raises(errors.IdempotencyInProgress) as caught:
        idempotency.claim("guest", "k", "hash-1", wait_seconds=0.1)
    assert caught.value.status_code == 409 and caught.value.code == "idempotency_in_progress"


def test_an_abandoned_claim_without_an_order_is_taken_over(in_a):
    idempotency.claim("guest", "k", "hash-1")
    IdempotencyKey.objects.filter(key="k").update(created=timezone.now() - timedelta(minutes=5))
    row = idempotency.claim("guest", "k", "hash-1", wait_seconds=0)
    assert isinstance(row, IdempotencyKey) and IdempotencyKey.objects.filter(key="k").count() == 1


def test_an_abandoned_claim_with_an_order_is_never_taken_over(in_a):
    row = idempotency.claim("guest", "k", "hash-1")
    idempotency.attach_order(row, OrderFactory())
    IdempotencyKey.objects.filter(key="k").update(created=timezone.now() - timedelta(minutes=5))
    with pytest.raises(errors.IdempotencyInProgress):
        idempotency.claim("guest", "k", "hash-1", wait_seconds=0)


def test_released_claim_can_be_claimed_again(in_a):
    idempotency.release(idempotency.claim("guest", "k", "hash-1"))
    assert isinstance(idempotency.claim("guest", "k", "hash-1"), IdempotencyKey)


def test_scopes_keep_keys_apart(in_a):
    idempotency.complete(idempotency.claim("user:1", "k", "hash-1"), 201, b"one")
    assert isinstance(idempotency.claim("user:2", "k", "hash-2"), IdempotencyKey)


def test_fingerprint_ignores_key_order_and_spacing_but_not_values():
    a = idempotency.fingerprint("POST", "/api/v1/orders/", {"a": 1, "b": [1, 2]})
    assert a == idempotency.fingerprint("POST", "/api/v1/orders/", {"b": [1, 2], "a": 1})
    assert a != idempotency.fingerprint("POST", "/api/v1/orders/", {"a": 1, "b": [2, 1]})
