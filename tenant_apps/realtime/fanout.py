"""One channel-layer member per group per process; the process hands each message to its sockets.

Channels' way is one layer channel per socket: every socket joins the group in Redis and waits on
the layer's receive for itself. channels-redis then unpacks a group message once per process but
wakes every socket through its receive machinery (two tasks and a turn at one shared lock per
socket per message), and each socket JSON-encodes the message again. With 40 boards of one
location in a process that is 40 wake-ups and 40 encodings of the same kitchen payload per event
(docs/decisions.md, "Real time", measured).

Here a process joins each group once, with a channel of its own for that group, and one reader
task per group hands each message, with its client JSON encoded once, to the streams of this
process that joined the group. The delivery guarantee does not change (stream.py): `join` returns
only once the process's channel is in the group in Redis, so "join first, then read the database"
still holds; a message a stream cannot take (its inbox is full) is dropped and the stream's gap
check finds it in the database, exactly as a message channels-redis drops to a full channel.

One `Fanout` per event loop: a channel layer's pools and receives belong to one loop.
"""

import asyncio
import json
import logging
import weakref

from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

# Keys of a channel-layer message that are for the server only, never sent to clients.
INTERNAL_KEYS = ("prev",)
# Re-join groups this often: channels-redis forgets a group member after `group_expiry` (a day).
_GROUP_REFRESH_SECONDS = 3600
# After a failed receive (Redis down), wait this long before the next; streams' checks catch up.
_RETRY_SECONDS = 1.0
# A cancelled reader unwinds at once unless something under it ignores the cancel; leaving a group
# (and closing a test's loop) must not wait on that for ever.
_STOP_SECONDS = 5.0


def client_text(message: dict) -> str:
    """The JSON a client receives for `message`: the message without the server-only keys."""
    return json.dumps({k: v for k, v in message.items() if k not in INTERNAL_KEYS}, separators=(",", ":"))


class Fanout:
    """This process's membership of channel groups, on behalf of its streams.

    A member is anything with `offer(message, text)` (sync, must not block): EventStreamConsumer.
    """

    def __init__(self, layer):
        self.layer = layer
        self.members: dict[str, set] = {}
        self._channels: dict[str, str] = {}  # group → this process's channel in it, once joined
        self._readers: dict[str, asyncio.Task] = {}
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._refresher: asyncio.Task | None = None

    def _lock(self, group: str) -> asyncio.Lock:
        lock = self._locks.get(group)
        if lock is None:
            lock = self._locks[group] = asyncio.Lock()
        return lock

    async def join(self, group: str, member) -> None:
        """Deliver the group's messages to `member` from now on; returns once Redis has us in it."""
        self.members.setdefault(group, set()).add(member)
        if group in self._channels:
            return
        # Under the group's lock: a join never overtakes the leave that is taking us out.
        async with self._lock(group):
            if group in self._channels or member not in self.members.get(group, ()):
                return
            try:
                channel = await self.layer.new_channel()
                await self.layer.group_add(group, channel)
            except BaseException:
                self._forget(group, member)
                raise
            self._channels[group] = channel
            self._readers[group] = asyncio.create_task(self._read(group, channel), name=f"fanout {group}")
        if self._refresher is None or self._refresher.done():
            self._refresher = asyncio.create_task(self._refresh(), name="fanout refresh")

    async def leave(self, group: str, member) -> None:
        """Stop delivering to `member`; the last member out takes the process out of the group."""
        if self._forget(group, member):
            await self._discard(group)

    def _forget(self, group: str, member) -> bool:
        """Drop `member`; True when it was the group's last one here."""
        members = self.members.get(group)
        if members is None or member not in members:
            return False
        members.discard(member)
        if members:
            return False
        del self.members[group]
        return True

    async def _discard(self, group: str) -> None:
        async with self._lock(group):
            if self.members.get(group) or group not in self._channels:
                return  # someone joined again meanwhile
            channel = self._channels.pop(group)
            await _stop(self._readers.pop(group))
            try:
                await self.layer.group_discard(group, channel)
            except Exception:
                # Redis down: the membership expires with channels-redis' group_expiry, and messages
                # to a channel nobody reads only cost their expiry.
                logger.warning("leaving group %s failed", group, exc_info=True)

    async def aclose(self) -> None:
        """Stop reading and leave every group (tests: before their event loop closes)."""
        for group in list(self._channels):
            self.members.pop(group, None)
            await self._discard(group)
        if self._refresher is not None:
            await _stop(self._refresher)

    async def _read(self, group: str, channel: str) -> None:
        while True:
            try:
                message = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("receiving for group %s failed; retrying", group, exc_info=True)
                await asyncio.sleep(_RETRY_SECONDS)
                continue
            text = client_text(message)  # once per process, not once per socket
            for member in tuple(self.members.get(group, ())):
                try:
                    member.offer(message, text)
                except Exception:
                    logger.exception("handing a message of group %s to a stream failed", group)

    async def _refresh(self) -> None:
        while self._channels:
            await asyncio.sleep(_GROUP_REFRESH_SECONDS)
            for group, channel in list(self._channels.items()):
                try:
                    await self.layer.group_add(group, channel)
                except Exception:
                    logger.warning("re-joining group %s failed", group, exc_info=True)


async def _stop(task: asyncio.Task) -> None:
    """Cancel `task` and wait, at most _STOP_SECONDS, until it has unwound (a reader releases the
    layer's receive lock)."""
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=_STOP_SECONDS)
    if not done:
        logger.warning("task %s did not stop within %s s of its cancel; left behind", task.get_name(), _STOP_SECONDS)
    elif not task.cancelled() and task.exception() is not None:
        logger.warning("task %s failed while stopping", task.get_name(), exc_info=task.exception())


_current: tuple[asyncio.AbstractEventLoop, Fanout] | None = None


def fanout() -> Fanout:
    """The running loop's Fanout: one per process in the ASGI server (one loop), one per test."""
    global _current
    loop = asyncio.get_running_loop()
    if _current is None or _current[0] is not loop:
        _current = (loop, Fanout(get_channel_layer()))
    return _current[1]
