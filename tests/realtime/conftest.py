"""Helpers for WebSocket tests: real channels-redis layer, real PostgreSQL, channels' communicator.

Consumers read the database from worker threads, so what a test writes must be committed:
tests here use `committed_db` or data made once per session, and clean up what they add.
"""

import asyncio

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator


@pytest.fixture(autouse=True)
def _worker_threads_do_not_keep_connections():
    """Streams read from a pool of worker threads, each with its own connection, which live up to
    CONN_MAX_AGE. In tests they must close after each call, or the test database cannot be dropped."""
    from django.db import connections

    settings_dict = connections.settings["default"]
    before = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 0
    yield
    settings_dict["CONN_MAX_AGE"] = before


@pytest.fixture(autouse=True)
def _a_channel_layer_per_test():
    """A server process has one event loop and one channel layer; each test has its own loop, so
    it gets its own layer too. channels-redis keeps receive locks on the layer, and one left by a
    receive cancelled while it waited (a reader stopped mid-test) is bound to the old loop."""
    from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers

    channel_layers.set(DEFAULT_CHANNEL_LAYER, channel_layers.make_backend(DEFAULT_CHANNEL_LAYER))


@pytest_asyncio.fixture(autouse=True)
async def _fanout_stops_with_the_test():
    """Stop this loop's group readers while it still runs, also in tests that end without a
    disconnect (a close by the server, a failure): no task is left pending on a closed loop.
    Bounded: a teardown that hangs hangs the whole run (pytest-timeout stops its timer when a test fails)."""
    yield
    from tenant_apps.realtime.fanout import fanout

    async with asyncio.timeout(30):
        await fanout().aclose()


@pytest_asyncio.fixture(autouse=True)
async def _close_thread_connections():
    """ORM calls from async code run in worker threads; close their connections so the test DB can be dropped."""
    yield
    from django.db import connections

    async with asyncio.timeout(30):
        await sync_to_async(connections.close_all)()


class Communicator(WebsocketCommunicator):
    """channels' communicator, waiting as long as a loaded machine needs. Its defaults give the
    handshake and each message 1 s, which the consumer's database reads in worker threads missed
    whenever the suite shared the two cores with other work (the kitchen and tracking tests
    failed at random). Each wait still ends on the event; `receive_nothing` keeps its short,
    explicit windows."""

    async def connect(self, timeout=30):
        return await super().connect(timeout)

    async def receive_output(self, timeout=30):
        return await super().receive_output(timeout)

    async def receive_from(self, timeout=30):
        return await super().receive_from(timeout)

    async def receive_json_from(self, timeout=30):
        return await super().receive_json_from(timeout)


def communicator(app, path: str, host: str, *, subprotocols=None) -> WebsocketCommunicator:
    return Communicator(app, path, headers=[(b"host", host.encode())], subprotocols=subprotocols)


async def assert_refused(comm: WebsocketCommunicator, code: int, reason: str) -> None:
    """The handshake completes, then the server closes with `code` and `reason` (see tenants.asgi.refuse)."""
    connected, _ = await comm.connect()
    assert connected
    message = await comm.receive_output()
    assert message["type"] == "websocket.close", message
    assert (message.get("code"), message.get("reason")) == (code, reason)
    await comm.wait()


async def receive_until(comm: WebsocketCommunicator, kind: str, timeout: float = 30) -> list[dict]:
    """Every JSON message up to and including the first of type `kind`."""
    seen = []
    while True:
        message = await comm.receive_json_from(timeout=timeout)
        seen.append(message)
        if message.get("type") == kind:
            return seen


@pytest.fixture
def realtime_db(django_db_setup, committed_db):
    """Committed data visible to the consumers' worker threads (committed_db, after the test DB exists).

    pytest-django creates the test database only for a session that selects at least one test
    marked `django_db` or using `db`; each file here has one, but `-k` can deselect it.
    """
    yield


@pytest.fixture(autouse=True)
def _eager_celery(eager_celery):
    """Tasks that orders sends after commit (e-mails, payments) run in the sender's thread."""
