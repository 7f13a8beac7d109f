"""Values kept in this process's memory per (schema, version, key): a small LRU.

For rows read on every request that change rarely and have a version that any change moves (the
catalog's version counter, the brand rules' version): a reader first learns the current version
(one small Redis read it makes anyway), then looks here, and reads the database only on a miss.
An old version's entries are never looked up again and age out. Values are shared by every
reader of the process: treat them as read-only.
"""

import threading
from collections import OrderedDict

from django.db import connection

MAX_ENTRIES = 4096

_values: OrderedDict = OrderedDict()
_lock = threading.Lock()


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


def clear() -> None:
    """Forget everything (tests)."""
    with _lock:
        _values.clear()
