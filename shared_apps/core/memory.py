"""Version counters in the cache, and values kept in this process's memory per (schema, version,
key): a small LRU.

For rows read on every request that change rarely and have a version that any change moves (the
catalog's version counter, the brand rules' version): a reader first learns the current version
(one small Redis read it makes anyway), then looks here, and reads the database only on a miss.
An old version's entries are never looked up again and age out. Values are shared by every
reader of the process: treat them as read-only.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

MAX_ENTRIES = 4096

_values: OrderedDict = OrderedDict()
_lock = threading.Lock()


def version(key: str) -> int:
    """The version counter `key` in the cache (per schema, like every cache key). A missing one
    starts from the clock, so a lost key can never bring an old version, and its entries, back."""
    current = cache.get(key)
    if current is None:
        fresh = time.time_ns() // 1000
        cache.add(key, fresh, timeout=None)
        current = cache.get(key, fresh)  # evicted again at once: the clock's is as good
    return int(current)


def bump(key: str) -> None:
    """Move the version counter `key` on: everything kept under the old version is unreachable."""
    version(key)
    try:
        cache.incr(key)
    except ValueError:  # evicted in between: a new clock-based version is as good
        version(key)


def recall(key: tuple, version: int):
    """The value remembered for `key` at `version` in the current schema, or None."""
    local_key = (connection.schema_name, version, *key)
    with _lock:
        value = _values.get(local_key)
        if value is not None:
            _values.move_to_end(local_key)
        return value


def remember(key: tuple, version: int, value) -> None:
    """Keep `value` for `key` at `version` in the current schema."""
    with _lock:
        _values[(connection.schema_name, version, *key)] = value
        while len(_values) > MAX_ENTRIES:
            _values.popitem(last=False)


def recall_or_read(key: tuple, version: int, read: Callable[[], object]):
    """The value remembered for `key` at `version`, else `read()` — remembered unless None."""
    value = recall(key, version)
    if value is None:
        value = read()
        if value is not None:
            remember(key, version, value)
    return value


def clear() -> None:
    """Forget everything (tests)."""
    with _lock:
        _values.clear()
