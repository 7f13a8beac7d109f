"""Writes to the schedule rows: what a tick claims and what a job run reports back."""

import traceback
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from tenants.models import Tenant

from .models import Schedule

# Jobs that run for cancelled brands only (closing: tenant_apps/privacy), where every other job
# runs for brands that are not cancelled. Filled by jobs.scheduled_job(for_cancelled=True).
FOR_CANCELLED: set[str] = set()


def ready_schedules(jobs: list[str]):
    """Schedule rows of `jobs` for tenants they may run in: brands (not the template, spares or
    purged ones) that are not cancelled — or, for a FOR_CANCELLED job, that are. Whether the
    schema's migrations are current is checked by the run itself (readiness.migrations_current)."""
    closing = [job for job in jobs if job in FOR_CANCELLED]
    others = [job for job in jobs if job not in FOR_CANCELLED]
    cancelled = Q(tenant__status=Tenant.Status.CANCELLED)
    return Schedule.objects.filter(tenant__kind=Tenant.Kind.BRAND).filter(
        (Q(job__in=others) & ~cancelled) | (Q(job__in=closing) & cancelled))


def ensure_schedules(jobs: list[str], *, now: datetime) -> int:
    """Give every brand a row for every job it runs for, due now, in one statement per job (a new
    brand's first run computes its real next time)."""
    created = 0
    with connection.cursor() as cursor:
        for job in jobs:
            status_rule = "status = %s" if job in FOR_CANCELLED else "status <> %s"
            cursor.execute(
                f"INSERT INTO {Schedule._meta.db_table} (tenant_id, job, next_run_at, attempts, last_error) "
                f"SELECT id, %s, %s, 0, '' FROM {Tenant._meta.db_table} WHERE kind = %s AND {status_rule} "
                "ON CONFLICT (tenant_id, job) DO NOTHING",
                [job, now, Tenant.Kind.BRAND, Tenant.Status.CANCELLED],
            )
            created += cursor.rowcount
    return created


def claim_due(jobs: list[str], *, now: datetime, limit: int) -> list[tuple[int, int, str, str]]:
    """Lock and lease the due rows: [(schedule id, tenant id, schema, job)].

    SKIP LOCKED lets two ticks (a second beat by mistake, or a slow one overlapping the next)
    split the due rows instead of both sending them. The lease moves `next_run_at` forward, so a
    run whose message is lost is sent again when it ends; the run sets the real next time.
    """
    lease_until = now + timedelta(seconds=settings.SCHEDULING_LEASE_SECONDS)
    with transaction.atomic():
        rows = list(
            ready_schedules(jobs).filter(next_run_at__lte=now)
            .select_for_update(skip_locked=True, of=("self",)).order_by("next_run_at")
            .values_list("pk", "tenant_id", "tenant__schema_name", "job")[:limit]
        )
        Schedule.objects.filter(pk__in=[row[0] for row in rows]).update(next_run_at=lease_until, last_claimed_at=now)
    return rows


def record_success(schedule_id: int, *, next_run: datetime, at: datetime) -> None:
    Schedule.objects.filter(pk=schedule_id).update(next_run_at=next_run, attempts=0, last_success_at=at)


def schedule_backoff(attempts: int) -> timedelta:
    """How long a failing schedule waits before the tick sends it again: 5 min doubling, at most 6 h.
    Celery's own retries of the run come first (jobs.retry_countdown)."""
    return timedelta(seconds=min(settings.SCHEDULING_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), 6 * 3600))


def record_failure(schedule_id: int, exc: BaseException, *, at: datetime) -> None:
    """Count the failure and keep its traceback, where platform admins see it (admin, API).
    `at` is the run's time (the tick's), so the backoff runs on the same clock as the schedule."""
    error = "".join(traceback.format_exception(exc))[-4000:]
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().filter(pk=schedule_id).first()
        if schedule is None:
            return
        schedule.attempts += 1
        schedule.last_error, schedule.last_error_at = error, at
        schedule.next_run_at = at + schedule_backoff(schedule.attempts)
        schedule.save(update_fields=["attempts", "last_error", "last_error_at", "next_run_at"])


def defer(schedule_id: int, *, until: datetime) -> None:
    """Not ready yet (migrations behind): try again at `until`, not counted as a failure."""
    Schedule.objects.filter(pk=schedule_id).update(next_run_at=until)
