"""Building daily reports: once per location and business date, when the day is over."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min

from shared_apps.scheduling.periods import claim_period
from tenant_apps.catalog.models import Location
from tenant_apps.orders.models import Order
from tenants.models import Tenant

from . import days
from .figures import daily_figures
from .models import DailyReport

JOB = "reports.daily"


def period_of(location: Location, day: date) -> str:
    """The idempotency key's period: one report per location and business date."""
    return f"{day.isoformat()}/{location.pk}"


def build_daily_report(location: Location, day: date, *, tenant_id: int, currency: str,
                       now: datetime) -> DailyReport | None:
    """Write `location`'s report for `day`, unless it exists; None when it did already.

    The period claim and the report commit together: a run killed half-way leaves neither, and
    a second run (redelivered, or the backfill at the same time) finds the claim and writes nothing.
    """
    with transaction.atomic():
        if not claim_period(tenant_id, JOB, period_of(location, day)):
            return None
        return DailyReport.objects.create(
            location=location, location_name=location.name, business_date=day, currency=currency,
            built_at=now, **daily_figures(location, day),
        )


def missing_dates(location: Location, first: date, last: date) -> list[date]:
    """Dates in [first, last] from the location's first order on that have no report yet."""
    first_order = Order.objects.filter(location=location).aggregate(first=Min("business_date"))["first"]
    if first_order is None or last < first:
        return []
    built = set(DailyReport.objects.filter(location=location, business_date__range=(first, last))
                .values_list("business_date", flat=True))
    return [day for day in days.dates_between(max(first, first_order), last) if day not in built]


def build_missing(*, tenant_id: int, now: datetime, first: date | None = None, last: date | None = None,
                  locations=None) -> int:
    """Write every location's missing reports of [first, last] whose day is over at `now`; by
    default the last REPORTS_CATCH_UP_DAYS (after an outage, every missed date gets its report).
    Returns how many were written."""
    currency = Tenant.objects.values_list("currency", flat=True).get(pk=tenant_id)
    written = 0
    for location in Location.objects.all() if locations is None else locations:
        until = days.last_closed_day(location.timezone, now)
        until = min(until, last) if last else until
        since = first or until - timedelta(days=settings.REPORTS_CATCH_UP_DAYS - 1)
        for day in missing_dates(location, since, until):
            written += build_daily_report(location, day, tenant_id=tenant_id, currency=currency, now=now) is not None
    return written


def next_run(now: datetime) -> datetime:
    """When the next local day of one of the brand's locations closes."""
    zones = set(Location.objects.values_list("timezone", flat=True)) or {"UTC"}
    return days.next_close(zones, now)
