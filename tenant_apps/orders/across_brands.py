"""Order figures across brands, for the platform admins (shared_apps/platform_admin).

Every brand's orders are in its own schema; each function here reads many schemas in one
statement (shared_apps.core.db.select_over_schemas), from the public schema, without switching.
Orders that never became orders (an unpaid card checkout) are not counted, as for plan limits.
"""

from collections.abc import Sequence
from datetime import date, datetime

from shared_apps.core.db import select_over_schemas

from .models import Order
from .plan_limits import NOT_COUNTED

_TABLE = Order._meta.db_table


def orders_per_day(schemas: Sequence[str], since: datetime) -> dict[date, int]:
    """{UTC day: orders created that day in any of `schemas`} from `since` on; days without orders absent."""
    sql = (f"SELECT (created AT TIME ZONE 'UTC')::date AS day, count(*) AS orders FROM {{schema}}.{_TABLE} "
           "WHERE created >= %s AND NOT (status = ANY(%s)) GROUP BY 1")
    totals: dict[date, int] = {}
    for row in select_over_schemas(schemas, sql, [since, list(NOT_COUNTED)]):
        totals[row["day"]] = totals.get(row["day"], 0) + row["orders"]
    return totals


def last_order_at(schemas: Sequence[str]) -> dict[str, datetime]:
    """{schema: when its newest counted order was created}; brands without orders absent."""
    sql = f"SELECT max(created) AS last FROM {{schema}}.{_TABLE} WHERE NOT (status = ANY(%s))"
    rows = select_over_schemas(schemas, sql, [list(NOT_COUNTED)])
    return {row["schema_name"]: row["last"] for row in rows if row["last"] is not None}
