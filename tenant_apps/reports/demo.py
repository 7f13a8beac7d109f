"""`make run`'s demo brands: 30 days of plausible order history per location, and their reports."""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from tenant_apps.catalog.models import Location
from tenant_apps.orders.models import Order

from . import build, days, history

DAYS = 30
BASE_ORDERS = 40  # a weekday's orders at one location; weekends are busier


def seed_history(tenant_id: int, *, currency: str, now: datetime | None = None) -> int:
    """Orders for the 30 days before today at every location that has none before today, then
    every missing report; returns how many reports were built. Run inside the brand's schema."""
    now = now or timezone.now()
    for location in Location.objects.all():
        today = days.local_today(location.timezone, now)
        if Order.objects.filter(location=location, business_date__lt=today).exists():
            continue  # seeded already
        rng = random.Random(f"{location.pk}")
        for day in days.dates_between(today - timedelta(days=DAYS), today - timedelta(days=1)):
            history.save(history.day_of_orders(location, day, history.orders_on(day, rng, BASE_ORDERS), rng=rng,
                                               currency=currency))
    return build.build_missing(tenant_id=tenant_id, now=now)
