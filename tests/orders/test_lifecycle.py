"""transition_order: the state machine, roles, events with their seq, and the after-commit hook."""

import threading

import pytest
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from tenant_apps.orders import errors, event_bus
from tenant_apps.orders.event_bus import order_event_committed
from tenant_apps.orders.models import EventCounter, Order, OrderEvent
from tenant_apps.orders.services import transition_order
from tenant_apps.orders.states import Status, allowed_moves
from tenants.models import Tenant

from .conftest import make_user
from .factories import OrderFactory

S = Status
DELIVERY_PATH = [S.ACCEPTED, S.PREPARING, S.READY, S.OUT_FOR_DELIVERY, S.DELIVERED]
PICKUP_PATH = [S.ACCEPTED, S.PREPARING, S.READY, S.PICKED_UP]


def test_manager_moves_a_delivery_order_through_every_status_with_an_event_each(in_a):
    manager = make_user("manager")
    order = OrderFactory(fulfillment="delivery")
    for to in DELIVERY_PATH:
        order = transition_order(order, to, actor=manager)
        assert order.status == to
    events = list(OrderEvent.objects.filter(order=order))
    assert [(e.from_status, e.to_status) for e in events] == list(zip([S.PLACED, *DELIVERY_PATH[:-1]], DELIVERY_PATH, strict=True))
    assert all(e.actor == manager and e.actor_role == "manager" for e in events)
    seqs = [e.seq for e in events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_pickup_order_is_picked_up_and_never_goes_out_for_delivery(in_a):
    owner = make_user("owner")
    order = OrderFactory(fulfillment="pickup")
    for to in PICKUP_PATH[:3]:
        order = transition_order(order, to, actor=owner)
    with pytest.raises(errors.IllegalTransition) as caught:
        transition_order(order, S.OUT_FOR_DELIVERY, actor=owner)
    assert caught.value.extra["allowed"] == [S.PICKED_UP]
    assert transition_order(order, S.PICKED_UP, actor=owner).status == S.PICKED_UP


def test_illegal_move_is_refused_with_the_allowed_moves_and_writes_nothing(in_a):
    order = OrderFactory()
    with pytest.raises(errors.IllegalTransition) as caught:
        transition_order(order, S.DELIVERED, actor=make_user("manager"))
    assert caught.value.status_code == 409
    assert caught.value.extra == {"status": S.PLACED, "allowed": [S.ACCEPTED, S.CANCELLED, S.REJECTED]}
    assert not OrderEvent.objects.filter(order=order).exists()


def test_unknown_status_is_an_illegal_move_not_a_crash(in_a):
    with pytest.raises(errors.IllegalTransition):
        transition_order(OrderFactory(), "teleported", actor=make_user("owner"))


# Every move of the machine, with the fulfilment it needs.
MOVES = [
    (S.PENDING_PAYMENT, S.PLACED, "delivery"), (S.PENDING_PAYMENT, S.PAYMENT_FAILED, "delivery"),
    (S.PLACED, S.ACCEPTED, "delivery"), (S.PLACED, S.CANCELLED, "delivery"), (S.PLACED, S.REJECTED, "delivery"),
    (S.ACCEPTED, S.PREPARING, "delivery"), (S.ACCEPTED, S.CANCELLED, "delivery"), (S.ACCEPTED, S.REJECTED, "delivery"),
    (S.PREPARING, S.READY, "delivery"), (S.READY, S.OUT_FOR_DELIVERY, "delivery"), (S.READY, S.PICKED_UP, "pickup"),
    (S.OUT_FOR_DELIVERY, S.DELIVERED, "delivery"),
]
PAYMENT_MOVES = {(S.PENDING_PAYMENT, S.PLACED), (S.PENDING_PAYMENT, S.PAYMENT_FAILED)}
# Who may do what, written out from issue 5 (not read from states.ROLE_MOVES, so the two can disagree);
# the kitchen also hands pickup orders over (decisions.md), and only the payment provider settles payments.
MAY = {
    "kitchen": {(S.PLACED, S.ACCEPTED), (S.ACCEPTED, S.PREPARING), (S.PREPARING, S.READY), (S.READY, S.PICKED_UP)},
    "courier": {(S.READY, S.OUT_FOR_DELIVERY), (S.OUT_FOR_DELIVERY, S.DELIVERED)},
    "manager": {(src, dst) for src, dst, _ in MOVES} - PAYMENT_MOVES,
    "owner": {(src, dst) for src, dst, _ in MOVES} - PAYMENT_MOVES,
    "customer": {(S.PLACED, S.CANCELLED)},
    "system": PAYMENT_MOVES,
}


@pytest.mark.parametrize("role", list(MAY))
@pytest.mark.parametrize(("start", "to", "fulfillment"), MOVES)
def test_every_move_is_allowed_or_refused_by_role(in_a, role, start, to, fulfillment):
    actor = None if role == "system" else make_user(role)
    order = OrderFactory(status=start, fulfillment=fulfillment, customer=actor if role == "customer" else None)
    if (start, to) in MAY[role]:
        assert transition_order(order, to, actor=actor, reason="because").status == to
        assert OrderEvent.objects.get(order=order).actor_role == role
    else:
        with pytest.raises(errors.TransitionForbidden) as caught:
            transition_order(order, to, actor=actor, reason="because")
        assert caught.value.status_code == 403
        assert caught.value.extra["allowed"] == allowed_moves(start, fulfillment, role)
        assert Order.objects.get(pk=order.pk).status == start
        assert not OrderEvent.objects.filter(order=order).exists()


def test_customer_cannot_cancel_another_customers_order(in_a):
    order = OrderFactory(customer=make_user("customer"))
    with pytest.raises(errors.OrderNotFound):
        transition_order(order, S.CANCELLED, actor=make_user("customer"))


def test_staff_must_give_a_reason_to_cancel_or_reject(in_a):
    order = OrderFactory()
    with pytest.raises(errors.ReasonRequired):
        transition_order(order, S.REJECTED, actor=make_user("manager"), reason="  ")
    event = transition_order(order, S.REJECTED, actor=make_user("manager"), reason="Out of buns").events.get()
    assert event.reason == "Out of buns"


def test_payment_moves_belong_to_the_system_alone(in_a):
    order = OrderFactory(status=S.PENDING_PAYMENT, payment_method="card")
    with pytest.raises(errors.TransitionForbidden):
        transition_order(order, S.PLACED, actor=make_user("owner"))
    placed = transition_order(order, S.PLACED, actor=None)
    assert placed.status == S.PLACED and placed.placed_at is not None
    assert placed.events.get().actor_role == "system"


def test_event_is_announced_after_commit_with_its_seq_and_schema(in_a, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append({**kwargs, "schema_during_receiver": connection.schema_name})

    order_event_committed.connect(receiver)
    try:
        order = OrderFactory()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            transition_order(order, S.ACCEPTED, actor=make_user("kitchen"))
        assert received == []  # nothing is announced before the commit
        for callback in callbacks:
            callback()
        assert event_bus.drain()
    finally:
        order_event_committed.disconnect(receiver)
    event = OrderEvent.objects.get(order=order)
    assert received == [{
        "signal": order_event_committed, "schema_name": in_a.schema_name, "event_id": event.pk, "seq": event.seq,
        "order_id": str(order.pk), "location_id": str(order.location_id), "kind": "status_changed",
        "from_status": S.PLACED, "to_status": S.ACCEPTED, "fulfillment": order.fulfillment,
        "schema_during_receiver": in_a.schema_name,
    }]


def test_a_failing_subscriber_does_not_break_the_transition_or_other_subscribers(in_a, django_capture_on_commit_callbacks):
    seen = []

    def broken(sender, **kwargs):
        raise RuntimeError("subscriber bug")

    def healthy(sender, seq, **kwargs):
        seen.append(seq)

    order_event_committed.connect(broken)
    order_event_committed.connect(healthy)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            transition_order(OrderFactory(), S.ACCEPTED, actor=make_user("kitchen"))
        assert event_bus.drain()
    finally:
        order_event_committed.disconnect(broken)
        order_event_committed.disconnect(healthy)
    assert len(seen) == 1


def test_rolled_back_transition_leaves_no_event_and_announces_nothing(in_a, django_capture_on_commit_callbacks):
    order = OrderFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                transition_order(order, S.ACCEPTED, actor=make_user("kitchen"))
                raise RuntimeError("the caller's transaction fails later")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OrderEvent.objects.filter(order=order).exists()
    assert Order.objects.get(pk=order.pk).status == S.PLACED


def test_seq_of_one_tenant_is_independent_of_the_other(tenant_a, tenant_b):
    with tenant_context(tenant_a):
        a = transition_order(OrderFactory(), S.ACCEPTED, actor=make_user("kitchen")).events.get().seq
        a2 = transition_order(OrderFactory(), S.ACCEPTED, actor=make_user("kitchen")).events.get().seq
    with tenant_context(tenant_b):
        b = transition_order(OrderFactory(), S.ACCEPTED, actor=make_user("kitchen")).events.get().seq
    assert a2 == a + 1
    with tenant_context(tenant_b):
        assert EventCounter.objects.get().last_seq == b


def test_concurrent_transitions_get_unique_gapless_seqs(committed_db):
    tenant_a = Tenant.objects.get(slug="alpha")
    with tenant_context(tenant_a):
        kitchen = make_user("kitchen", email="concurrent-kitchen@alpha.test")
        orders = [OrderFactory() for _ in range(20)]
    barrier = threading.Barrier(len(orders))
    failures = []

    def accept(order):
        try:
            with tenant_context(tenant_a):
                barrier.wait()
                transition_order(order, S.ACCEPTED, actor=kitchen)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(o,)) for o in orders]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
        with tenant_context(tenant_a):
            events = list(OrderEvent.objects.filter(order__in=orders).order_by("seq"))
            seqs = [e.seq for e in events]
            assert len(seqs) == 20 and seqs == list(range(seqs[0], seqs[0] + 20))  # unique, no gaps
    finally:
        with tenant_context(tenant_a):
            Order.objects.filter(pk__in=[o.pk for o in orders]).delete()
            kitchen.delete()
