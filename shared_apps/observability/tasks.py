"""Beat tasks that keep the worker-side gauges current (both public-schema tasks)."""

import time

from celery import shared_task
from django.db.models import Count

from tenants.models import Tenant

from .metrics import BEAT_HEARTBEAT, TENANTS


@shared_task(name="observability.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Record that beat sent a task and a worker ran it; alerting watches how old this gets."""
    BEAT_HEARTBEAT.set(time.time())


@shared_task(name="observability.refresh_tenants_gauge", ignore_result=True)
def refresh_tenants_gauge() -> dict[str, int]:
    """Count brands by status into `brigade_tenants` (every status, so an emptied one shows 0)."""
    counts = dict(
        Tenant.objects.filter(kind=Tenant.Kind.BRAND).values_list("status").annotate(n=Count("id")).order_by()
    )
    result = {status: counts.get(status, 0) for status in Tenant.Status.values}
    for status, n in result.items():
        TENANTS.labels(status=status).set(n)
    return result
