"""Plain SQL on the hot paths: rows read as dicts, and several new rows written in one statement."""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model
from psycopg.rows import dict_row


def select_dicts(sql: str, params) -> list[dict]:
    """The rows of `sql` as {column name: value} dicts. The names come from the result itself
    (psycopg's `dict_row`): building `cursor.description` made a Column object per column, per
    query — a quarter of the realtime publisher's read."""
    with connection.cursor() as cursor:
        cursor.cursor.row_factory = dict_row
        cursor.execute(sql, params)
        return cursor.fetchall()


def _insert_sql(model: type[Model], rows: int) -> tuple[str, list]:
    opts = model._meta
    fields = [f for f in opts.local_concrete_fields if f is not opts.auto_field and not f.generated]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * rows)
    returning = f" RETURNING {connection.ops.quote_name(opts.pk.column)}" if opts.auto_field else ""
    return f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({columns}) VALUES {values}{returning}", fields


def insert_new(*batches: Sequence[Model]) -> None:
    """INSERT the new instances of `batches` (each a non-empty list of one model's instances), all
    in one statement: one round trip where `create()` and `bulk_create()` make one per model.

    Each value is prepared as Django's own INSERT prepares it (`pre_save` then
    `get_db_prep_save`: defaults, `auto_now`, JSON), and auto-increment keys are read back into
    the instances, which are then saved ones (a later `save()` updates). A row that another row of
    the statement references needs its key set in Python (a UUID default); PostgreSQL checks
    Django's foreign keys at commit. Like `bulk_create`, no signals are sent; unlike it, fields with
    a `db_default` are not supported (none of the models it writes has one).
    """
    parts, params, auto = [], [], []
    for index, objs in enumerate(batches):
        sql, fields = _insert_sql(type(objs[0]), len(objs))
        for obj in objs:
            params.extend(f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields)
        parts.append((f"b{index}", sql))
        if type(objs[0])._meta.auto_field:
            auto.append(index)
    ctes = ", ".join(f"{name} AS ({sql})" for name, sql in parts)
    keys = " UNION ALL ".join(f"SELECT {i}, {connection.ops.quote_name(batches[i][0]._meta.pk.column)} FROM b{i}"
                              for i in auto) or "SELECT NULL, NULL WHERE false"
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} {keys}", params)
        returned: dict[int, list] = {}
        for index, key in cursor.fetchall():
            returned.setdefault(index, []).append(key)
    for index, objs in enumerate(batches):
        for obj, key in zip(objs, returned.get(index, [None] * len(objs)), strict=True):
            if key is not None:
                obj.pk = key
            obj._state.adding, obj._state.db = False, connection.alias
