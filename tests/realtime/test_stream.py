"""The replay-then-live seam, gap filling and the heartbeat, on a stream whose "database" is a list.

The list stands in for the OrderEvent table so the seam can be forced open deterministically: the
read blocks until the test has published live messages into the real channels-redis layer.
The kitchen and tracking streams are tested on the real models in test_kitchen.py and
test_tracking.py. The process-local fan-out (fanout.py) is tested here too, against the group
membership channels-redis keeps in Redis.
"""

import asyncio
import threading
import uuid

import pytest
from channels.layers import get_channel_layer
from prometheus_client import REGISTRY

from tenant_apps.realtime.auth import JwtAuthMiddleware
from tenant_apps.realtime.groups import kitchen_group, order_group
from tenant_apps.realtime.stream import EventStreamConsumer
from tenants.asgi import TenantScopeMiddleware

from .conftest import assert_refused, communicator, receive_until


class ListStream(EventStreamConsumer):
    """A stream over `log` (a list of event messages); `gate` can hold the read open."""

    stream = "test"
    log: list[dict] = []
    reading = threading.Event()
    release = threading.Event()
    head_reads = 0
    opened: list["ListStream"] = []

    async def connect(self):
        ListStream.opened.append(self)
        await super().connect()

    async def authorize(self):
        return [f"t.{self.tenant.schema_name}.test.{self.scope['query_string'].decode().split('g=')[1].split('&')[0]}"]

    def read_snapshot(self):
        return {"type": "snapshot", "seq": self._head(), "orders": ["…"]}

    def read_events_after(self, seq, limit):
        ListStream.reading.set()
        ListStream.release.wait(timeout=5)
        return [dict(e) for e in ListStream.log if e["seq"] > seq][:limit]

    def read_stream_head(self):
        ListStream.head_reads += 1
        return self._head()

    def read_brand_head(self):
        return self._head()

    def _head(self):
        return max((e["seq"] for e in ListStream.log), default=0)


APP = TenantScopeMiddleware(JwtAuthMiddleware(ListStream.as_asgi()))


def event(seq: int) -> dict:
    return {"type": "order.event", "seq": seq, "order": {"id": "o"}, "event": {"to": f"s{seq}"}}


@pytest.fixture
def stream():
    """A fresh log with events 1..5 committed, an open gate, and a group of its own."""
    ListStream.log = [event(n) for n in range(1, 6)]
    ListStream.reading.clear()
    ListStream.release.set()
    ListStream.head_reads = 0
    ListStream.opened = []
    name = uuid.uuid4().hex
    group = f"t.{{schema}}.test.{name}"
    yield name, group
    ListStream.release.set()


async def group_name(group: str) -> str:
    from tenants.models import Tenant

    return group.format(schema=(await Tenant.objects.aget(slug="alpha")).schema_name)


async def publish(group: str, message: dict, prev: int | None = None):
    payload = {**message, **({"prev": prev} if prev is not None else {})}
    await get_channel_layer().group_send(await group_name(group), payload)


async def members_in_redis(group: str) -> list[str]:
    """The channels that channels-redis would deliver a message of `group` to."""
    layer = get_channel_layer()
    name = await group_name(group)
    connection = layer.connection(layer.consistent_hash(name))
    return [m.decode() for m in await connection.zrange(layer._group_key(name), 0, -1)]


async def connected(name: str, *, since: int | None = None):
    """A test stream's socket on group `name` of brand alpha, connected (with `?since=` if given)."""
    query = f"g={name}" + (f"&since={since}" if since is not None else "")
    comm = communicator(APP, f"/ws/t/?{query}", "alpha.localhost")
    await comm.connect()
    return comm


async def seqs(comm, count: int) -> list[int]:
    return [(await comm.receive_json_from(timeout=5))["seq"] for _ in range(count)]


