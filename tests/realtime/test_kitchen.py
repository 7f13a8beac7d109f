"""The kitchen board: who may open it, snapshot then live events, resume, brand isolation, moves."""

import uuid
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone
from prometheus_client import REGISTRY

from config.asgi import application
from shared_apps.accounts.models import User
from tenant_apps.orders.models import Order
from tenant_apps.orders.services import Eta

from . import helpers
from .conftest import assert_refused, communicator


@pytest.fixture
def board():
    """Brand alpha with a location, its staff and customers; brand bravo with a location of the SAME id."""
    loc = helpers.make_location("alpha")
    twin = helpers.make_location("bravo", id=loc.id)
    other_loc = helpers.make_location("alpha")
    people = {role: helpers.make_user("alpha", role) for role in ("kitchen", "courier", "manager", "customer")}
    bravo_kitchen = helpers.make_user("bravo", "kitchen")
    made = SimpleNamespace(loc=loc, twin=twin, other_loc=other_loc, bravo_kitchen=bravo_kitchen, orders=[], bravo_orders=[],
                           **{role: pair[0] for role, pair in people.items()},
                           tokens={role: pair[1] for role, pair in people.items()})
    yield made
    helpers.forget("alpha", orders=made.orders, users=[p[0] for p in people.values()], locations=[loc, other_loc])
    helpers.forget("bravo", orders=made.bravo_orders, users=[bravo_kitchen[0]], locations=[twin])


async def place(made, location=None, **kwargs) -> Order:
    order = await sync_to_async(helpers.place_order)("alpha", location or made.loc, **kwargs)
    made.orders.append(order)
    return order


async def move(order, to, actor, reason=None) -> Order:
    return await sync_to_async(helpers.move)("alpha", order, to, actor=actor, reason=reason)


async def reread(order) -> Order:
    return await sync_to_async(helpers.reread)("alpha", order)


def kitchen(made, role="kitchen", since=None, host="alpha.localhost", location=None, token=None):
    query = f"token={token or made.tokens[role]}" + (f"&since={since}" if since is not None else "")
    return communicator(application, f"/ws/kitchen/{location or made.loc.id}/?{query}", host)


async def next_event(comm, timeout=30) -> dict:
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        if message["type"] == "order.event":
            return message


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_kitchen_staff_get_the_open_orders_then_each_new_event_live(board):
    open_order = await place(board)
    done = await place(board)
    for to in ("accepted", "preparing", "ready", "picked_up"):
        done = await move(done, to, board.kitchen)
    await place(board, location=board.other_loc)  # another location's order
    comm = kitchen(board)
    assert (await comm.connect())[0]
    snapshot = await comm.receive_json_from()
    assert snapshot["type"] == "snapshot"
    assert [o["id"] for o in snapshot["orders"]] == [str(open_order.id)]
    assert snapshot["orders"][0]["lines"][0] == {"name": "Margherita", "quantity": 2, "modifiers": [], "note": ""}

    fresh = await place(board)
    created = await next_event(comm)
    assert created["order"]["id"] == str(fresh.id) and created["event"]["kind"] == "created"
    assert created["seq"] > snapshot["seq"] and "prev" not in created
    await move(fresh, "accepted", board.kitchen)
    accepted = await next_event(comm)
    assert (accepted["event"]["from"], accepted["event"]["to"], accepted["order"]["status"]) == ("placed", "accepted", "accepted")
    assert accepted["seq"] > created["seq"]
    assert await comm.receive_nothing(timeout=0.3)
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_board_reconnecting_with_since_gets_the_50_events_it_missed_once_and_in_order(board):
    comm = kitchen(board)
    await comm.connect()
    last_seen = (await comm.receive_json_from())["seq"]
    await comm.disconnect()

    for _ in range(10):  # 10 orders x 5 events = 50 events while the board is away
        order = await place(board)
        for to in ("accepted", "preparing", "ready", "picked_up"):
            order = await move(order, to, board.kitchen)

    again = kitchen(board, since=last_seen)
    await again.connect()
    received = [await next_event(again) for _ in range(50)]
    seqs = [m["seq"] for m in received]
    assert seqs == sorted(set(seqs)) and len(seqs) == 50 and seqs[0] > last_seen
    assert await again.receive_nothing(timeout=0.5)
    await again.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_board_of_brand_b_never_receives_brand_a_events_even_with_the_same_location_id(board):
    assert board.twin.id == board.loc.id
    spy = kitchen(board, host="bravo.localhost", token=board.bravo_kitchen[1])
    assert (await spy.connect())[0]
    snapshot = await spy.receive_json_from()
    assert (snapshot["type"], snapshot["orders"]) == ("snapshot", [])
    order = await place(board)
    await move(order, "accepted", board.kitchen)
    own = kitchen(board, since=0)
    await own.connect()
    assert (await next_event(own))["order"]["id"] == str(order.id)  # alpha's board did get it
    assert await spy.receive_nothing(timeout=0.5)
    await spy.disconnect()
    await own.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_snapshot_of_brand_b_shows_none_of_brand_a_orders_at_the_same_location_id(board):
    await place(board)
    spy = kitchen(board, host="bravo.localhost", token=board.bravo_kitchen[1])
    await spy.connect()
    assert (await spy.receive_json_from())["orders"] == []
    await spy.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_token_of_brand_b_cannot_open_brand_a_board(board):
    await assert_refused(kitchen(board, token=board.bravo_kitchen[1]), 4401, "unauthenticated")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_no_token_is_refused_with_4401(board):
    comm = communicator(application, f"/ws/kitchen/{board.loc.id}/", "alpha.localhost")
    await assert_refused(comm, 4401, "unauthenticated")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_customer_cannot_open_a_kitchen_board(board):
    await assert_refused(kitchen(board, role="customer"), 4403, "forbidden")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
