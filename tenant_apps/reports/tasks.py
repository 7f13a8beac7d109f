from datetime import datetime, timedelta

from shared_apps.scheduling.jobs import JobContext, scheduled_job
from tenants.models import Tenant

from . import build, days, weekly


@scheduled_job(build.JOB)
def build_due_reports(ctx: JobContext) -> datetime:
    """Each location's daily report at its local midnight (+ grace), and any missed before."""
    build.build_missing(tenant_id=ctx.tenant_id, now=ctx.now)
    return build.next_run(ctx.now)


@scheduled_job(weekly.JOB)
def send_weekly_summary(ctx: JobContext) -> datetime:
    """Monday 06:00 in the brand's zone: last week's sales to the owner, once."""
    zone = Tenant.objects.values_list("timezone", flat=True).get(pk=ctx.tenant_id)
    week = weekly.last_full_week(zone, ctx.now)
    if still_open := weekly.zones_still_open(week, ctx.now):
        return days.next_close(still_open, ctx.now)  # every location's whole week first, then send
    # Its days' reports, were the daily job behind (failing, or not yet run for the last day).
    build.build_missing(tenant_id=ctx.tenant_id, now=ctx.now, first=week, last=week + timedelta(days=6))
    weekly.send_weekly_summary(tenant_id=ctx.tenant_id, zone=zone, now=ctx.now)
    return weekly.next_send(zone, ctx.now)
