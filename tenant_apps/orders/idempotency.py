"""`Idempotency-Key` for checkout: one order per key, the first response replayed byte for byte.

A layer around the checkout view (`respond_once`): it owns the order's transaction, whose first
statement claims the key; the view's functions place the order and render the response, which
is stored in that same transaction and replayed to every retry. Checkout itself
(`checkout.place_order`) knows nothing of keys, status codes or response bytes.

The protocol, per (scope, key):
1. `claim` inserts the key's row `in_progress` (`INSERT … ON CONFLICT DO NOTHING`) as the first
   statement of the transaction that creates the order. Exactly one of any number of concurrent
   requests inserts it; the others' INSERTs wait in PostgreSQL until that transaction ends.
2. If it commits, they find the row: a different request fingerprint → 422
   `idempotency_mismatch`; a completed row → its stored status and body, replayed; a row still in
   progress (a card order waiting for its authorisation, committed before the gateway call) →
   they wait (polling, up to `WAIT_SECONDS`) for it to complete and replay it, else 409
   `idempotency_in_progress`.
3. The worker stores the response with `complete` inside the transaction that creates the order,
   so "order exists" and "response stored" commit together (a card order: the key names its
   order when that commits, and the response, 201 or 402, is stored once the payment is
   settled; a crash in between leaves the key `in_progress` with its order, answered 409). If the work fails (a refused cart, a
   bug, a crash) the transaction rolls back and the row with it: the same key may be retried once
   the cause is fixed (the failure itself is not replayed — a sold-out item may come back), and
   a waiting duplicate's INSERT then succeeds and it does the work.
No row is ever left `in_progress` without its order. Rows are kept
`settings.IDEMPOTENCY_KEY_TTL_HOURS` (≥ 24 h) and then purged.
"""

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from shared_apps.core.errors import DomainError

from . import errors
from .events import written_last
from .models import IdempotencyKey, Order
from .states import Status

WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Replay:
    status: int
    body: bytes


@dataclass(frozen=True)
class RequestKey:
    """Who sent the key (`user:<id>` or `guest`), the key, and the request's fingerprint."""

    scope: str
    key: str
    request_hash: str


Render = Callable[[Order | DomainError], tuple[int, bytes]]


def respond_once(key: RequestKey, *, place: Callable[[], Order], pay: Callable[[Order], Order],
                 render: Render) -> tuple[int, bytes, bool]:
    """Answer a checkout once per key: (HTTP status, body, replayed?).

    One transaction: the key's claim (its first statement), `place()`, and for an order placed at
    once its rendered response, stored; the order's events are its last statements
    (`events.written_last`: the brand's seq lock is held only from there to the COMMIT). A
    DomainError from `place()` rolls it all back, the key with it, and propagates. An order
    that waits for its payment is committed with the key naming it; `pay(order)` then runs
    outside any transaction, and what it gives (the order, or a DomainError such as
    `payment_failed`) is rendered and stored.
    """
    with transaction.atomic(), written_last():
        claimed = claim(key.scope, key.key, key.request_hash)
        if isinstance(claimed, Replay):
            return claimed.status, claimed.body, True
        order = place()
        if order.status != Status.PENDING_PAYMENT:
            status, body = render(order)
            complete(claimed, status, body, order)
            return status, body, False
        attach_order(claimed, order)
    try:
        result = pay(order)
    except DomainError as error:
        result = error
    status, body = render(result)
    complete(claimed, status, body, order)
    return status, body, False


def fingerprint(method: str, path: str, data) -> str:
    """The same request, whatever the JSON's key order or spacing, has the same fingerprint."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def validate_key(key: str | None) -> str:
    key = (key or "").strip()
    if not key:
        raise errors.IdempotencyKeyRequired()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise errors.IdempotencyKeyRequired("The Idempotency-Key must be at most 255 printable characters.")
    return key


def _insert(scope: str, key: str, request_hash: str) -> IdempotencyKey | None:
    table = connection.ops.quote_name(IdempotencyKey._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, key, request_hash, state, created) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (scope, key) DO NOTHING RETURNING id",
            [scope, key, request_hash, IdempotencyKey.State.IN_PROGRESS, now],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    claimed = IdempotencyKey(id=row[0], scope=scope, key=key, request_hash=request_hash,
                             state=IdempotencyKey.State.IN_PROGRESS, created=now)
    claimed._state.adding = False  # it is in the database: later saves are UPDATEs
    return claimed


def claim(scope: str, key: str, request_hash: str, *, wait_seconds: float = WAIT_SECONDS) -> IdempotencyKey | Replay:
    """Own the key (returns its row) or learn what to answer (a `Replay`, or an error raised).

    Call first in the transaction that does the work: the row commits or rolls back with it.
    """
    deadline = time.monotonic() + wait_seconds
    while True:
        row = _insert(scope, key, request_hash)
        if row is not None:
            return row
        existing = IdempotencyKey.objects.filter(scope=scope, key=key).first()
        if existing is None:
            continue  # its transaction rolled back between our insert and read: try to claim it
        if existing.request_hash != request_hash:
            raise errors.IdempotencyMismatch()
        if existing.state == IdempotencyKey.State.COMPLETED:
            return Replay(existing.response_status, bytes(existing.response_body))
        if time.monotonic() >= deadline:
            raise errors.IdempotencyInProgress()
        time.sleep(POLL_SECONDS)


def attach_order(row: IdempotencyKey, order) -> None:
    """Link the key to the order being created (in the order's transaction)."""
    row.order = order
    row.save(update_fields=["order"])


def complete(row: IdempotencyKey, status: int, body: bytes, order=None) -> None:
    """Store the response to replay; call inside the transaction that made the order."""
    row.state = IdempotencyKey.State.COMPLETED
    row.response_status = status
    row.response_body = body
    row.order = order if order is not None else row.order
    table = connection.ops.quote_name(IdempotencyKey._meta.db_table)
    with connection.cursor() as cursor:  # plain SQL, like the claim: it runs in every checkout
        cursor.execute(
            f"UPDATE {table} SET state = %s, response_status = %s, response_body = %s, order_id = %s WHERE id = %s",
            [row.state, status, body, row.order_id, row.pk],
        )


def purge_expired(now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(hours=max(24, settings.IDEMPOTENCY_KEY_TTL_HOURS))
    deleted, _ = IdempotencyKey.objects.filter(created__lt=cutoff).delete()
    return deleted