@pytest.mark.parametrize("location", [uuid.uuid4(), "1", "not-a-uuid"])
async def test_an_unknown_location_is_refused_with_4404(board, location):
    await assert_refused(kitchen(board, location=location), 4404, "not_found")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_courier_sees_only_delivery_orders_from_ready_on(board):
    pickup = await place(board, fulfillment="pickup")
    delivery = await place(board, fulfillment="delivery")
    for to in ("accepted", "preparing", "ready"):
        delivery = await move(delivery, to, board.manager)
    comm = kitchen(board, role="courier")
    await comm.connect()
    snapshot = await comm.receive_json_from()
    assert [o["id"] for o in snapshot["orders"]] == [str(delivery.id)]
    await move(pickup, "accepted", board.kitchen)  # not for couriers
    await move(delivery, "out_for_delivery", board.courier)
    event = await next_event(comm)
    assert (event["order"]["id"], event["event"]["to"]) == (str(delivery.id), "out_for_delivery")
    assert await comm.receive_nothing(timeout=0.3)
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_board_shows_estimates_and_gets_each_change_live_couriers_only_for_their_orders(board):
    pickup = await place(board, fulfillment="pickup")
    delivery = await place(board, fulfillment="delivery")
    for to in ("accepted", "preparing", "ready"):
        delivery = await move(delivery, to, board.manager)
    staff, courier = kitchen(board), kitchen(board, role="courier")
    for comm in (staff, courier):
        await comm.connect()
        await comm.receive_json_from()
    ready_at = (timezone.now() + timedelta(minutes=30)).replace(microsecond=0)
    await sync_to_async(helpers.set_eta)("alpha", pickup, Eta(ready_at=ready_at), actor=board.kitchen)
    changed = await next_event(staff)
    assert (changed["order"]["id"], changed["event"]["kind"]) == (str(pickup.id), "eta_changed")
    assert datetime.fromisoformat(changed["order"]["estimated_ready_at"]) == ready_at
    delivery_at = ready_at + timedelta(minutes=20)
    await sync_to_async(helpers.set_eta)("alpha", delivery, Eta(delivery_at=delivery_at), actor=board.manager)
    for comm in (staff, courier):  # the courier sees the delivery order's change, not the pickup's
        event = await next_event(comm)
        assert (event["order"]["id"], event["event"]["kind"]) == (str(delivery.id), "eta_changed")
        assert datetime.fromisoformat(event["event"]["estimated_delivery_at"]) == delivery_at
    assert await courier.receive_nothing(timeout=0.3)
    again = kitchen(board)
    await again.connect()
    snapshot = await again.receive_json_from()
    shown = {o["id"]: o for o in snapshot["orders"]}
    assert datetime.fromisoformat(shown[str(pickup.id)]["estimated_ready_at"]) == ready_at
    assert datetime.fromisoformat(shown[str(delivery.id)]["estimated_delivery_at"]) == delivery_at
    for comm in (staff, courier, again):
        await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_card_order_reaches_the_board_when_paid_not_when_created(board):
    comm = kitchen(board)
    await comm.connect()
    await comm.receive_json_from()
    unpaid = await place(board, status=Order.Status.PENDING_PAYMENT)
    assert await comm.receive_nothing(timeout=0.5)
    await move(unpaid, "placed", None)  # the payment provider's authorisation (system)
    paid = await next_event(comm)
    assert (paid["order"]["id"], paid["event"]["from"], paid["event"]["to"]) == (str(unpaid.id), "pending_payment", "placed")
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_staff_move_an_order_over_the_socket_and_see_the_event(board):
    order = await place(board)
    comm = kitchen(board)
    await comm.connect()
    await comm.receive_json_from()
    await comm.send_json_to({"type": "transition", "order": str(order.id), "to": "accepted", "ref": "r1"})
    replies = [await comm.receive_json_from(), await comm.receive_json_from()]
    by_type = {m["type"]: m for m in replies}
    assert by_type["transition.ok"] == {"type": "transition.ok", "ref": "r1", "order": str(order.id), "status": "accepted"}
    assert by_type["order.event"]["event"]["to"] == "accepted"
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_kitchen_accepts_over_the_socket_with_its_estimate_or_not_at_all(board):
    order = await place(board)
    comm = kitchen(board)
    await comm.connect()
    await comm.receive_json_from()
    past = (timezone.now() - timedelta(minutes=5)).isoformat()
    await comm.send_json_to({"type": "transition", "order": str(order.id), "to": "accepted", "ref": "a0",
                             "estimated_ready_at": past})
    refused = await comm.receive_json_from()
    assert refused["type"] == "error" and refused["error"]["code"] == "eta_in_past"
    assert (await reread(order)).status == "placed"  # both happen or neither

    ready_at = (timezone.now() + timedelta(minutes=25)).replace(microsecond=0)
    await comm.send_json_to({"type": "transition", "order": str(order.id), "to": "accepted", "ref": "a1",
                             "estimated_ready_at": ready_at.isoformat()})
    replies = [await comm.receive_json_from() for _ in range(3)]
    assert [m["type"] for m in replies if m["type"] == "transition.ok"] == ["transition.ok"]
    kinds = [m["event"]["kind"] for m in replies if m["type"] == "order.event"]
    assert kinds == ["status_changed", "eta_changed"]
    order = await reread(order)
    assert (order.status, order.estimated_ready_at) == ("accepted", ready_at)

    await comm.send_json_to({"type": "transition", "order": str(order.id), "to": "preparing", "delay_minutes": 5})
    invalid = await comm.receive_json_from()
    assert invalid["error"]["code"] == "invalid_input" and "to" in invalid["error"]["fields"]
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_an_illegal_move_over_the_socket_answers_the_rest_error_with_the_allowed_moves(board):
    order = await place(board)
    comm = kitchen(board)
    await comm.connect()
    await comm.receive_json_from()
    await comm.send_json_to({"type": "transition", "order": str(order.id), "to": "delivered", "ref": 7})
    reply = await comm.receive_json_from()
    assert reply["type"] == "error" and reply["ref"] == 7
    assert reply["error"]["code"] == "illegal_transition"
    assert reply["error"]["allowed"] == ["accepted"]
    await comm.send_json_to({"type": "transition", "order": str(order.id), "to": "rejected"})
    assert (await comm.receive_json_from())["error"]["code"] in ("transition_forbidden", "reason_required")
    await comm.send_json_to({"type": "transition", "order": str(order.id)})
    invalid = await comm.receive_json_from()
    assert invalid["error"]["code"] == "invalid_input" and "to" in invalid["error"]["fields"]
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_an_order_of_another_location_or_brand_cannot_be_moved_from_this_board(board):
    elsewhere = await place(board, location=board.other_loc)
    comm = kitchen(board)
    await comm.connect()
    await comm.receive_json_from()
    for order_id in (str(elsewhere.id), str(uuid.uuid4()), "nope", None):
        await comm.send_json_to({"type": "transition", "order": order_id, "to": "accepted"})
        assert (await comm.receive_json_from())["error"]["code"] == "not_found"
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_open_connections_closes_and_messages_sent_are_counted_without_a_tenant_label(board):
    def sample(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0

    opened_before = sample("brigade_ws_open_connections", stream="kitchen")
    closed_before = sample("brigade_ws_disconnects_total", stream="kitchen", code="1000")
    sent_before = sample("brigade_ws_messages_sent_total", stream="kitchen", kind="snapshot")
    comm = kitchen(board)
    await comm.connect()
    await comm.receive_json_from()
    assert sample("brigade_ws_open_connections", stream="kitchen") == opened_before + 1
    assert sample("brigade_ws_messages_sent_total", stream="kitchen", kind="snapshot") == sent_before + 1
    await comm.disconnect()
    assert sample("brigade_ws_open_connections", stream="kitchen") == opened_before
    assert sample("brigade_ws_disconnects_total", stream="kitchen", code="1000") == closed_before + 1
    for metric in REGISTRY.collect():
        if metric.name.startswith("brigade_ws"):
            for s in metric.samples:
                assert not {"tenant", "schema", "slug"} & set(s.labels), s


@pytest.mark.django_db  # (also the file's `db` test, so pytest-django creates the test database)
def test_a_staff_role_list_covers_every_staff_role():
    from tenant_apps.realtime.consumers import KITCHEN_ROLES

    assert set(KITCHEN_ROLES) == set(User.STAFF_ROLES)
