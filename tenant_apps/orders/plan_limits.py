"""The plan's monthly order limit, and the order count billing shows as usage.

Billing (below orders) owns plans and `ensure_within_plan_limit`; orders owns the count and
registers it with billing (`apps.OrdersConfig.ready`), so billing never imports orders.
"""

import logging
from datetime import datetime

from django.db import connection

from shared_apps.billing.errors import NoSubscription
from shared_apps.billing.selectors import subscription_of
from shared_apps.billing.services import ensure_within_plan_limit
from tenants.models import Tenant

from .models import Order
from .states import Status

logger = logging.getLogger(__name__)

# Orders that never became orders (an unpaid card checkout) do not count against the plan.
NOT_COUNTED = (Status.PENDING_PAYMENT, Status.PAYMENT_FAILED)


def orders_since(since: datetime) -> int:
    """Orders created in the current schema since `since` that count against the plan."""
    return Order.objects.filter(created__gte=since).exclude(status__in=NOT_COUNTED).count()


def count_orders_this_period(tenant: Tenant, since: datetime) -> int:
    """billing's usage counter for "orders" (registered in OrdersConfig.ready).

    One schema-qualified query, without switching the connection's schema: the platform admin's
    tenant list calls it once per listed brand.
    """
    table = f"{connection.ops.quote_name(tenant.schema_name)}.{connection.ops.quote_name(Order._meta.db_table)}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE created >= %s AND NOT (status = ANY(%s))",
                       [since, list(NOT_COUNTED)])
        return cursor.fetchone()[0]


def orders_capped(tenant: Tenant) -> bool:
    """Whether the brand's plan limits its orders a month (so checkout has something to count)."""
    if not getattr(tenant, "is_brand", False):
        return False
    try:
        return subscription_of(tenant).plan.limit_for("orders") is not None
    except NoSubscription:
        logger.warning("Brand %s has no subscription; its orders are not limited.", tenant.slug)
        return False


def ensure_order_allowed(tenant: Tenant) -> None:
    """403 `plan_limit` when the brand's plan allows no more orders this period.

    Checked inside the checkout transaction (which skips it when `brand_rules` says the plan has
    no cap). Two checkouts racing for the very last order of a period can both pass (the count
    is not locked): an overshoot of a few orders is cheaper than serialising every checkout of a
    brand on a lock.
    """
    if not orders_capped(tenant):
        return
    subscription = subscription_of(tenant)
    ensure_within_plan_limit(tenant, "orders", orders_since(subscription.current_period_start))
