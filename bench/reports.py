"""Reports and scheduling benchmark (issue 17). Writes bench/results/reports.json.

Own database (brigade_bench_reports, dropped and re-created), migrated, with:

1. Fan-out: 1,000 brand rows due at once (tenant rows only: the tick reads the public schema and
   never enters a tenant's), each with both scheduled jobs (reports.daily, billing.cycle). One
   `scheduling.tick` (insert the missing schedule rows, claim the due ones with SKIP LOCKED,
   send one task each to Redis) is timed per round, next to the floor: sending the same number
   of messages straight to the same Redis queue with no database work. Target: < 10 s for the
   1,000 tenants (the django-celery-beat anchor: 12–18 s a tick for 1,000 crontab rows). The
   messages go to a queue of the benchmark's own, deleted afterwards.
2. Report build: one real brand, one location, N orders on one business date (10,000 and
   100,000, each with its lines and events, written in bulk by tenant_apps.reports.history),
   and other days around it. `daily_figures` (all the report's SQL) is timed per round next to
   the floor `SELECT count(*)` over the same orders. Targets: < 1 s and < 5 s.

Every round is reported, with the load average when it ran (the machine is shared).
Run with `make bench-reports` (BENCH_TENANTS=1000 BENCH_ORDER_COUNTS=10000,100000 BENCH_ROUNDS=3).
"""

import json
import os
import platform
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import _server

BENCH_DB = _server.configure("reports")
QUEUE = f"bench-reports-{uuid.uuid4().hex[:8]}"
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = QUEUE

TENANTS = int(os.environ.get("BENCH_TENANTS", "1000"))
ORDER_COUNTS = [int(n) for n in os.environ.get("BENCH_ORDER_COUNTS", "10000,100000").split(",")]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
DAY = date(2026, 6, 10)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_tenants.utils import tenant_context  # noqa: E402

from config.celery import app  # noqa: E402
from shared_apps.scheduling import fanout  # noqa: E402
from shared_apps.scheduling.jobs import JOBS  # noqa: E402
from shared_apps.scheduling.models import Schedule  # noqa: E402
from tenant_apps.catalog.models import Location  # noqa: E402
from tenant_apps.reports import history  # noqa: E402
from tenant_apps.reports.figures import daily_figures  # noqa: E402
from tenants.models import Tenant  # noqa: E402
from tenants.services import provision_tenant  # noqa: E402


def load() -> float:
    return round(os.getloadavg()[0], 2)


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def purge_queue() -> None:
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete(QUEUE)


def fan_out() -> dict:
    Tenant.objects.bulk_create([
        Tenant(schema_name=f"t_bench_{n:05d}", slug=f"bench-{n:05d}", name=f"Bench {n}", kind=Tenant.Kind.BRAND,
               status=Tenant.Status.ACTIVE) for n in range(TENANTS)
    ], batch_size=1000)
    due = datetime(2026, 6, 10, 22, 30, tzinfo=UTC)
    messages = TENANTS * len(JOBS)
    rounds = []
    for n in range(ROUNDS):
        Schedule.objects.update(next_run_at=due)  # every row due again (the first round inserts them)
        tick_load = load()
        tick = timed(lambda: fanout.tick(now=due))
        with app.connection_for_write() as conn:
            sent = conn.default_channel.client.llen(QUEUE)
        purge_queue()
        floor = timed(lambda: [app.send_task("bench.noop", args=[0, due.isoformat()], queue=QUEUE)
                               for _ in range(messages)])
        purge_queue()
        rounds.append({"round": n + 1, "tick_seconds": round(tick, 3), "messages_sent": sent,
                       "floor_send_only_seconds": round(floor, 3), "ratio_to_floor": round(tick / floor, 2),
                       "load_average_1m": tick_load, "inserted_schedule_rows": n == 0})
    return {"tenants": TENANTS, "jobs_per_tenant": len(JOBS), "messages_per_tick": messages, "target_seconds": 10,
            "anchor": "django-celery-beat: 12-18 s a tick for 1,000 crontab rows (#650)", "rounds": rounds,
            "all_rounds_under_target": all(r["tick_seconds"] < 10 for r in rounds)}


def orders_floor(location, day) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM orders_order WHERE location_id = %s AND business_date = %s",
                       [location.pk, day])
        return cursor.fetchone()[0]


def report_build(count: int, brand: Tenant) -> dict:
    with tenant_context(brand):
        location = Location.objects.create(name=f"Big {count}", address="1 Bench Road", latitude=52.5, longitude=13.4,
                                           timezone="Europe/Berlin")
        rng = random.Random(count)
        written = time.perf_counter()
        for day, n in ((DAY - timedelta(days=1), count // 10), (DAY, count), (DAY + timedelta(days=1), count // 10)):
            for start in range(0, n, 20000):
                history.save(history.day_of_orders(location, day, min(20000, n - start), rng=rng, first_number=start + 1))
        written = time.perf_counter() - written
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        assert orders_floor(location, DAY) >= count
        rounds = []
        for n in range(ROUNDS):
            round_load = load()
            build = timed(lambda: daily_figures(location, DAY))
            floor = timed(lambda: orders_floor(location, DAY))
            rounds.append({"round": n + 1, "build_seconds": round(build, 3), "floor_count_seconds": round(floor, 4),
                           "ratio_to_floor": round(build / floor, 1), "load_average_1m": round_load})
        figures = daily_figures(location, DAY)
    return {"orders_that_day": figures["orders"], "lines_and_events_written_seconds": round(written, 1),
            "target_seconds": 1 if count <= 10000 else 5, "rounds": rounds,
            "all_rounds_under_target": all(r["build_seconds"] < (1 if count <= 10000 else 5) for r in rounds)}


def main() -> None:
    _server.recreate_database(BENCH_DB)
    call_command("migrate_schemas", verbosity=0, interactive=False)  # public and the template
    brand = provision_tenant("bench-reports", "Bench Reports", owner_email="owner@bench.test",
                             owner_password="bench-password-1", status=Tenant.Status.ACTIVE)
    result = {
        "benchmark": "reports", "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "note": "Every round is listed; ratios are to a floor measured in the same round.",
        "report_build": {str(count): report_build(count, brand) for count in ORDER_COUNTS},
        "fan_out": fan_out(),
    }
    purge_queue()
    path = _server.ROOT / "bench" / "results" / "reports.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    json.dump(result, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