async def replayed() -> "ListStream":
    """The one open test stream, once its replay is over and it streams live (waits for that itself)."""
    for _ in range(500):
        if ListStream.opened and not ListStream.opened[-1].replaying:
            return ListStream.opened[-1]
        await asyncio.sleep(0.02)
    raise AssertionError("the stream's replay did not finish within 10 s")


class Clock:
    """A heartbeat clock that moves only when the test moves it."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def heard(consumer, at: float) -> None:
    """Wait until the consumer has taken in the client's last message (its last-heard time is `at`)."""
    for _ in range(500):
        if consumer._last_heard == at:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the consumer did not read the client's message within 10 s")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_without_since_a_snapshot_comes_first_carrying_the_head_seq(stream):
    name, _ = stream
    comm = await connected(name)
    assert await comm.receive_json_from() == {"type": "snapshot", "seq": 5, "orders": ["…"]}
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_live_messages_during_the_replay_are_buffered_and_sent_once_after_it_in_order(stream):
    name, group = stream
    ListStream.release.clear()  # hold the database read open
    comm = await connected(name, since=2)
    await asyncio.to_thread(ListStream.reading.wait, 5)
    # Committed before the read finishes: 6 is in the database AND published; 7 is published only
    # (committed after the read took its snapshot); 4 and 5 are late duplicates of replayed rows.
    ListStream.log.append(event(6))
    for seq in (6, 4, 7, 5):
        await publish(group, event(seq))
    await asyncio.sleep(0.2)  # let the live messages reach the consumer's buffer
    ListStream.release.set()
    assert await seqs(comm, 5) == [3, 4, 5, 6, 7]
    await publish(group, event(7))  # a duplicate after the seam: dropped
    await publish(group, event(8))
    assert await seqs(comm, 1) == [8]
    assert await comm.receive_nothing(timeout=0.3)
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_live_message_after_a_gap_makes_the_stream_read_the_missing_events_first(stream):
    name, group = stream
    comm = await connected(name, since=5)
    await asyncio.sleep(0.2)
    # 6 and 7 were committed; the message for 6 was lost (a full channel, a dead publisher).
    ListStream.log += [event(6), event(7)]
    await publish(group, event(7), prev=6)
    assert await seqs(comm, 2) == [6, 7]
    assert await comm.receive_nothing(timeout=0.3)
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_reconnect_with_since_receives_everything_missed_once_and_in_order(stream):
    name, group = stream
    comm = await connected(name, since=5)
    await asyncio.sleep(0.2)
    await publish(group, event(6), prev=5)
    ListStream.log.append(event(6))
    assert await seqs(comm, 1) == [6]
    await comm.disconnect()
    ListStream.log += [event(n) for n in range(7, 57)]  # 50 events while away
    again = await connected(name, since=6)
    assert await seqs(again, 50) == list(range(7, 57))
    assert await again.receive_nothing(timeout=0.3)
    await again.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_heartbeat_finds_a_lost_last_message_in_the_database(stream, settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 0.6
    name, _ = stream
    comm = await connected(name, since=5)
    await replayed()  # the replay has read the log
    ListStream.log.append(event(6))  # committed, never published
    messages = await receive_until(comm, "order.event")
    assert messages[0] == {"type": "ping", "seq": 5}
    assert messages[-1]["seq"] == 6
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_client_that_stops_answering_pings_is_closed_with_4408(stream, settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 0.2
    settings.REALTIME_IDLE_TIMEOUT_SECONDS = 0.5
    name, _ = stream
    comm = await connected(name, since=5)
    while True:
        message = await comm.receive_output(timeout=5)
        if message["type"] == "websocket.close":
            break
    assert (message["code"], message["reason"]) == (4408, "heartbeat_timeout")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_client_that_answers_pings_stays_open(stream, settings, monkeypatch):
    # The test beats itself on a clock it moves: real seconds on a loaded machine made it flaky.
    settings.REALTIME_HEARTBEAT_SECONDS = 60
    settings.REALTIME_IDLE_TIMEOUT_SECONDS = 0.5
    clock = Clock()
    monkeypatch.setattr(ListStream, "clock", clock)
    name, _ = stream
    comm = await connected(name, since=5)
    consumer = await replayed()
    for _ in range(6):  # 1.2 s of beats, past the idle limit had the client not answered
        clock.now += 0.2
        assert await consumer.beat()
        assert (await comm.receive_json_from(timeout=5))["type"] == "ping"
        await comm.send_json_to({"type": "pong"})
        await heard(consumer, clock.now)
    clock.now += 0.6  # then silent past the limit: the next beat closes
    assert not await consumer.beat()
    assert (await comm.receive_output(timeout=5))["code"] == 4408


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_client_ping_is_answered_with_a_pong_carrying_the_last_seq(stream):
    name, _ = stream
    comm = await connected(name, since=3)
    assert await seqs(comm, 2) == [4, 5]
    await comm.send_json_to({"type": "ping"})
    assert await comm.receive_json_from() == {"type": "pong", "seq": 5}
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_replay_longer_than_the_limit_becomes_a_snapshot(stream, settings):
    settings.REALTIME_REPLAY_LIMIT = 3
    name, _ = stream
    comm = await connected(name, since=0)
    assert await comm.receive_json_from() == {"type": "snapshot", "seq": 5, "orders": ["…"], "reason": "resync"}
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_since_beyond_anything_the_brand_issued_becomes_a_snapshot(stream):
    name, _ = stream
    comm = await connected(name, since=900)
    assert (await comm.receive_json_from())["reason"] == "resync"
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
@pytest.mark.parametrize("since", ["-1", "abc", "1e3", "9" * 40])
async def test_a_since_that_is_not_a_sequence_number_is_refused_with_4400(stream, since):
    name, _ = stream
    await assert_refused(communicator(APP, f"/ws/t/?g={name}&since={since}", "alpha.localhost"), 4400, "invalid_since")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_message_that_is_not_a_json_object_gets_an_error_message_not_a_crash(stream):
    name, _ = stream
    comm = await connected(name, since=5)
    for bad in ("{not json", "[1, 2]", "null"):
        await comm.send_to(text_data=bad)
        reply = await comm.receive_json_from()
        assert reply["type"] == "error" and reply["error"]["code"] == "invalid_message"
    await comm.send_to(bytes_data=b"\x00")
    assert (await comm.receive_json_from())["error"]["code"] == "invalid_message"
    await comm.send_json_to({"type": "dance"})
    assert (await comm.receive_json_from())["error"]["code"] == "unknown_message"
    await comm.disconnect()


def test_groups_carry_the_schema_so_equal_ids_of_two_brands_never_share_one(tenant_a, tenant_b):
    same_id = uuid.uuid4()
    assert kitchen_group(tenant_a.schema_name, same_id) != kitchen_group(tenant_b.schema_name, same_id)
    assert kitchen_group(tenant_a.schema_name, same_id) == f"t.{tenant_a.schema_name}.kitchen.{same_id}"
    assert order_group(tenant_a.schema_name, 7) == f"t.{tenant_a.schema_name}.order.7"
    with pytest.raises(ValueError):
        kitchen_group(tenant_a.schema_name, "../other")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_stream_idle_longer_than_the_channel_layers_blocking_read_still_receives(stream, settings):
    # channels-redis blocks 5 s per read (BZPOPMIN); redis-py 8's default socket timeout is also
    # 5 s, which killed idle consumers with TimeoutError until the layer got a longer one.
    # No heartbeat within the 11 s: its first ping comes at 50-100% of the interval (10-20 s by
    # default) and would be read here in place of event 6, one run in ten.
    settings.REALTIME_HEARTBEAT_SECONDS = 60
    name, group = stream
    comm = await connected(name, since=5)
    await asyncio.sleep(11)
    ListStream.log.append(event(6))
    await publish(group, event(6), prev=5)
    assert await seqs(comm, 1) == [6]
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_head_check_after_a_live_message_skips_the_database_and_the_next_quiet_one_reads_it(stream, settings):
    settings.REALTIME_HEARTBEAT_SECONDS = 60  # the test runs the heartbeat's check itself
    name, group = stream
    comm = await connected(name, since=5)
    consumer = await replayed()
    ListStream.log += [event(6), event(7)]
    await publish(group, event(6), prev=5)  # 7 is committed but its message is lost
    assert await seqs(comm, 1) == [6]
    await consumer._check_head()  # a live message since the last beat: trusted, no read
    assert ListStream.head_reads == 0
    assert await comm.receive_nothing(timeout=0.2)
    await consumer._check_head()  # quiet since the last beat: reads the head, finds 7
    assert ListStream.head_reads == 1
    assert await seqs(comm, 1) == [7]
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_stream_whose_inbox_overflowed_reads_the_database_at_the_next_head_check(stream, settings, monkeypatch):
    monkeypatch.setattr("tenant_apps.realtime.stream.INBOX_SIZE", 1)
    settings.REALTIME_HEARTBEAT_SECONDS = 60  # the test runs the heartbeat's check itself
    name, group = stream
    comm = await connected(name, since=5)
    consumer = await replayed()
    ListStream.reading.clear()
    ListStream.release.clear()
    ListStream.log += [event(6), event(7)]
    await publish(group, event(7), prev=6)  # a gap: the stream reads the log, and the read is held
    await asyncio.to_thread(ListStream.reading.wait, 5)
    await publish(group, event(8), prev=7)  # waits in the inbox (size 1)
    await publish(group, event(9), prev=8)  # the inbox is full: dropped
    await asyncio.sleep(0.2)
    ListStream.release.set()
    assert await seqs(comm, 3) == [6, 7, 8]
    ListStream.log += [event(8), event(9)]
    # Live messages were sent since the last beat, but one was dropped: this check reads the head.
    fills = REGISTRY.get_sample_value("brigade_ws_gap_fills_total", {"stream": "test", "cause": "inbox_full"}) or 0
    await consumer._check_head()
    assert ListStream.head_reads == 1
    assert await seqs(comm, 1) == [9]
    assert REGISTRY.get_sample_value("brigade_ws_gap_fills_total", {"stream": "test", "cause": "inbox_full"}) == fills + 1
    await comm.disconnect()


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_sockets_of_one_group_in_one_process_are_one_member_in_redis_and_get_the_same_text(stream):
    name, group = stream
    first = await connected(name, since=5)
    second = await connected(name, since=5)
    assert len(await members_in_redis(group)) == 1
    ListStream.log.append(event(6))
    await publish(group, event(6), prev=5)
    texts = [await first.receive_from(timeout=5), await second.receive_from(timeout=5)]
    assert texts[0] == texts[1] == '{"type":"order.event","seq":6,"order":{"id":"o"},"event":{"to":"s6"}}'
    await first.disconnect()
    await second.disconnect()


async def wait_for_members(group: str, count: int) -> None:
    for _ in range(50):
        if len(await members_in_redis(group)) == count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{group} has {await members_in_redis(group)}, expected {count} member(s)")


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_the_last_socket_of_a_group_to_leave_takes_the_process_out_of_it_in_redis(stream):
    name, group = stream
    first = await connected(name, since=5)
    second = await connected(name, since=5)
    await first.disconnect()
    await wait_for_members(group, 1)  # the second socket still needs it
    await second.disconnect()
    await wait_for_members(group, 0)


@pytest.mark.asyncio
@pytest.mark.usefixtures("realtime_db")
async def test_a_socket_that_joins_while_the_last_one_leaves_still_receives(stream):
    name, group = stream
    first = await connected(name, since=5)
    await first.disconnect()  # the process starts leaving the group...
    again = await connected(name, since=5)  # ...and is asked to join it at once
    await asyncio.sleep(0.2)
    await wait_for_members(group, 1)
    ListStream.log.append(event(6))
    await publish(group, event(6), prev=5)
    assert await seqs(again, 1) == [6]
    await again.disconnect()
