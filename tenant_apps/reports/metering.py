"""Billing's "orders placed" meter, read from the order events (billing cannot import orders)."""

from datetime import datetime

from django.db import connection

from tenant_apps.orders.models import Order, OrderEvent
from tenants.models import Tenant


def placed_between(tenant: Tenant, start: datetime, end: datetime) -> int:
    """Orders that became `placed` in [start, end): each once (one event per order reaches
    `placed`; DISTINCT guards it), and an order at a period's edge in one period only. Schema-
    qualified, so it answers from any schema. A monthly count over the events of one brand."""
    table = f"{connection.ops.quote_name(tenant.schema_name)}.{connection.ops.quote_name(OrderEvent._meta.db_table)}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT order_id) FROM {table} WHERE to_status = %s AND created >= %s "
                       "AND created < %s", [Order.Status.PLACED.value, start, end])
        return cursor.fetchone()[0]
