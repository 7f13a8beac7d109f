"""The scheduled job that drops closed brands' schemas (shared_apps/scheduling: the one tick)."""

from datetime import datetime

from shared_apps.scheduling.jobs import JobContext, scheduled_job

from . import closing

JOB = "privacy.purge_closed_brand"


@scheduled_job(JOB, for_cancelled=True)
def purge_closed_brand(ctx: JobContext) -> datetime:
    """Runs for cancelled brands only; drops the schema once the brand's grace period is over."""
    return closing.purge_if_due(ctx.tenant_id, now=ctx.now)
