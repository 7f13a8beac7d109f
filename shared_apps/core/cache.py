"""Django's Redis cache backend, minus two per-call and per-context costs.

Django's RedisCacheClient builds a new `redis.Redis` client object for every cache operation.
With redis-py 8 that costs ~0.4 ms of CPU each (it rebuilds its table of response callbacks),
which is more than the round trip to Redis: a request that reads three keys (host routing,
catalog version) spent ~1.5 ms constructing clients. The client object is thread-safe and
shares the pool, so one per pool is enough. Measured: bench/results/menu.json.

And Django makes a cache object per thread and per async context. Under ASGI every WebSocket
connection runs in a context of its own, so each socket built its own RedisCacheClient, pool and
Redis connection on its first cache read (the host lookup): measured, 210 kitchen sockets opened
212 Redis connections and held ~21 KiB each in redis-py objects. The pool is thread-safe too, so
the process keeps one RedisCacheClient per configuration and every cache object uses it.

And Redis down is a cache miss, not an error (ReusingRedisCacheClient says which operations).
"""

import logging
import threading
import time
from functools import cached_property

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
_last_warning = 0.0


def _warn_down(operation: str, exc: Exception) -> None:
    """One warning every 10 s per process while Redis is unreachable, not one per request."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > 10:
        _last_warning = now
        logger.warning("cache unreachable, %s degraded to a miss (the database answers): %r", operation, exc)


class ReusingRedisCacheClient(RedisCacheClient):
    """Reuses its redis-py client (above), and degrades when Redis is unreachable: the cache is
    never the truth, so a read is a miss and a fill is skipped, and the request goes on from the
    database (issue 19: orders are still accepted while Redis is down). The throttles and the
    sign-in limit count nothing meanwhile. A skipped delete leaves an entry that may be stale
    once Redis is back, for the rest of its timeout (every deleted entry has one: brand rules
    60 s, hosts, themes). Version counters (incr: the catalog's, the hosts') have no timeout, so
    incr, decr and clear still raise: a change that cannot move its counter fails."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get(self, key, default):
        try:
            return super().get(key, default)
        except REDIS_DOWN as exc:
            _warn_down("get", exc)
            return default

    def get_many(self, keys):
        try:
            return super().get_many(keys)
        except REDIS_DOWN as exc:
            _warn_down("get_many", exc)
            return {}

    def has_key(self, key):
        try:
            return super().has_key(key)
        except REDIS_DOWN as exc:
            _warn_down("has_key", exc)
            return False

    def add(self, key, value, timeout):
        try:
            return super().add(key, value, timeout)
        except REDIS_DOWN as exc:
            _warn_down("add", exc)
            return False

    def set(self, key, value, timeout):
        try:
            return super().set(key, value, timeout)
        except REDIS_DOWN as exc:
            _warn_down("set", exc)
            return None

    def set_many(self, data, timeout):
        try:
            return super().set_many(data, timeout)
        except REDIS_DOWN as exc:
            _warn_down("set_many", exc)
            return None

    def delete(self, key):
        try:
            return super().delete(key)
        except REDIS_DOWN as exc:
            _warn_down("delete", exc)
            return False

    def delete_many(self, keys):
        try:
            return super().delete_many(keys)
        except REDIS_DOWN as exc:
            _warn_down("delete_many", exc)
            return None

    def touch(self, key, timeout):
        try:
            return super().touch(key, timeout)
        except REDIS_DOWN as exc:
            _warn_down("touch", exc)
            return False

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


_shared_clients: dict[tuple, ReusingRedisCacheClient] = {}
_shared_clients_lock = threading.Lock()


class FastRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    @cached_property
    def _cache(self):
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _shared_clients_lock:
            client = _shared_clients.get(key)
            if client is None:
                client = _shared_clients[key] = self._class(self._servers, **self._options)
        return client
