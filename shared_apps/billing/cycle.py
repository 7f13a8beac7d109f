"""The billing cycle of one brand, run by the scheduler (`billing.cycle`): close every ended trial
and period (invoicing each period once), then the dunning step that is due."""

from datetime import datetime, timedelta

from . import dunning
from .models import Subscription
from .services import BILLED_STATUSES, advance_subscription

IDLE = timedelta(days=1)  # nothing due (no subscription, or a cancelled one): look again tomorrow


def run(tenant_id: int, *, now: datetime) -> datetime:
    """Everything due at `now`; returns when something is next due."""
    subscription = Subscription.objects.filter(tenant_id=tenant_id).first()
    if subscription is None:
        return now + IDLE
    while advance_subscription(subscription.pk, now=now):  # one period per step: each is invoiced
        pass
    dunning.dun(subscription.pk, now=now)
    subscription.refresh_from_db()
    due = []
    if subscription.status == Subscription.Status.TRIALING and subscription.trial_end:
        due.append(subscription.trial_end)
    if subscription.status in BILLED_STATUSES:
        due.append(subscription.current_period_end)
    if step := dunning.next_step_at(subscription):
        due.append(step)
    return max(min(due, default=now + IDLE), now + timedelta(minutes=1))
