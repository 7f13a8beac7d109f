"""The per-tenant jobs the scheduler knows, and the decorator that makes a function one.

A job is a tenant task (it runs in the brand's schema, acks_late) that does whatever is due at
`ctx.now` and returns when it should run next. The app that owns the work declares it:

    @scheduled_job("reports.daily")
    def build_due_reports(ctx: JobContext) -> datetime: ...

and the one beat entry (`scheduling.tick`) sends it to every ready brand when it is due.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from shared_apps.core.tasks import tenant_task

from . import readiness, services


@dataclass(frozen=True)
class JobContext:
    """What a job run is given: which schedule row sent it, for which tenant, at what time."""

    schedule_id: int
    tenant_id: int
    now: datetime


JobFunction = Callable[[JobContext], datetime]
JOBS: dict[str, "object"] = {}


def retry_countdown(retries: int) -> float:
    """Seconds before Celery's next try of a failed run: 10 s, 20 s, 40 s, … at most 10 min, with jitter."""
    base = min(settings.SCHEDULING_RETRY_SECONDS * 2**retries, 600)
    return base * random.uniform(0.8, 1.2)


def scheduled_job(name: str, *, max_retries: int = 5, for_cancelled: bool = False):
    """Make `fn(ctx) -> next run (aware datetime)` a per-tenant scheduled job named `name`.
    It runs for every brand that is not cancelled, or with `for_cancelled` only for cancelled ones."""

    def decorate(fn: JobFunction):
        if for_cancelled:
            services.FOR_CANCELLED.add(name)

        @tenant_task(name=name, bind=True, acks_late=True, ignore_result=True, max_retries=max_retries)
        def run(self, schedule_id: int, tenant_id: int, now: str):
            ctx = JobContext(schedule_id=schedule_id, tenant_id=tenant_id, now=datetime.fromisoformat(now))
            if not readiness.migrations_current():
                # django-tenants migrates schemas one by one: this one is not there yet (#75).
                services.defer(schedule_id, until=ctx.now + timedelta(seconds=settings.SCHEDULING_NOT_READY_SECONDS))
                return "not_ready"
            try:
                next_run = fn(ctx)
            except Exception as exc:
                services.record_failure(schedule_id, exc, at=ctx.now)
                raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from None
            services.record_success(schedule_id, next_run=next_run, at=ctx.now)
            return next_run.isoformat()

        JOBS[name] = run
        run.job_function = fn
        return run

    return decorate
