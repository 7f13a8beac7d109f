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
"""

import threading
from functools import cached_property

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

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
