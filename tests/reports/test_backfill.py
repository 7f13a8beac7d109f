"""manage.py build_reports fills a gap of missing days, once."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tenant_apps.reports import build
from tenant_apps.reports.models import DailyReport
from tests.catalog.factories import LocationFactory

from .helpers import history_of

FIRST = date(2026, 4, 1)
DAYS = [FIRST + timedelta(days=n) for n in range(40)]


def test_the_backfill_fills_a_gap_of_30_days_and_leaves_built_days_alone(in_a):
    location = LocationFactory(timezone="America/Sao_Paulo")
    history_of(location, DAYS, per_day=4)
    # Built before the outage: the first five days and the last five.
    for day in DAYS[:5] + DAYS[-5:]:
        build.build_daily_report(location, day, tenant_id=in_a.pk, currency="EUR", now=build.days.local_day(
            day, location.timezone)[1])
    built_before = dict(DailyReport.objects.values_list("business_date", "id"))

    out = StringIO()
    call_command("build_reports", "--tenant", "alpha", "--from", str(DAYS[0]), "--to", str(DAYS[-1]), stdout=out)
    assert "alpha: 30 reports built" in out.getvalue()
    reports = dict(DailyReport.objects.values_list("business_date", "id"))
    assert sorted(reports) == DAYS
    assert all(reports[day] == built_before[day] for day in built_before)  # untouched
    assert all(count == 4 for count in DailyReport.objects.values_list("orders", flat=True))

    call_command("build_reports", "--tenant", "alpha", "--from", str(DAYS[0]), "--to", str(DAYS[-1]), stdout=out)
    assert "alpha: 0 reports built" in out.getvalue()


def test_the_backfill_refuses_bad_arguments(in_a):
    with pytest.raises(CommandError, match="after"):
        call_command("build_reports", "--from", "2026-05-02", "--to", "2026-05-01")
    with pytest.raises(CommandError, match="No brand"):
        call_command("build_reports", "--tenant", "nobody", "--from", "2026-05-01", "--to", "2026-05-02")


def test_only_days_already_over_are_built(in_a):
    location = LocationFactory(timezone="Europe/Berlin")
    today = build.days.local_today(location.timezone, timezone.now())
    history_of(location, [today], per_day=2)
    call_command("build_reports", "--tenant", "alpha", "--from", str(today), "--to", str(today), stdout=StringIO())
    assert not DailyReport.objects.filter(business_date=today).exists()
