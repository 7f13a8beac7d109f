"""When each brand's periodic jobs run next, and which of their periods are done. Public schema.

One `Schedule` row per (tenant, job) replaces one beat entry per tenant: beat has one entry (the
tick) whatever the number of brands, and the tick claims the due rows with SKIP LOCKED.
`PeriodRun` is the idempotency key (tenant, job, period): a job writes its row in the same
transaction as its result, so a task run twice, or killed and redelivered, writes one result.
"""

from django.db import models

from tenants.models import Tenant


class Schedule(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="schedules")
    job = models.CharField(max_length=64)
    # UTC. Set by the job itself when it succeeds (from the tenant's and its locations' IANA
    # zones); set to now + the job's lease when the tick claims the row, so a task lost with its
    # message is sent again once the lease has passed.
    next_run_at = models.DateTimeField()
    # Consecutive failed runs; 0 after a success. The backoff before the next try grows with it.
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_claimed_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["next_run_at"]
        constraints = [models.UniqueConstraint(fields=["tenant", "job"], name="scheduling_schedule_unique")]
        indexes = [models.Index(fields=["next_run_at"], name="scheduling_schedule_due")]

    def __str__(self):
        return f"{self.tenant} {self.job} at {self.next_run_at:%Y-%m-%d %H:%M}Z"

    @property
    def is_failing(self) -> bool:
        return self.attempts > 0


class PeriodRun(models.Model):
    """One period of one job done for one tenant ("2026-03-29/<location>", "2026-03")."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="period_runs")
    job = models.CharField(max_length=64)
    period = models.CharField(max_length=120)
    done_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "job", "period"], name="scheduling_period_unique")]

    def __str__(self):
        return f"{self.tenant} {self.job} {self.period}"
