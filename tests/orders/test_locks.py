"""What one brand's checkouts may wait for, with real commits on real concurrent connections:
the order number is not held until commit (orders/numbering.py), and the event seq still gives
readers commit order (orders/events.py)."""

import threading

from django.db import connections, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenant_apps.orders import checkout, events
from tenant_apps.orders.api.serializers import QuoteRequestSerializer
from tenant_apps.orders.models import Order, OrderEvent

from .conftest import cart

TIMEOUT = 30  # seconds: generous; only a lock held until the other transaction ends would reach it
GUEST = checkout.Contact(email="guest@example.test", name="Guest")


def _in_thread(tenant, work, results: list, index: int):
    def run():
        try:
            with tenant_context(tenant):
                results[index] = work()
        except Exception as exc:  # noqa: BLE001 - asserted by the caller
            results[index] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _place(shop):
    request = QuoteRequestSerializer(data=cart(shop), context={"user": None})
    request.is_valid(raise_exception=True)
    return checkout.place_order(request.to_cart(), actor=None, contact=GUEST, payment_method="cash")


def test_a_checkout_of_the_same_location_does_not_wait_for_an_open_order_transaction(committed_shop):
    tenant = committed_shop.tenant
    numbered, release, results = threading.Event(), threading.Event(), [None, None]

    def first():
        with transaction.atomic(), events.written_last():  # as the checkout view's transaction
            order = _place(committed_shop)
            numbered.set()
            release.wait(TIMEOUT)  # still uncommitted while the second checkout runs
        return order

    holder = _in_thread(tenant, first, results, 0)
    assert numbered.wait(TIMEOUT)
    second = _in_thread(tenant, lambda: _place(committed_shop), results, 1)
    second.join(TIMEOUT)
    finished_while_first_open = not second.is_alive()
    release.set()
    holder.join(TIMEOUT)
    assert finished_while_first_open, "the second checkout waited for the first one's COMMIT"
    assert all(isinstance(r, Order) for r in results), results
    assert sorted(r.number for r in results) == [1, 2]


def test_a_checkout_rolled_back_after_its_number_leaves_a_gap_never_a_duplicate(committed_shop):
    with tenant_context(committed_shop.tenant):
        try:
            with transaction.atomic():
                assert _place(committed_shop).number == 1
                raise RuntimeError("the database went away before COMMIT")
        except RuntimeError:
            pass
        assert _place(committed_shop).number == 2
        assert list(Order.objects.values_list("number", flat=True)) == [2]


def test_a_reader_that_saw_seq_n_never_later_finds_a_committed_event_below_n(committed_shop):
    tenant = committed_shop.tenant
    with tenant_context(tenant):
        orders = [_place(committed_shop) for _ in range(4)]
    writers, per_writer, stop, violations = 4, 15, threading.Event(), []

    def write(order):
        for _ in range(per_writer):
            with transaction.atomic(), events.written_last():
                events.record_event(order, kind=OrderEvent.Kind.ETA_CHANGED, from_status=order.status,
                                    to_status=order.status, actor=None)
                # the transaction's tail, as a checkout's response: other writers run meanwhile
                Order.objects.filter(pk=order.pk).update(status_changed=timezone.now())

    def read():
        seen: set[int] = set()
        while True:
            last = stop.is_set()  # every writer has committed: this read is the last, and sees all
            now = set(OrderEvent.objects.values_list("seq", flat=True))
            below = {seq for seq in now - seen if seen and seq < max(seen)}
            if below:
                violations.append((max(seen), sorted(below)))
            seen |= now
            if last:
                return len(seen)

    results = [None] * (writers + 1)
    reader = _in_thread(tenant, read, results, writers)
    threads = [_in_thread(tenant, lambda o=o: write(o), results, i) for i, o in enumerate(orders)]
    for thread in threads:
        thread.join(TIMEOUT * 4)
    stop.set()
    reader.join(TIMEOUT)
    assert not any(isinstance(r, Exception) for r in results), results
    assert violations == []
    with tenant_context(tenant):
        seqs = sorted(OrderEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + len(orders) + writers * per_writer))  # unique, no gap
    assert results[writers] == len(seqs)  # the reader saw them all
