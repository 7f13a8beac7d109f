"""A location's sales for one business date, aggregated in PostgreSQL.

Six statements, each reading only that location's orders of that date through the orders'
(location, business_date, number) index, and their lines and events through their order keys:
the cost grows with the day's orders, never with the brand's history, and no order is loaded
into Python.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from shared_apps.core.db import select_dicts
from tenant_apps.orders.models import Order, OrderEvent, OrderLine

from .days import local_day

# Orders that are not sales: never paid, or called off.
NOT_SALES = [Order.Status.PENDING_PAYMENT, Order.Status.PAYMENT_FAILED, Order.Status.CANCELLED, Order.Status.REJECTED]
TOP = 10

ORDERS, LINES, EVENTS = Order._meta.db_table, OrderLine._meta.db_table, OrderEvent._meta.db_table
OF_THE_DAY = "o.location_id = %(location)s::uuid AND o.business_date = %(day)s::date"
SALES = "o.status <> ALL(%(not_sales)s::text[])"

TOTALS_SQL = f"""
SELECT o.status, o.fulfillment, o.payment_method, count(*) AS orders, sum(o.total_cents) AS total,
       sum(o.subtotal_cents) AS subtotal, sum(o.tax_cents) AS tax, sum(o.discount_cents) AS discount,
       sum(o.tip_cents) AS tip, sum(o.delivery_fee_cents) AS delivery_fee
FROM {ORDERS} o WHERE {OF_THE_DAY} GROUP BY 1, 2, 3
"""
# Hour of the local day, counted in UTC from its start: 23 or 25 buckets on DST days. A scheduled
# order placed the day before counts in the first hour.
HOURLY_SQL = f"""
SELECT least(greatest(floor(extract(epoch FROM coalesce(o.placed_at, o.created) - %(start)s::timestamptz) / 3600)::int, 0),
             %(last_hour)s::int) AS hour, count(*) AS orders, sum(o.total_cents) AS revenue
FROM {ORDERS} o WHERE {OF_THE_DAY} AND {SALES} GROUP BY 1
"""
ITEMS_SQL = f"""
SELECT l.name, sum(l.quantity) AS quantity, sum(l.total_cents) AS revenue
FROM {LINES} l JOIN {ORDERS} o ON o.id = l.order_id WHERE {OF_THE_DAY} AND {SALES}
GROUP BY l.name ORDER BY quantity DESC, l.name LIMIT {TOP}
"""
MODIFIERS_SQL = f"""
SELECT m.value ->> 'name' AS name, sum(coalesce((m.value ->> 'quantity')::int, 1) * l.quantity) AS quantity
FROM {LINES} l JOIN {ORDERS} o ON o.id = l.order_id CROSS JOIN LATERAL jsonb_array_elements(l.modifiers) m
WHERE {OF_THE_DAY} AND {SALES} GROUP BY 1 ORDER BY quantity DESC, name LIMIT {TOP}
"""
CANCELLATIONS_SQL = f"""
SELECT e.to_status AS status, e.reason, count(DISTINCT e.order_id) AS orders
FROM {EVENTS} e JOIN {ORDERS} o ON o.id = e.order_id
WHERE {OF_THE_DAY} AND e.kind = 'status_changed' AND e.to_status IN ('cancelled', 'rejected')
GROUP BY 1, 2 ORDER BY orders DESC, status, reason
"""
# From each order's events: placed → ready is preparation, out_for_delivery → delivered delivery.
TIMES_SQL = f"""
SELECT extract(epoch FROM avg(ready - placed)) AS prep, extract(epoch FROM avg(delivered - departed)) AS delivery
FROM (
  SELECT min(e.created) FILTER (WHERE e.to_status = 'placed') AS placed,
         min(e.created) FILTER (WHERE e.to_status = 'ready') AS ready,
         min(e.created) FILTER (WHERE e.to_status = 'out_for_delivery') AS departed,
         min(e.created) FILTER (WHERE e.to_status = 'delivered') AS delivered
  FROM {EVENTS} e JOIN {ORDERS} o ON o.id = e.order_id
  WHERE {OF_THE_DAY} AND e.kind <> 'eta_changed' GROUP BY e.order_id
) per_order
"""


def _query(sql: str, params: dict) -> list[dict]:
    return select_dicts(sql, params)


def _add(into: dict, key: str, orders: int, total: int) -> None:
    slot = into.setdefault(key, {"orders": 0, "total_cents": 0})
    slot["orders"] += orders
    slot["total_cents"] += total


def _totals(rows: list[dict]) -> dict:
    sums = dict.fromkeys(["subtotal", "tax", "discount", "tip", "delivery_fee", "total"], 0)
    figures = {"orders": 0, "sales_orders": 0, "by_status": {}, "by_fulfillment": {}, "by_payment_method": {}}
    for row in rows:
        figures["orders"] += row["orders"]
        _add(figures["by_status"], row["status"], row["orders"], row["total"])
        if row["status"] in NOT_SALES:
            continue
        figures["sales_orders"] += row["orders"]
        _add(figures["by_fulfillment"], row["fulfillment"], row["orders"], row["total"])
        _add(figures["by_payment_method"], row["payment_method"], row["orders"], row["total"])
        for key in sums:
            sums[key] += row[key]
    figures.update({f"{key}_cents": value for key, value in sums.items() if key != "total"})
    figures["revenue_cents"] = sums["total"]
    figures["average_ticket_cents"] = round(sums["total"] / figures["sales_orders"]) if figures["sales_orders"] else 0
    return figures


def _hourly(rows: list[dict], start, hours: int, zone: str) -> list[dict]:
    by_hour = {row["hour"]: row for row in rows}
    tz = ZoneInfo(zone)
    return [{"start": (start + timedelta(hours=h)).astimezone(tz).isoformat(),
             "orders": by_hour.get(h, {}).get("orders", 0), "revenue_cents": by_hour.get(h, {}).get("revenue") or 0}
            for h in range(hours)]


def _seconds(value) -> int | None:
    return None if value is None else round(value)


def daily_figures(location, day: date) -> dict:
    """Every figure of `DailyReport` for `location` on `day`, from the orders as they are now."""
    start, end = local_day(day, location.timezone)
    hours = round((end - start).total_seconds() / 3600)
    params = {"location": str(location.pk), "day": day, "not_sales": [str(s) for s in NOT_SALES], "start": start, "last_hour": hours - 1}
    times = _query(TIMES_SQL, params)[0]
    return {
        **_totals(_query(TOTALS_SQL, params)),
        "timezone": location.timezone, "day_start": start, "day_end": end,
        "hourly": _hourly(_query(HOURLY_SQL, params), start, hours, location.timezone),
        "top_items": [{"name": r["name"], "quantity": r["quantity"], "revenue_cents": r["revenue"]}
                      for r in _query(ITEMS_SQL, params)],
        "top_modifiers": [{"name": r["name"], "quantity": r["quantity"]} for r in _query(MODIFIERS_SQL, params)],
        "cancellations": _query(CANCELLATIONS_SQL, params),
        "average_prep_seconds": _seconds(times["prep"]),
        "average_delivery_seconds": _seconds(times["delivery"]),
    }
