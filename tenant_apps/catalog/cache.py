"""The public reads served from cache: one version counter per brand, bumped on commit.

Every catalog change (any save or delete of a catalog row, see signals.py, and every bulk write
in services.py) bumps the brand's counter after its transaction commits. Cached trees are keyed
by that version, so a change makes every older entry unreachable at once — nothing is flushed,
and a reader never sees a tree older than the last commit it could have seen.

A tree can also change by itself (a breakfast menu ends at 11:00, an 86 `until` passes): each
entry carries the first such instant and is rebuilt from then on, evaluated on read.

Two layers: Redis (shared by every worker, keyed per schema by django_tenants.cache.make_key)
and a small in-process LRU in front of it, keyed by (schema, name, version), so a warm read
costs one small Redis GET (the version) and no database query at all.

Checkout keeps the catalog rows it reads in process memory per version (`shared_apps.core.memory`)
under the same rule: a reader that saw version N uses rows read at N or later, never older.
"""

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django_tenants.utils import schema_context

from shared_apps.core import memory

VERSION_KEY = "catalog:version"
MAX_TTL = timedelta(hours=6)
LOCAL_ENTRIES = 512


@dataclass(frozen=True)
class Entry:
    body: bytes
    etag: str
    valid_until: float | None  # unix time; None: until the next change
    gzip_body: bytes = b""  # compressed once when built, not by Nginx on every request


_local: OrderedDict = OrderedDict()
_local_lock = threading.Lock()


def current_version() -> int:
    return memory.version(VERSION_KEY)


def bump_version() -> None:
    """Make every cached tree of the current brand stale. Use `bump_version_on_commit` in writes."""
    memory.bump(VERSION_KEY)


def bump_version_on_commit() -> None:
    """After the surrounding transaction commits (at once outside one), bump this brand's version."""
    schema = connection.schema_name
    pending = [f for _, f, _ in connection.run_on_commit if getattr(f, "catalog_schema", None) == schema]
    if connection.in_atomic_block and any(not f.done for f in pending):
        return  # one bump per transaction is enough (a cascade saves or deletes many rows)

    def bump():
        bump.done = True
        # on_commit callbacks run wherever the connection is then; name the schema explicitly.
        with schema_context(schema):
            bump_version()

    bump.catalog_schema = schema
    bump.done = False
    transaction.on_commit(bump)


def _store_local(key, entry: Entry) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _fresh(entry: Entry | None, now: float) -> bool:
    return entry is not None and (entry.valid_until is None or now < entry.valid_until)


def make_entry(body: bytes, valid_until: datetime | None) -> Entry:
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    compressed = gzip.compress(body, compresslevel=6, mtime=0) if len(body) > 1024 else b""
    return Entry(body, etag, valid_until.timestamp() if valid_until else None, compressed)


def cached(name: str, build: Callable[[], Entry], *, now: float | None = None) -> Entry:
    """The entry `name` of this brand at the current version: local, else Redis, else `build()`."""
    now = time.time() if now is None else now
    version = current_version()
    local_key = (connection.schema_name, name, version)
    entry = _local.get(local_key)
    if _fresh(entry, now):
        return entry
    redis_key = f"catalog:{name}:v{version}"
    entry = cache.get(redis_key)
    if not _fresh(entry, now):
        entry = build()
        ttl = MAX_TTL.total_seconds()
        if entry.valid_until is not None:
            ttl = min(ttl, entry.valid_until - now)
        if ttl > 0:
            cache.set(redis_key, entry, timeout=ttl)
    _store_local(local_key, entry)
    return entry


def clear_local() -> None:
    """Forget the in-process layers (tests)."""
    with _local_lock:
        _local.clear()
    memory.clear()
