"""Order numbers (1, 2, 3… per location and local business day), taken outside the order's
transaction. A fast path: hand-written SQL on a connection of its own.

Why (measured, decisions.md "Orders: the order number is not held until commit"): the counter is
one row per location and day. Taken inside the order's transaction, its row lock was held from
the order's INSERT to the COMMIT — the rows, the response, the stored idempotent reply, the event
— so every checkout of one location queued behind the one before it. Sampled during
`make bench-orders` (pg_stat_activity), 1.2–1.4 of the ~3 backends busy with one location's
checkouts were waiting for it (`Lock:transactionid` in this upsert); with the same load spread
over 50 brands, 0.02. Here the upsert commits on its own, so the row is locked for one statement.

Invariants (tests/orders/test_numbering.py, test_concurrency.py): numbers are unique per location
and day, concurrent checkouts included; without failures they are 1, 2, 3… with no gap. What is
given up: a checkout that fails after taking its number (a database error, a crash before the
COMMIT) leaves that number unused — a gap, never a duplicate. Every refusal a customer can cause
(the cart, the slot, the plan, a replayed key) happens before the number is taken.

The connection is this process's own, opened on first use (`autocommit`, never inside a
transaction), dropped in a forked child, and shared by the process's threads under a lock.
A schema whose tables are not committed yet (a brand being provisioned in the caller's
transaction: demo seeding) is not visible to it, and the connection may break or be refused;
in both cases the number is taken in the caller's transaction, as before (slower, never wrong).
"""

import os
import threading

import psycopg
from django.db import connection

from .models import OrderNumberCounter

UPSERT_SQL = (
    "INSERT INTO {table} (location_id, business_date, last_number) VALUES (%s, %s, 1) "
    "ON CONFLICT (location_id, business_date) DO UPDATE SET last_number = {table}.last_number + 1 "
    "RETURNING last_number"
)

_lock = threading.Lock()
_own: psycopg.Connection | None = None


def _forget_parents_connection() -> None:
    global _own, _lock
    _own, _lock = None, threading.Lock()  # a socket shared with the parent would mix both's replies


os.register_at_fork(after_in_child=_forget_parents_connection)


def close() -> None:
    """Close this process's connection (before its database is dropped: the test run's end)."""
    global _own
    with _lock:
        if _own is not None:
            _own.close()
        _own = None


def _connect() -> psycopg.Connection:
    # Django's own connection parameters (database, credentials, TLS and other OPTIONS; in tests
    # the test database), without its cursor class and adapters: this connection is plain psycopg.
    params = {k: v for k, v in connection.get_connection_params().items() if k not in ("cursor_factory", "context")}
    params.setdefault("application_name", "brigade-order-numbers")
    return psycopg.connect(**params, autocommit=True)


def _table(schema: str | None) -> str:
    quote = connection.ops.quote_name
    table = quote(OrderNumberCounter._meta.db_table)
    return f"{quote(schema)}.{table}" if schema else table


def next_order_number(location_id, business_date) -> int:
    """The next number of `location_id` on `business_date`, committed at once (see above)."""
    global _own
    params = [location_id, business_date]
    with _lock:
        try:
            if _own is None or _own.closed:
                _own = _connect()
            return _own.execute(UPSERT_SQL.format(table=_table(connection.schema_name)), params).fetchone()[0]
        except psycopg.errors.UndefinedTable:
            pass  # the brand's tables are not committed yet: number in the caller's transaction
        except psycopg.OperationalError:
            _own = None  # broken or refused: this checkout numbers in its transaction, the next reconnects
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_SQL.format(table=_table(None)), params)
        return cursor.fetchone()[0]
