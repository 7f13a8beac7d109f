"""Plain SQL on the hot paths: rows read as dicts, and several new rows written in one statement."""

from collections.abc import Sequence
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connection, connections
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


def insert_values(obj: Model, fields, wrapper) -> list:
    """`obj`'s values for `fields` as Django's own INSERT prepares them (`pre_save`, then
    `get_db_prep_save`: defaults, `auto_now`, JSON). `wrapper`: the connection itself, taken once
    by the caller — each access through the `connection` proxy is an asgiref `Local` lookup, and a
    row of 35 fields made ~150 of them."""
    return [f.get_db_prep_save(f.pre_save(obj, True), connection=wrapper) for f in fields]


@lru_cache(maxsize=64)
def _insert_sql(model: type[Model], rows: int) -> tuple[str, tuple]:
    """The INSERT of `rows` new rows of `model` (a CTE of the statement) and the fields it writes."""
    opts, quote = model._meta, connection.ops.quote_name
    fields = tuple(f for f in opts.local_concrete_fields if f is not opts.auto_field and not f.generated)
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * rows)
    returning = f" RETURNING {quote(opts.pk.column)}" if opts.auto_field else ""
    return f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES {values}{returning}", fields


@lru_cache(maxsize=64)
def _statement(shape: tuple[tuple[type[Model], int], ...]) -> tuple[str, tuple]:
    """The whole statement for batches of these (model, rows), and each batch's fields."""
    inserts = [_insert_sql(model, rows) for model, rows in shape]
    ctes = ", ".join(f"b{index} AS ({sql})" for index, (sql, _) in enumerate(inserts))
    keys = " UNION ALL ".join(f"SELECT {index}, {connection.ops.quote_name(model._meta.pk.column)} FROM b{index}"
                              for index, (model, _) in enumerate(shape) if model._meta.auto_field)
    return f"WITH {ctes} {keys or 'SELECT NULL, NULL WHERE false'}", tuple(fields for _, fields in inserts)


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
    sql, fields_of = _statement(tuple((type(objs[0]), len(objs)) for objs in batches))
    wrapper = connections[DEFAULT_DB_ALIAS]
    params = [value for objs, fields in zip(batches, fields_of, strict=True) for obj in objs
              for value in insert_values(obj, fields, wrapper)]
    with wrapper.cursor() as cursor:
        cursor.execute(sql, params)
        returned: dict[int, list] = {}
        for index, key in cursor.fetchall():
            returned.setdefault(index, []).append(key)
    for index, objs in enumerate(batches):
        for obj, key in zip(objs, returned.get(index, [None] * len(objs)), strict=True):
            if key is not None:
                obj.pk = key
            obj._state.adding, obj._state.db = False, wrapper.alias


def select_over_schemas(schemas: Sequence[str], sql: str, params: Sequence = ()) -> list[dict]:
    """`sql` run in each schema of `schemas`, as one UNION ALL statement: one round trip for every
    brand where a loop would make one per brand, and no `SET search_path`. `{schema}` in `sql`
    stands for the quoted schema name (`SELECT ... FROM {schema}.accounts_user`); `params` are
    `sql`'s own, repeated for each schema. Each row also has its schema's name in `schema_name`.
    """
    if not schemas:
        return []
    quote = connection.ops.quote_name
    parts, values = [], []
    for schema in schemas:
        parts.append(f"SELECT %s AS schema_name, q.* FROM ({sql.format(schema=quote(schema))}) AS q")
        values += [schema, *params]
    return select_dicts(" UNION ALL ".join(parts), values)
