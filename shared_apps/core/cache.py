"""Django's Redis cache backend, minus a per-call cost.

Django's RedisCacheClient builds a new `redis.Redis` client object for every cache operation.
With redis-py 8 that costs ~0.4 ms of CPU each (it rebuilds its table of response callbacks),
which is more than the round trip to Redis: a request that reads three keys (host routing,
catalog version) spent ~1.5 ms constructing clients. The client object is thread-safe and
shares the pool, so one per pool is enough. Measured: bench/results/menu.json.
"""

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


class FastRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
