"""The tick: beat's one scheduling entry. Claims the due (tenant, job) rows and sends one task each."""

import random
from datetime import datetime

from django.conf import settings
from django_tenants.utils import schema_context

from . import clock, services
from .jobs import JOBS


def tick(*, now: datetime | None = None, limit: int | None = None) -> int:
    """Send every due job of every ready brand, with jitter; returns how many were sent.

    Runs in the public schema. Each task carries the tick's `now`, so the run's periods do not
    depend on when a worker picks it up, and the controlled clock of tests reaches the workers.
    """
    now = now or clock.now()
    jobs = sorted(JOBS)
    services.ensure_schedules(jobs, now=now)
    claimed = services.claim_due(jobs, now=now, limit=limit or settings.SCHEDULING_TICK_LIMIT)
    for schedule_id, tenant_id, schema, job in claimed:
        # In the schema's context so tenant-schemas-celery stamps the task with it (no query is
        # made: the search_path is only set when a cursor is used).
        with schema_context(schema):
            JOBS[job].apply_async(args=[schedule_id, tenant_id, now.isoformat()],
                                  countdown=random.uniform(0, settings.SCHEDULING_JITTER_SECONDS))
    return len(claimed)
