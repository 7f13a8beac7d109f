"""The idempotency key of per-tenant work: (tenant, job, period), claimed in the result's transaction."""

from django.db import connection, transaction

from .models import PeriodRun

CLAIM_SQL = (
    f"INSERT INTO {PeriodRun._meta.db_table} (tenant_id, job, period, done_at) VALUES (%s, %s, %s, now()) "
    "ON CONFLICT (tenant_id, job, period) DO NOTHING RETURNING id"
)


def claim_period(tenant_id: int, job: str, period: str) -> bool:
    """True the first time (tenant, job, period) is claimed, False when it is done already.

    Call it inside the transaction that writes the period's result: if that rolls back (an
    error, a worker killed with SIGKILL) the claim goes with it. A concurrent claimer of the same
    key waits on the unique index for the first one's commit and then gets False, so two runs at
    once still write one result. The table is in the public schema, which every tenant's
    search_path includes, so one transaction covers both.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_period() must run inside the transaction that writes the result.")
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_SQL, [tenant_id, job, period])
        return cursor.fetchone() is not None
