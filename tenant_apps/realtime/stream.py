"""A WebSocket stream of order events that loses nothing: replay from the database, then live.

The delivery rule (docs/decisions.md, "Real time"): every message carries the brand's event
`seq`; a client that reconnects with `?since=<seq>` gets every event of its stream after it,
then the live ones, each at least once and in `seq` order on one connection. How the seam
between the replay and the live stream is closed:

1. Join the channel group(s) *first*, so nothing committed from now on can be missed.
2. Read the events after `since` (or a snapshot and the stream's head seq) from the database,
   in a worker thread inside the tenant's schema, and send them. Live messages that arrive
   meanwhile are buffered in memory, not sent.
3. Flush the buffer, dropping every message whose seq is at or below the last one sent, then
   switch to live. Steps 2 and 3 hold one lock and the switch has no await between the last
   buffer check and the flag, so no live message can slip between them.

Live messages can still go missing past the seam: channels-redis drops a group message to a
channel that is over capacity, a publisher can die between commit and publish, Redis can blip.
So each live message also carries `prev`, the seq of the previous event of the same stream,
computed by the publisher after commit. When `prev` is above the last seq sent, something in
between was lost or is late: the stream re-reads the database from the last seq sent before it
goes on. And every heartbeat compares the stream's head seq in the database with the last one
sent, which catches a lost *last* message — on streams that received no live message since the
previous heartbeat (a live message proves the stream was in step up to its `prev`), so a busy
stream costs no query per heartbeat and a lost last message is found within two heartbeats. The
database, not Redis, is the source of truth.

Live messages reach a stream through this process's fan-out (fanout.py): the process, not each
socket, is the member of the group in Redis, and the client JSON of a message is encoded once per
process. A stream takes them into a bounded inbox; one that overflows (a client that stopped
reading) drops the message and checks the database at the next heartbeat.

Heartbeat: the server sends `{"type": "ping", "seq": <last sent>}` every
REALTIME_HEARTBEAT_SECONDS; the client answers `{"type": "pong"}` (or sends anything). A client
silent for REALTIME_IDLE_TIMEOUT_SECONDS is closed with 4408 — its socket is dead or hung. A
client may also send `{"type": "ping"}` and gets a pong, which lets it detect a dead server.
"""

import asyncio
import json
import logging
import random
import time

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django_tenants.utils import tenant_context

from shared_apps.core.errors import DomainError, error_body

from .auth import BEARER_SUBPROTOCOL, query_params
from .fanout import INTERNAL_KEYS, fanout
from .metrics import DISCONNECTS, DUPLICATES_DROPPED, GAP_FILLS, MESSAGES_SENT, OPEN_CONNECTIONS, REFUSED

logger = logging.getLogger(__name__)

CLOSE_BAD_REQUEST = 4400
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_IDLE = 4408
CLOSE_SERVER_ERROR = 1011

# Live messages a stream holds for its socket; past it they are dropped and read again from the
# database (a socket that stopped reading must not hold the process's memory).
INBOX_SIZE = 1000


class Refused(Exception):
    """Raised by `authorize`: the socket is closed with `code` and `reason` (a stable error code)."""

    def __init__(self, code: int, reason: str):
        self.code = code
        self.reason = reason
        super().__init__(reason)


def _call_in_tenant(tenant, fn, args):
    with tenant_context(tenant):
        return fn(*args)


