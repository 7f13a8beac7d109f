"""What the reports API reads: built reports, and today's (not yet built) figures computed live."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tenant_apps.catalog.models import Location

from . import days
from .errors import ReportRangeTooLong
from .figures import daily_figures
from .models import DailyReport

MAX_DAYS = 93


@dataclass
class LiveReport:
    """A day not over yet (or in its grace period): the same figures, from the orders as they are."""

    location: Location
    business_date: date
    currency: str
    figures: dict
    final = False
    built_at = None

    def __getattr__(self, name):
        try:
            return self.figures[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def location_id(self):
        return self.location.pk

    @property
    def location_name(self):
        return self.location.name


def daily_reports(*, first: date, last: date, location_id=None, currency: str, now: datetime) -> list:
    """Reports of [first, last], newest day first: the built ones, and for each location every
    day of the range that is not closed yet at `now` (today so far) computed live."""
    if (last - first).days >= MAX_DAYS:
        raise ReportRangeTooLong(fields={"from": [ReportRangeTooLong.detail]})
    locations = Location.objects.all() if location_id is None else Location.objects.filter(pk=location_id)
    built = list(DailyReport.objects.filter(business_date__range=(first, last), location__in=locations))
    for report in built:
        report.final = True
    live = []
    for location in locations:
        open_from = days.last_closed_day(location.timezone, now) + timedelta(days=1)
        today = days.local_today(location.timezone, now)
        have = {r.business_date for r in built if r.location_id == location.pk}
        for day in days.dates_between(max(first, open_from), min(last, today)):
            if day not in have:
                live.append(LiveReport(location, day, currency, daily_figures(location, day)))
    return sorted(built + live, key=lambda r: (r.business_date, r.location_name), reverse=True)
