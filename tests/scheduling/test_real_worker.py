"""Beat and a prefork worker against the real Redis and the test database, on a clock the test
holds (a Redis key the tick reads): reports land at each brand's own midnight, DST days are
exact, and a worker killed with SIGKILL in the middle of a report loses and doubles nothing."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from shared_apps.scheduling.models import PeriodRun, Schedule
from tenant_apps.reports.figures import NOT_SALES
from tenant_apps.reports.models import DailyReport
from tenants.services import provision_tenant
from tests.catalog.factories import LocationFactory
from tests.factories import PASSWORD
from tests.reports.helpers import history_of, orders_at

DAY = date(2026, 6, 10)
WAIT = 90  # seconds: generous; every wait ends on the event itself


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT
    while not (result := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)
    return result


class Stack:
    """Beat ticking every second and a prefork worker, on a queue and a clock key of their own."""

    def __init__(self, logs):
        db = settings.DATABASES["default"]
        self.queue, self.clock_key, self.logs = f"sched-{uuid.uuid4().hex[:8]}", f"test-clock:{uuid.uuid4().hex}", logs
        self.env = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue, "SCHEDULING_CLOCK_KEY": self.clock_key,
            "SCHEDULING_TICK_SECONDS": "1", "SCHEDULING_JITTER_SECONDS": "0",
        }
        self.redis = redis.Redis.from_url(settings.REDIS_URL)
        self.procs: list[subprocess.Popen] = []
        self.worker: subprocess.Popen | None = None

    def set_time(self, moment: datetime) -> None:
        self.redis.set(self.clock_key, moment.isoformat())

    def _start(self, name: str, *args: str, env: dict | None = None) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args, "-l", "info"], env={**self.env, **(env or {})},
            cwd=settings.BASE_DIR,
            stdout=open(self.logs / f"{name}.log", "ab"), stderr=subprocess.STDOUT, start_new_session=True,  # noqa: SIM115
        )
        self.procs.append(proc)
        return proc

    def start_worker(self, **env: str) -> None:
        self.worker = self._start("worker", "worker", "-Q", self.queue, "--pool", "prefork", "--concurrency", "2",
                                  env=env)

    def start_worker_that_takes_over(self) -> None:
        """A worker that gives itself the messages a dead worker took and never acknowledged, once
        they are 3 s old: it looks every second, so the wait ends on the event, not on kombu's
        100 s scan (its scan at start comes too soon when it starts within 3 s of the kill)."""
        self.start_worker(CELERY_VISIBILITY_TIMEOUT="3", CELERY_RESTORE_SECONDS="1")

    def start_beat(self) -> None:
        self._start("beat", "beat", "--scheduler", "celery.beat:PersistentScheduler",
                    "--schedule", str(self.logs / "beat-schedule"))

    def kill_worker(self) -> None:
        """SIGKILL the worker and its children at once: no warm shutdown, no ack, no requeue."""
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=30)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        self.redis.delete(self.clock_key)


@pytest.fixture
def stack(committed_db, tmp_path):
    stack = Stack(tmp_path)
    yield stack
    stack.stop()
    # Rows the worker committed for the session's brands (alpha, bravo); the brands made here
    # are dropped by committed_db with theirs.
    Schedule.objects.all().delete()
    PeriodRun.objects.all().delete()


def brand_with_orders(slug: str, zone: str, *, per_day: int = 25):
    tenant = provision_tenant(slug, slug.title(), owner_email=f"owner@{slug}.test", owner_password=PASSWORD)
    with tenant_context(tenant):
        location = LocationFactory(timezone=zone)
        batch = history_of(location, [DAY], per_day=per_day)
    revenue = sum(o.total_cents for o in batch.orders if o.status not in NOT_SALES)
    return tenant, location, revenue


def reports_of(tenant) -> list[tuple[date, int]]:
    with tenant_context(tenant):
        return list(DailyReport.objects.values_list("business_date", "revenue_cents"))


def ran_at(tenant, moment: datetime) -> bool:
    return Schedule.objects.filter(tenant=tenant, job="reports.daily", last_success_at=moment).exists()



def test_beat_and_a_prefork_worker_build_each_brands_report_at_its_own_midnight(stack):
    east, _, east_revenue = brand_with_orders("tokyo-sched", "Asia/Tokyo")
    west, _, west_revenue = brand_with_orders("la-sched", "America/Los_Angeles")
    before = datetime(2026, 6, 10, 14, 0, tzinfo=UTC)  # 23:00 in Tokyo, 07:00 in Los Angeles
    stack.set_time(before)
    stack.start_worker()
    stack.start_beat()
    wait_for(lambda: ran_at(east, before) and ran_at(west, before), "the first runs")
    assert reports_of(east) == [] and reports_of(west) == []

    tokyo_close = datetime(2026, 6, 10, 15, 30, tzinfo=UTC)  # 00:30 on 11 June in Tokyo
    la_close = datetime(2026, 6, 11, 7, 30, tzinfo=UTC)  # 00:30 on 11 June in Los Angeles
    assert Schedule.objects.get(tenant=east, job="reports.daily").next_run_at == tokyo_close
    assert Schedule.objects.get(tenant=west, job="reports.daily").next_run_at == la_close

    stack.set_time(tokyo_close)
    wait_for(lambda: ran_at(east, tokyo_close), "Tokyo's midnight run")
    assert reports_of(east) == [(DAY, east_revenue)]
    assert reports_of(west) == []  # not its midnight yet

    stack.set_time(la_close)
    wait_for(lambda: ran_at(west, la_close), "Los Angeles' midnight run")
    assert reports_of(west) == [(DAY, west_revenue)]
    assert reports_of(east) == [(DAY, east_revenue)]


def _report_insert_waiting() -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction pg_stat_activity is read once and kept: ask for a fresh look each time.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND query LIKE 'INSERT INTO \"reports_dailyreport\"%%'")
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_report_leaves_nothing_and_the_redelivered_task_writes_one_report(stack):
    tenant, location, revenue = brand_with_orders("kill-sched", "Europe/Berlin", per_day=60)
    close = datetime(2026, 6, 10, 22, 30, tzinfo=UTC)  # 00:30 in Berlin
    stack.set_time(close)
    # Hold the report table in SHARE mode: reads go on, the report's INSERT waits — after the
    # run has claimed its period in the same transaction. That is "mid-task".
    with transaction.atomic(), tenant_context(tenant):
        with connection.cursor() as cursor:
            cursor.execute('LOCK TABLE "reports_dailyreport" IN SHARE MODE')
        stack.start_worker()
        stack.start_beat()
        wait_for(_report_insert_waiting, "the report's INSERT to wait on the lock")
        stack.kill_worker()
    # The lock is gone with the test's transaction; the killed worker's transaction rolls back.
    assert reports_of(tenant) == []
    assert not PeriodRun.objects.filter(tenant=tenant, job="reports.daily").exists()

    stack.start_worker_that_takes_over()  # Redis hands the unacknowledged task out again (visibility timeout)
    wait_for(lambda: reports_of(tenant), "the redelivered run's report")
    assert reports_of(tenant) == [(DAY, revenue)]
    assert PeriodRun.objects.filter(tenant=tenant, job="reports.daily").count() == 1
    with tenant_context(tenant):
        assert DailyReport.objects.get().location_id == location.pk


def test_a_prefork_worker_reports_a_23_hour_and_a_25_hour_day_exactly(stack):
    tenant = provision_tenant("dst-sched", "Dst", owner_email="owner@dst-sched.test", owner_password=PASSWORD)
    spring, fall = date(2026, 3, 29), date(2026, 10, 25)
    with tenant_context(tenant):
        location = LocationFactory(timezone="Europe/Berlin")
        orders_at(location, spring, [datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)])
        orders_at(location, fall, [datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)])
    after_spring = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)  # 00:30 CEST on the 30th
    after_fall = datetime(2026, 10, 25, 23, 30, tzinfo=UTC)  # 00:30 CET on the 26th
    stack.set_time(after_spring)
    stack.start_worker()
    stack.start_beat()
    wait_for(lambda: ran_at(tenant, after_spring), "the run after the spring-forward day")
    stack.set_time(after_fall)
    wait_for(lambda: ran_at(tenant, after_fall), "the run after the fall-back day")
    with tenant_context(tenant):
        days = {r.business_date: r for r in DailyReport.objects.filter(business_date__in=[spring, fall])}
    hours = {day: ((r.day_end - r.day_start).total_seconds() / 3600, len(r.hourly)) for day, r in days.items()}
    assert hours == {spring: (23, 23), fall: (25, 25)}
    assert [h["orders"] for h in days[spring].hourly[:4]] == [0, 1, 1, 0]  # 01:30 CET, then 03:30 CEST
    assert [h["orders"] for h in days[fall].hourly[1:5]] == [0, 1, 1, 0]  # 02:30 CEST, then 02:30 CET