class EventStreamConsumer(AsyncJsonWebsocketConsumer):
    """Base of the kitchen and tracking streams. Subclasses say who may join and what to read.

    Hooks (the `read_*` ones are sync and run in a worker thread inside the tenant's schema):
      authorize()                       async; returns the group names, or raises Refused
      read_snapshot()                   {"type": "snapshot", "seq": <head>, ...}
      read_events_after(seq, limit)     the stream's event messages with seq > `seq`, in order
      read_stream_head()                the highest seq of this stream (0 when none)
      read_brand_head()                 the highest seq of the whole brand (0 when none)
      visible(message)                  whether this client may see that event (default: yes)
      handle(content)                   async; a client message other than ping/pong
    """

    clock = staticmethod(time.monotonic)  # the heartbeat's time; a test puts a clock it moves here

    stream = "stream"  # the metrics label
    # No layer channel per socket: live messages come through the process's fan-out (fanout.py).
    # get_channel_layer() answers None for an alias that is not configured.
    channel_layer_alias = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_seq = 0
        self.replaying = True
        self.buffer: list[tuple[dict, str | None]] = []
        self.opened = False
        self.joined: list[str] = []
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task] = []
        self._last_heard = 0.0
        self._inbox: asyncio.Queue[tuple[dict, str]] = asyncio.Queue(INBOX_SIZE)
        self._live_since_check = False  # a live message was sent since the last heartbeat
        self._dropped = False  # the inbox overflowed since the last heartbeat

    # --- hooks -------------------------------------------------------------------------------
    async def authorize(self) -> list[str]:
        raise NotImplementedError

    def read_snapshot(self) -> dict:
        raise NotImplementedError

    def read_events_after(self, seq: int, limit: int) -> list[dict]:
        raise NotImplementedError

    def read_stream_head(self) -> int:
        raise NotImplementedError

    def read_brand_head(self) -> int:
        raise NotImplementedError

    def visible(self, message: dict) -> bool:
        return True

    async def handle(self, content: dict) -> None:
        await self.send_error(error_body(status_code=400, code="unknown_message", detail="Unknown message type."), content)

    # --- helpers -----------------------------------------------------------------------------
    @property
    def tenant(self):
        return self.scope["tenant"]

    @property
    def user(self):
        return self.scope["user"]

    async def in_tenant(self, fn, *args):
        """Run sync `fn(*args)` in a worker thread inside this brand's schema (never switch here)."""
        # thread_sensitive=False: reads of many sockets run in parallel, not one after another
        # on the single thread-sensitive executor.
        return await database_sync_to_async(_call_in_tenant, thread_sensitive=False)(self.tenant, fn, args)

    def _subprotocol(self) -> str | None:
        return BEARER_SUBPROTOCOL if BEARER_SUBPROTOCOL in (self.scope.get("subprotocols") or ()) else None

    def _since(self) -> int | None:
        raw = query_params(self.scope).get("since")
        if raw is None or raw == "":
            return None
        if not raw.isdigit() or len(raw) > 18:
            raise Refused(CLOSE_BAD_REQUEST, "invalid_since")
        return int(raw)

    async def send_message(self, message: dict, kind: str, text: str | None = None) -> None:
        """Send `message` (or `text`, its client JSON already encoded) without server-only keys."""
        if text is None:
            text = await self.encode_json({k: v for k, v in message.items() if k not in INTERNAL_KEYS})
        await self.send(text_data=text)
        MESSAGES_SENT.labels(stream=self.stream, kind=kind).inc()

    async def send_error(self, body: dict, content: dict | None = None) -> None:
        ref = content.get("ref") if isinstance(content, dict) else None
        await self.send_message({"type": "error", "ref": ref, "error": body}, kind="error")

    async def send_domain_error(self, exc: DomainError, content: dict | None = None) -> None:
        body = error_body(status_code=exc.status_code, code=exc.code, detail=exc.detail, fields=exc.fields, **exc.extra)
        await self.send_error(body, content)

    @classmethod
    async def encode_json(cls, content):
        return json.dumps(content, separators=(",", ":"))

    async def dispatch(self, message):
        """Channels' dispatch minus its `aclose_old_connections()` before every message.

        That call hops to the one thread-sensitive worker thread for each message of each
        socket — measured: p50 44 ms from commit to socket with 20 sockets, all of it queueing
        for that thread. Nothing here holds a database connection on the event loop's thread:
        every read runs in `database_sync_to_async`, which closes stale connections itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- connect: authorize, join, replay, flush, live ----------------------------------------
    async def connect(self):
        self._last_heard = self.clock()
        try:
            since = self._since()
            groups = await self.authorize()
        except Refused as refusal:
            REFUSED.labels(stream=self.stream, reason=refusal.reason).inc()
            await self.accept(self._subprotocol())
            await self.close(refusal.code, refusal.reason)
            return
        await self.accept(self._subprotocol())
        self.opened = True
        OPEN_CONNECTIONS.labels(stream=self.stream).inc()
        # Join before reading: an event committed while we read is then buffered, never missed.
        for group in groups:
            self.joined.append(group)
            await fanout().join(group, self)
        self._tasks = [asyncio.create_task(self._start(since)), asyncio.create_task(self._heartbeat()),
                       asyncio.create_task(self._take_live())]

    async def _start(self, since: int | None) -> None:
        try:
            async with self._lock:
                if since is None:
                    await self._send_snapshot(reason=None)
                else:
                    await self._replay(since)
                # Flush what arrived while we read; `_deliver` drops seq <= last sent.
                while self.buffer:
                    await self._deliver(*self.buffer.pop(0))
                self.replaying = False  # no await since the buffer was seen empty
        except asyncio.CancelledError:
            raise
        except OSError:
            pass  # the client went away mid-send
        except Exception:
            logger.exception("stream start failed")
            await self._close_quietly()

    async def _close_quietly(self) -> None:
        try:
            await self.close(CLOSE_SERVER_ERROR, "server_error")
        except OSError:
            pass

    async def _send_snapshot(self, reason: str | None) -> None:
        snapshot = await self.in_tenant(self.read_snapshot)
        if reason:
            snapshot["reason"] = reason
        await self.send_message(snapshot, kind="snapshot")
        self.last_seq = snapshot["seq"]

    async def _replay(self, since: int) -> None:
        limit = settings.REALTIME_REPLAY_LIMIT
        events, brand_head = await self.in_tenant(self._read_replay, since, limit)
        if events is None or since > brand_head:
            # Too far behind to replay event by event, or a seq this brand never issued (a
            # client of a restored database): start over from a snapshot.
            await self._send_snapshot(reason="resync")
            return
        self.last_seq = since
        for message in events:
            await self._emit(message)

    def _read_replay(self, since: int, limit: int):
        events = self.read_events_after(since, limit + 1)
        return (None if len(events) > limit else events), self.read_brand_head()

    async def _emit(self, message: dict, text: str | None = None) -> None:
        if self.visible(message):
            await self.send_message(message, kind="event", text=text)
        self.last_seq = message["seq"]

    async def _fill_from_database(self, cause: str) -> None:
        GAP_FILLS.labels(stream=self.stream, cause=cause).inc()
        limit = settings.REALTIME_REPLAY_LIMIT
        events = await self.in_tenant(self.read_events_after, self.last_seq, limit + 1)
        if len(events) > limit:
            await self._send_snapshot(reason="resync")
            return
        for message in events:
            if message["seq"] > self.last_seq:
                await self._emit(message)

    async def _deliver(self, message: dict, text: str | None) -> None:
        """One live message, with the lock held: drop a duplicate, fill a gap, else send."""
        seq = message["seq"]
        if seq <= self.last_seq:
            DUPLICATES_DROPPED.labels(stream=self.stream).inc()
            return
        self._live_since_check = True
        prev = message.get("prev")
        if prev is not None and prev > self.last_seq:
            await self._fill_from_database(cause="gap")
            if seq <= self.last_seq:
                return
        await self._emit(message, text)

    def offer(self, message: dict, text: str) -> None:
        """A live message of one of our groups, from the fan-out (sync: it must never wait on us)."""
        try:
            self._inbox.put_nowait((message, text))
        except asyncio.QueueFull:
            self._dropped = True  # the next heartbeat reads the database

    async def _take_live(self) -> None:
        while True:
            message, text = await self._inbox.get()
            if message.get("type") != "order.event":
                continue
            try:
                await self.order_event(message, text)
            except asyncio.CancelledError:
                raise
            except OSError:
                return  # the client went away mid-send; disconnect cleans up
            except Exception:
                logger.exception("live delivery failed")
                await self._close_quietly()
                return

    async def order_event(self, message: dict, text: str | None = None) -> None:
        """A live event (group message type `order.event`), with its client JSON if already encoded."""
        if self.replaying:
            self.buffer.append((message, text))
            return
        async with self._lock:
            await self._deliver(message, text)

    # --- heartbeat ---------------------------------------------------------------------------
    async def _heartbeat(self) -> None:
        interval = settings.REALTIME_HEARTBEAT_SECONDS
        # The first beat at a random point of the interval: boards that reconnect together (after
        # a deploy) then spread their pings and head checks instead of sending them in one burst.
        wait = interval * random.uniform(0.5, 1.0)
        try:
            while True:
                await asyncio.sleep(wait)
                wait = interval
                if not await self.beat():
                    return
        except asyncio.CancelledError:
            raise
        except OSError:
            pass  # the client went away mid-send (uvicorn's ClientDisconnected); disconnect cleans up
        except Exception:
            logger.exception("heartbeat failed")
            await self._close_quietly()

    async def beat(self) -> bool:
        """One heartbeat: close a client silent past the idle limit (False), else ping it and check the head.

        Time is `self.clock()`, and the time the client was last heard comes from the same clock, so
        a test moves the clock and calls this itself instead of racing real seconds.
        """
        if self.clock() - self._last_heard > settings.REALTIME_IDLE_TIMEOUT_SECONDS:
            await self.close(CLOSE_IDLE, "heartbeat_timeout")
            return False
        await self.send_message({"type": "ping", "seq": self.last_seq}, kind="ping")
        if not self.replaying:
            await self._check_head()
        return True

    async def _check_head(self) -> None:
        """Read the stream's head seq, unless a live message since the last beat proved us in step.

        A live message carries `prev`: having sent it, everything up to it was sent. What it cannot
        prove is that nothing was lost *after* it; the next quiet beat checks that.
        """
        async with self._lock:
            dropped = self._dropped
            self._dropped = False
            skip, self._live_since_check = self._live_since_check and not dropped, False
            if skip:
                return
            head = await self.in_tenant(self.read_stream_head)
            if head > self.last_seq:
                await self._fill_from_database(cause="inbox_full" if dropped else "check")

    # --- client messages ---------------------------------------------------------------------
    async def websocket_receive(self, message):
        self._last_heard = self.clock()
        await super().websocket_receive(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data) if text_data else None
        except ValueError:
            content = None
        if not isinstance(content, dict):
            await self.send_error(error_body(status_code=400, code="invalid_message", detail="Send JSON objects."))
            return
        kind = content.get("type")
        if kind == "pong":
            return
        if kind == "ping":
            await self.send_message({"type": "pong", "seq": self.last_seq}, kind="pong")
            return
        await self.handle(content)

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self._leave()  # also when the connection's task is cancelled without a disconnect

    async def _leave(self) -> None:
        groups, self.joined = self.joined, []
        for group in groups:
            await fanout().leave(group, self)

    async def disconnect(self, code):
        for task in self._tasks:
            task.cancel()
        await self._leave()
        if self.opened:
            OPEN_CONNECTIONS.labels(stream=self.stream).dec()
            DISCONNECTS.labels(stream=self.stream, code=str(code)).inc()
            self.opened = False
