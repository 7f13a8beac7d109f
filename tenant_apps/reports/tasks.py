from datetime import datetime

from shared_apps.scheduling.jobs import JobContext, scheduled_job

from . import build


@scheduled_job(build.JOB)
def build_due_reports(ctx: JobContext) -> datetime:
    """Each location's daily report at its local midnight (+ grace), and any missed before."""
    build.build_missing(tenant_id=ctx.tenant_id, now=ctx.now)
    return build.next_run(ctx.now)
