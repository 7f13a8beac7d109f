"""The brand's export: every table of its schema, as JSON or CSV, in one ZIP file.

Read in one REPEATABLE READ, READ ONLY transaction, so the file is one consistent snapshot (an
order and its lines agree) while the brand keeps trading. Progress cannot be committed from inside
that transaction, so it goes to the cache (keyed per schema, like every cache key) as each table
is written, and the row gets the final figures. Credentials are never exported: a column that
holds one (password hashes, refresh tokens, session data, key hashes, webhook secrets) is written
as null, and a test fails for any new column whose name looks like a credential and is in neither
list below, so a table added later cannot leak one unnoticed.
"""

import json
import re
import tempfile
import zipfile
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction

# Written as null: credentials (a password hash, a refresh token, a session, a key's hash, a webhook
# signing secret) and the order's tracking token (it opens the order's tracking page to anyone).
REDACTED = {
    "accounts_user": {"password"},
    "token_blacklist_outstandingtoken": {"token", "jti"},
    "django_session": {"session_data", "session_key"},
    "integrations_apikey": {"hashed_key"},
    "integrations_webhookendpoint": {"secret", "previous_secret"},
    "orders_order": {"tracking_token"},
}
# Names that look like credentials but are not: kept.
NOT_CREDENTIALS = {
    "orders_idempotencykey": {"key", "request_hash"},  # the client's retry key and a hash of its body
    "token_blacklist_blacklistedtoken": {"token_id"},  # a reference to the outstanding row
    "integrations_webhookendpoint": {"previous_secret_expires_at"},
}
CREDENTIAL_NAME = re.compile(r"password|secret|token|session|key_hash|jti|hash|api_key|signature", re.I)


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[str]


def progress_key(export_id) -> str:
    return f"privacy:export-progress:{export_id}"


def tables_of_schema(schema: str) -> list[Table]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position) FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = %s) "
            "GROUP BY table_name ORDER BY table_name", [schema, schema])
        return [Table(name, list(columns)) for name, columns in cursor.fetchall()]


def _select(schema: str, table: Table) -> str:
    quote = connection.ops.quote_name
    redacted = REDACTED.get(table.name, set())
    columns = ", ".join(f"NULL AS {quote(c)}" if c in redacted else quote(c) for c in table.columns)
    return f"SELECT {columns} FROM {quote(schema)}.{quote(table.name)}"


def _write_json(cursor, schema: str, table: Table, out) -> int:
    """A JSON array of one object per row, PostgreSQL's own row_to_json (no type lost in Python),
    read through a server-side cursor so a large table is never held in memory."""
    rows = 0
    out.write(b"[")
    with connection.chunked_cursor() as rows_cursor:
        rows_cursor.execute(f"SELECT row_to_json(t)::text FROM ({_select(schema, table)}) t")
        while batch := rows_cursor.fetchmany(1000):
            for (row,) in batch:
                out.write((b",\n" if rows else b"\n") + row.encode())
                rows += 1
    out.write(b"\n]\n" if rows else b"]\n")
    return rows


def _write_csv(cursor, schema: str, table: Table, out) -> int:
    """PostgreSQL's COPY ... CSV HEADER, streamed; the row count from the same snapshot."""
    with cursor.cursor.copy(f"COPY ({_select(schema, table)}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
        for chunk in copy:
            out.write(bytes(chunk))
    cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(schema)}.{connection.ops.quote_name(table.name)}")
    return cursor.fetchone()[0]


def build_zip(export_id, *, schema: str, fmt: str, manifest: dict) -> tuple:
    """Write every table of `schema` into a ZIP (a temporary file); returns it, tables and rows."""
    write = _write_json if fmt == "json" else _write_csv
    target = tempfile.TemporaryFile()
    rows_total, listed = 0, []
    owns_transaction = not connection.in_atomic_block  # the task: a snapshot of its own; a test's transaction is one
    with transaction.atomic(), zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with connection.cursor() as cursor:
            if owns_transaction:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            tables = tables_of_schema(schema)
            for done, table in enumerate(tables, start=1):
                with archive.open(f"tables/{table.name}.{fmt}", "w", force_zip64=True) as out:
                    rows = write(cursor, schema, table, out)
                rows_total += rows
                listed.append({"table": table.name, "rows": rows, "columns": table.columns,
                               "redacted": sorted(REDACTED.get(table.name, set()))})
                cache.set(progress_key(export_id), {"tables_done": done, "tables_total": len(tables),
                                                    "rows_done": rows_total}, timeout=24 * 3600)
        archive.writestr("manifest.json", json.dumps({**manifest, "format": fmt, "tables": listed}, indent=2))
    target.seek(0)
    return target, len(listed), rows_total
