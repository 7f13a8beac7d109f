"""The Idempotency-Key protocol below HTTP: claims, waiting for the first, rollback frees a key."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.orders import errors, idempotency
from tenant_apps.orders.models import IdempotencyKey
from tenants.models import Tenant

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


def test_an_abandoned_claim_with_an_order_is_never_taken_over(in_a):
    row = idempotency.claim("guest", "k", "hash-1")
    idempotency.attach_order(row, OrderFactory())
    IdempotencyKey.objects.filter(key="k").update(created=timezone.now() - timedelta(minutes=5))
    with pytest.raises(errors.IdempotencyInProgress):
        idempotency.claim("guest", "k", "hash-1", wait_seconds=0)


def test_a_claim_rolled_back_with_its_transaction_can_be_claimed_again(in_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        idempotency.claim("guest", "k", "hash-1")
        raise RuntimeError("the cart was refused")
    assert isinstance(idempotency.claim("guest", "k", "hash-1"), IdempotencyKey)


def _claim_in_thread(tenant, results: list, *, hold: float = 0.0, fail: bool = False, ready=None, after=None):
    """Claim key `k` in a transaction of its own connection; hold it `hold` s, then complete it or fail."""
    def run():
        try:
            if after is not None:
                after.wait(5)
            with tenant_context(tenant):
                try:
                    with transaction.atomic():
                        started = time.monotonic()
                        outcome = idempotency.claim("guest", "k", "hash-1")
                        results.append((outcome, time.monotonic() - started))
                        if ready is not None:
                            ready.set()
                        time.sleep(hold)
                        if fail:
                            raise RuntimeError("refused")
                        if isinstance(outcome, IdempotencyKey):
                            idempotency.complete(outcome, 201, b"first")
                except RuntimeError:
                    pass
        finally:
            connection.close()
    return threading.Thread(target=run)


@pytest.mark.parametrize("first_fails", [False, True])
def test_a_duplicate_waits_for_the_first_transaction_then_replays_it_or_takes_the_key(committed_db, first_fails):
    tenant = Tenant.objects.get(slug="alpha")
    first, second, claimed = [], [], threading.Event()
    threads = [_claim_in_thread(tenant, first, hold=0.5, fail=first_fails, ready=claimed),
               _claim_in_thread(tenant, second, after=claimed)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        outcome, waited = second[0]
        assert waited > 0.3  # its INSERT waited for the first transaction to end
        if first_fails:
            assert isinstance(outcome, IdempotencyKey)  # the first rolled back: the key was free
        else:
            assert outcome == idempotency.Replay(201, b"first")
    finally:
        with tenant_context(tenant):
            IdempotencyKey.objects.all().delete()


def test_scopes_keep_keys_apart(in_a):
    idempotency.complete(idempotency.claim("user:1", "k", "hash-1"), 201, b"one")
    assert isinstance(idempotency.claim("user:2", "k", "hash-2"), IdempotencyKey)


def test_fingerprint_ignores_key_order_and_spacing_but_not_values():
    a = idempotency.fingerprint("POST", "/api/v1/orders/", {"a": 1, "b": [1, 2]})
    assert a == idempotency.fingerprint("POST", "/api/v1/orders/", {"b": [1, 2], "a": 1})
    assert a != idempotency.fingerprint("POST", "/api/v1/orders/", {"a": 1, "b": [2, 1]})
