"""The cache backend (shared_apps/core/cache.py): one Redis client and pool per process."""

import asyncio
import contextvars

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import caches


def _default_cache():
    cache = caches["default"]
    return cache, cache._cache


@pytest.mark.asyncio
async def test_two_websocket_connections_contexts_have_their_own_cache_objects_but_share_one_redis_client():
    # uvicorn runs each connection in a task of its own, whose context has no cache object yet,
    # and the streams' reads run in worker threads carrying that context.
    async def in_a_connection():
        return await sync_to_async(_default_cache, thread_sensitive=False)()

    (cache_a, client_a), (cache_b, client_b) = await asyncio.gather(
        asyncio.create_task(in_a_connection(), context=contextvars.Context()),
        asyncio.create_task(in_a_connection(), context=contextvars.Context()))
    assert cache_a is not cache_b  # Django's doing: one cache object per context
    assert client_a is client_b  # ours: one client, one pool, so no Redis connection per socket
    cache_a.set("cache-test-key", "shared", 5)
    assert cache_b.get("cache-test-key") == "shared"
