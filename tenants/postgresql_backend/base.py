"""django-tenants' database backend, without the `SET search_path` that would change nothing.

django-tenants sends `SET search_path` before every cursor (26 of a checkout's 54 statements).
Its own limit, `TENANT_LIMIT_SET_CALLS`, forgets the path at every `set_tenant()` — so at every
request — and has missed ways the database can drop a `SET` (#1262: ROLLBACK TO SAVEPOINT). This
wrapper instead remembers what the database session is known to have, and skips the `SET` only
when that equals what the current tenant needs.

A wrong search_path reads another brand's rows, so "known" is narrow. The record is made only
after a `SET` succeeded, and forgotten whenever the session could have lost it:
- `rollback()`: a `SET` is transactional; ROLLBACK reverts one issued in the transaction;
- `savepoint_rollback()`: ROLLBACK TO SAVEPOINT reverts one issued after the savepoint (#1262);
- a `commit()` that fails: PostgreSQL rolls the transaction back (a deferred constraint);
- `connect()` / `close()`: a new or pooled session has its own path.
Each of these forgets even when the `SET` was issued before the transaction or savepoint — one
extra `SET` is cheap, a guess is not. Nothing in Brigade sends `SET search_path` itself (the
template replay drops pg_dump's `set_config` lines); code that did would have to call
`forget_search_path()`. `tests/tenants/test_search_path.py` drives random sequences of schema
switches, nested transactions, rollbacks and reconnects and checks the session after each.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.asyncio import async_unsafe
from django_tenants.postgresql_backend import base
from django_tenants.utils import get_limit_set_calls

if get_limit_set_calls():
    raise ImproperlyConfigured("tenants.postgresql_backend replaces TENANT_LIMIT_SET_CALLS: leave that setting False.")


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        self.session_search_path = None  # what the session is known to have; None: unknown
        super().__init__(*args, **kwargs)

    def forget_search_path(self) -> None:
        self.session_search_path = None

    def _handle_search_path(self, cursor=None):
        if self._setting_search_path or not self.schema_name:
            return super()._handle_search_path(cursor)  # re-entry, or the library's error
        wanted = self._get_cursor_search_paths()
        if wanted == self.session_search_path:
            return
        self.session_search_path = None
        super()._handle_search_path(cursor)
        # The library records the path only when its SET succeeded (None when it failed).
        if self.search_path_set_schemas == wanted:
            self.session_search_path = wanted

    @async_unsafe
    def connect(self):
        self.forget_search_path()
        super().connect()

    def close(self):
        try:
            super().close()
        finally:
            self.forget_search_path()

    @async_unsafe
    def commit(self):
        try:
            super().commit()
        except BaseException:
            self.forget_search_path()
            raise

    @async_unsafe
    def rollback(self):
        try:
            super().rollback()
        finally:
            self.forget_search_path()

    @async_unsafe
    def savepoint_rollback(self, sid):
        # Forgotten after, not before: the cursor for ROLLBACK TO SAVEPOINT may itself send a SET,
        # which the rollback then discards.
        try:
            super().savepoint_rollback(sid)
        finally:
            self.forget_search_path()
