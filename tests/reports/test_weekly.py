"""The weekly summary goes to the owner on Monday morning in the brand's zone, once a week."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from shared_apps.scheduling import fanout
from tenant_apps.reports import build, weekly
from tests.catalog.factories import LocationFactory

from .helpers import history_of

WEEK = date(2026, 6, 8)  # a Monday
# 06:00 on Monday 15 June in New York (UTC-4).
SEND = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(eager_celery):
    """The tick's sends run in the test's thread."""


@pytest.fixture
def reported_week(tenant_a):
    tenant_a.timezone = "America/New_York"
    tenant_a.save(update_fields=["timezone"])
    with tenant_context(tenant_a):
        location = LocationFactory(timezone="America/New_York", name="Midtown")
        batch = history_of(location, [WEEK + timedelta(days=n) for n in range(7)], per_day=5)
        build.build_missing(tenant_id=tenant_a.pk, now=SEND)
    return batch


def test_the_owner_gets_last_weeks_summary_on_monday_morning_once(reported_week, tenant_a):
    fanout.tick(now=SEND - timedelta(minutes=1))
    assert [m.subject for m in mail.outbox if "week" in m.subject] == []  # the week before had no reports
    fanout.tick(now=SEND)
    [sent] = [m for m in mail.outbox if "week" in m.subject]
    sales = [o for o in reported_week.orders if o.status not in ("cancelled", "rejected")]
    assert sent.to == ["owner@alpha.test"] and sent.subject == f"Your week of 08 Jun 2026: {len(sales)} orders"
    assert "Midtown" in sent.body
    fanout.tick(now=SEND + timedelta(days=1))
    with tenant_context(tenant_a):
        weekly.send_weekly_summary(tenant_id=tenant_a.pk, zone="America/New_York", now=SEND + timedelta(hours=2))
    assert len([m for m in mail.outbox if "week" in m.subject]) == 1


def test_the_next_summary_is_next_mondays_six_oclock_local_time():
    assert weekly.next_send("America/New_York", SEND) == SEND + timedelta(days=7)
    assert weekly.next_send("Europe/Berlin", datetime(2026, 10, 21, tzinfo=UTC)) == datetime(2026, 10, 26, 5, 0, tzinfo=UTC)


def test_the_summary_waits_for_a_location_whose_sunday_is_still_running_in_its_own_zone(tenant_a):
    # A Berlin brand with a Los Angeles location: 06:00 on Monday in Berlin is 21:00 on Sunday there.
    tenant_a.timezone = "Europe/Berlin"
    tenant_a.save(update_fields=["timezone"])
    with tenant_context(tenant_a):
        location = LocationFactory(timezone="America/Los_Angeles", name="Venice")
        batch = history_of(location, [WEEK + timedelta(days=n) for n in range(7)], per_day=5)
    berlin_monday = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)
    fanout.tick(now=berlin_monday - timedelta(minutes=1))
    fanout.tick(now=berlin_monday)
    assert [m for m in mail.outbox if "Your week of 08 Jun" in m.subject] == []  # Sunday still runs in LA
    la_sunday_closed = datetime(2026, 6, 15, 7, 0, tzinfo=UTC) + timedelta(minutes=30)  # midnight + grace
    fanout.tick(now=la_sunday_closed)
    [sent] = [m for m in mail.outbox if "Your week of 08 Jun" in m.subject]
    sales = [o for o in batch.orders if o.status not in ("cancelled", "rejected")]
    assert sent.subject == f"Your week of 08 Jun 2026: {len(sales)} orders"  # Sunday's orders included
