"""Orders with their events at chosen times, for report tests (in the current tenant schema)."""

import random
from datetime import datetime

from tenant_apps.catalog.models import Location
from tenant_apps.orders.models import Order
from tenant_apps.reports import history


def orders_at(location: Location, day, moments: list[datetime]) -> list[Order]:
    """One order per moment in `moments`, placed then (seeded: with these few, all are sales)."""
    batch = history.day_of_orders(location, day, len(moments), rng=random.Random(7))
    for order, moment in zip(batch.orders, sorted(moments), strict=True):
        order.created = order.placed_at = moment
    history.save(batch)
    return batch.orders


def history_of(location: Location, days: list, per_day: int = 40, seed: int = 1) -> history.Batch:
    rng = random.Random(seed)
    whole = history.Batch([], [], [])
    for day in days:
        batch = history.day_of_orders(location, day, per_day, rng=rng)
        history.save(batch)
        whole.orders += batch.orders
        whole.lines += batch.lines
        whole.events += batch.events
    return whole
