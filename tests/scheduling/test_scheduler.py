"""The tick, driven by a clock the test holds: reports land at each location's own midnight,
missed days are caught up, failures retry and show, unready tenants wait."""

from datetime import UTC, date, datetime, timedelta

import pytest
from celery.exceptions import Retry
from django.db import connection
from django_tenants.utils import tenant_context

from shared_apps.scheduling import fanout
from shared_apps.scheduling.models import PeriodRun, Schedule
from tenant_apps.reports.models import DailyReport
from tenants.models import Tenant
from tests.catalog.factories import LocationFactory
from tests.reports.helpers import history_of

JOB = "reports.daily"
DAY = date(2026, 6, 10)
# 00:30 local on 11 June (the grace period) in Berlin (UTC+2) and in New York (UTC-4).
BERLIN_CLOSE = datetime(2026, 6, 10, 22, 30, tzinfo=UTC)
NEW_YORK_CLOSE = datetime(2026, 6, 11, 4, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(eager_celery):
    """The tick's sends run in the test's thread, in the tenant's schema."""


@pytest.fixture
def two_brands(tenant_a, tenant_b):
    """alpha has a Berlin location, bravo a New York one, each with orders on DAY and the day before."""
    with tenant_context(tenant_a):
        berlin = LocationFactory(timezone="Europe/Berlin")
        history_of(berlin, [DAY - timedelta(days=1), DAY], per_day=10)
    with tenant_context(tenant_b):
        new_york = LocationFactory(timezone="America/New_York")
        history_of(new_york, [DAY - timedelta(days=1), DAY], per_day=10, seed=3)
    return tenant_a, tenant_b


def dates_reported(tenant: Tenant) -> list[date]:
    with tenant_context(tenant):
        return sorted(DailyReport.objects.values_list("business_date", flat=True))


def schedule_of(tenant: Tenant) -> Schedule:
    return Schedule.objects.get(tenant=tenant, job=JOB)


def test_each_brand_gets_its_report_at_its_own_local_midnight(two_brands):
    alpha, bravo = two_brands
    fanout.tick(now=BERLIN_CLOSE - timedelta(minutes=1))
    assert dates_reported(alpha) == [DAY - timedelta(days=1)]  # the day before was over already
    assert dates_reported(bravo) == [DAY - timedelta(days=1)]
    assert schedule_of(alpha).next_run_at == BERLIN_CLOSE
    assert schedule_of(bravo).next_run_at == NEW_YORK_CLOSE

    assert fanout.tick(now=BERLIN_CLOSE) == 1  # only alpha is due
    assert dates_reported(alpha) == [DAY - timedelta(days=1), DAY]
    assert dates_reported(bravo) == [DAY - timedelta(days=1)]

    assert fanout.tick(now=NEW_YORK_CLOSE - timedelta(seconds=1)) == 0
    assert fanout.tick(now=NEW_YORK_CLOSE) == 1
    assert dates_reported(bravo) == [DAY - timedelta(days=1), DAY]
    assert schedule_of(bravo).next_run_at == NEW_YORK_CLOSE + timedelta(days=1)


def test_every_day_missed_during_an_outage_gets_its_report(two_brands):
    alpha, _ = two_brands
    with tenant_context(alpha):
        history_of(LocationFactory(timezone="Asia/Kolkata"), [DAY + timedelta(days=n) for n in range(4)], per_day=3)
    fanout.tick(now=BERLIN_CLOSE + timedelta(days=3, hours=5))
    with tenant_context(alpha):
        per_location = {}
        for location_name, day in DailyReport.objects.values_list("location_name", "business_date"):
            per_location.setdefault(location_name, []).append(day)
    # Berlin: its two days of orders, then the three days after with none (each still reported).
    assert sorted(len(days) for days in per_location.values()) == [4, 5]
    assert all(len(set(days)) == len(days) for days in per_location.values())


def test_a_job_run_twice_for_the_same_period_writes_one_report(two_brands):
    alpha, _ = two_brands
    fanout.tick(now=BERLIN_CLOSE)
    schedule = schedule_of(alpha)
    with tenant_context(alpha):
        from tenant_apps.reports.tasks import build_due_reports

        build_due_reports.apply(args=[schedule.pk, alpha.pk, BERLIN_CLOSE.isoformat()])
        assert DailyReport.objects.filter(business_date=DAY).count() == 1
    assert PeriodRun.objects.filter(tenant=alpha, job=JOB).count() == 2


def test_a_failing_run_shows_its_error_and_backs_off_until_it_succeeds(two_brands):
    alpha, _ = two_brands
    with tenant_context(alpha):
        broken = LocationFactory(timezone="Mars/Olympus_Mons")  # a zone zoneinfo does not know
    with pytest.raises(Retry, match="Olympus"):  # Celery is asked to retry, after 10 s or so
        fanout.tick(now=BERLIN_CLOSE)
    schedule = schedule_of(alpha)
    assert schedule.attempts == 1 and "ZoneInfoNotFoundError" in schedule.last_error
    assert schedule.last_error_at == BERLIN_CLOSE
    assert schedule.next_run_at == BERLIN_CLOSE + timedelta(minutes=5)

    assert fanout.tick(now=BERLIN_CLOSE + timedelta(minutes=4)) == 0  # backing off
    with pytest.raises(Retry):
        fanout.tick(now=BERLIN_CLOSE + timedelta(minutes=5))
    schedule.refresh_from_db()
    assert schedule.attempts == 2 and schedule.next_run_at == BERLIN_CLOSE + timedelta(minutes=15)

    with tenant_context(alpha):
        broken.timezone = "Europe/Lisbon"
        broken.save()
    fanout.tick(now=schedule.next_run_at)
    schedule.refresh_from_db()
    assert schedule.attempts == 0 and schedule.last_success_at == BERLIN_CLOSE + timedelta(minutes=15)
    assert DAY in dates_reported(alpha)


def test_a_brand_whose_schema_is_still_migrating_waits_without_failing(two_brands):
    alpha, bravo = two_brands
    with tenant_context(alpha), connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'reports'")
    fanout.tick(now=BERLIN_CLOSE)
    schedule = schedule_of(alpha)
    assert schedule.attempts == 0 and schedule.next_run_at == BERLIN_CLOSE + timedelta(minutes=5)
    assert dates_reported(alpha) == []
    assert dates_reported(bravo) == [DAY - timedelta(days=1)]


def test_only_brands_that_are_not_cancelled_are_scheduled(two_brands):
    alpha, bravo = two_brands
    Tenant.objects.filter(pk=bravo.pk).update(status=Tenant.Status.CANCELLED)
    fanout.tick(now=BERLIN_CLOSE)
    scheduled = set(Schedule.objects.filter(job=JOB).values_list("tenant__kind", "tenant__slug"))
    assert ("brand", "alpha") in scheduled and ("brand", "bravo") not in scheduled
    assert {kind for kind, _ in scheduled} == {"brand"}  # never the template or a spare
    assert dates_reported(bravo) == []
