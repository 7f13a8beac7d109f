from datetime import datetime

from shared_apps.scheduling.jobs import JobContext, scheduled_job

from . import cycle


@scheduled_job("billing.cycle")
def run_billing_cycle(ctx: JobContext) -> datetime:
    """Invoice ended periods, convert ended trials, dun unpaid invoices; per brand, when due."""
    return cycle.run(ctx.tenant_id, now=ctx.now)
