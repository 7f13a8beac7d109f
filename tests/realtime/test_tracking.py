"""Order tracking: the customer or the tracking-link holder, and nobody else, follows one order."""

import uuid
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from config.asgi import application
from tenant_apps.orders.services import Eta

from . import helpers
from .conftest import assert_refused, communicator


@pytest.fixture
def shop():
    loc = helpers.make_location("alpha")
    customer, token = helpers.make_user("alpha", "customer")
    stranger, stranger_token = helpers.make_user("alpha", "customer")
    kitchen, _ = helpers.make_user("alpha", "kitchen")
    order = helpers.place_order("alpha", loc, customer=customer)
    bravo_loc = helpers.make_location("bravo")
    bravo_order = helpers.place_order("bravo", bravo_loc)
    made = SimpleNamespace(loc=loc, customer=customer, token=token, stranger_token=stranger_token, kitchen=kitchen,
                           order=order, bravo_order=bravo_order)
    yield made
    helpers.forget("alpha", orders=[order], users=[customer, stranger, kitchen], locations=[loc])
    helpers.forget("bravo", orders=[bravo_order], locations=[bravo_loc])


def tracking(order_id, query: str, host="alpha.localhost"):
    return communicator(application, f"/ws/orders/{order_id}/?{query}", host)


async def move(made, to, reason=None):
    made.order = await sync_to_async(helpers.move)("alpha", made.order, to, actor=made.kitchen, reason=reason)


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_customer_gets_the_order_then_each_status_change(shop):
    comm = tracking(shop.order.id, f"token={shop.token}")
    assert (await comm.connect())[0]
    snapshot = await comm.receive_json_from()
    assert snapshot["type"] == "snapshot" and snapshot["order"]["status"] == "placed"
    assert "lines" not in snapshot["order"] and "contact_phone" not in snapshot["order"]
    await move(shop, "accepted")
    event = await comm.receive_json_from()
    assert (event["type"], event["event"]["to"], event["order"]["status"]) == ("order.event", "accepted", "accepted")
    assert event["seq"] > snapshot["seq"]
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_holder_of_the_tracking_token_follows_the_order_without_an_account(shop):
    comm = tracking(shop.order.id, f"tracking={shop.order.tracking_token}&since=0")
    await comm.connect()
    created = await comm.receive_json_from()
    assert (created["event"]["kind"], created["order"]["id"]) == ("created", str(shop.order.id))
    await move(shop, "accepted")
    assert (await comm.receive_json_from())["event"]["to"] == "accepted"
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_customer_resuming_with_since_gets_only_what_came_after(shop):
    comm = tracking(shop.order.id, f"token={shop.token}")
    await comm.connect()
    seen = (await comm.receive_json_from())["seq"]
    await comm.disconnect()
    for to in ("accepted", "preparing", "ready"):
        await move(shop, to)
    again = tracking(shop.order.id, f"token={shop.token}&since={seen}")
    await again.connect()
    assert [(await again.receive_json_from())["event"]["to"] for _ in range(3)] == ["accepted", "preparing", "ready"]
    assert await again.receive_nothing(timeout=0.3)
    await again.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_another_customer_cannot_follow_the_order(shop):
    await assert_refused(tracking(shop.order.id, f"token={shop.stranger_token}"), 4404, "not_found")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_wrong_tracking_token_reads_as_not_found(shop):
    await assert_refused(tracking(shop.order.id, "tracking=guess"), 4404, "not_found")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_tracking_token_of_another_order_does_not_open_this_one(shop):
    await assert_refused(tracking(shop.order.id, f"tracking={shop.bravo_order.tracking_token}"), 4404, "not_found")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_no_credentials_are_refused_with_4401(shop):
    await assert_refused(tracking(shop.order.id, ""), 4401, "unauthenticated")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_an_order_of_brand_b_cannot_be_followed_on_brand_a_host(shop):
    bravo = shop.bravo_order
    await assert_refused(tracking(bravo.id, f"tracking={bravo.tracking_token}"), 4404, "not_found")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
@pytest.mark.parametrize("order_id", [uuid.uuid4(), "7", "x" * 60])
async def test_an_unknown_order_is_refused_with_4404(shop, order_id):
    await assert_refused(tracking(order_id, f"token={shop.token}"), 4404, "not_found")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_tracking_stream_cannot_move_the_order(shop):
    comm = tracking(shop.order.id, f"token={shop.token}")
    await comm.connect()
    await comm.receive_json_from()
    await comm.send_json_to({"type": "transition", "order": str(shop.order.id), "to": "cancelled"})
    assert (await comm.receive_json_from())["error"]["code"] == "unknown_message"
    await comm.disconnect()


@pytest.mark.django_db  # (also the file's `db` test, so pytest-django creates the test database)
def test_the_tracking_payload_leaves_out_what_a_forwarded_link_must_not_show(tenant_a):
    from django_tenants.utils import tenant_context

    from tenant_apps.realtime.payloads import kitchen_order, tracking_order
    from tests.orders.factories import OrderFactory, OrderLineFactory

    with tenant_context(tenant_a):
        order = OrderLineFactory(order=OrderFactory(contact_phone="+49 30 1234", note="ring twice")).order
        private = {"contact_name", "contact_phone", "delivery_address", "lines", "note", "total_cents"}
        assert private <= set(kitchen_order(order))
        assert not private & set(tracking_order(order))


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value)


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_new_estimate_reaches_the_tracking_socket_and_is_replayed_with_the_time_it_set(shop):
    comm = tracking(shop.order.id, f"token={shop.token}")
    await comm.connect()
    snapshot = await comm.receive_json_from()
    first = (timezone.now() + timedelta(minutes=40)).replace(microsecond=0)
    await sync_to_async(helpers.set_eta)("alpha", shop.order, Eta(ready_at=first), actor=shop.kitchen)
    live = await comm.receive_json_from()
    assert (live["type"], live["event"]["kind"], live["event"]["to"]) == ("order.event", "eta_changed", "placed")
    assert _at(live["event"]["estimated_ready_at"]) == first and _at(live["order"]["estimated_ready_at"]) == first
    await comm.disconnect()

    second = first + timedelta(minutes=15)
    await sync_to_async(helpers.set_eta)("alpha", shop.order, Eta(ready_at=second), actor=shop.kitchen)
    again = tracking(shop.order.id, f"token={shop.token}&since={snapshot['seq']}")
    await again.connect()
    replayed = [await again.receive_json_from() for _ in range(2)]
    assert [m["event"]["kind"] for m in replayed] == ["eta_changed", "eta_changed"]
    assert replayed[0]["seq"] == live["seq"]
    # Each event keeps the time it set; the order shows the latest.
    assert [_at(m["event"]["estimated_ready_at"]) for m in replayed] == [first, second]
    assert _at(replayed[0]["order"]["estimated_ready_at"]) == second
    assert await again.receive_nothing(timeout=0.3)
    await again.disconnect()
