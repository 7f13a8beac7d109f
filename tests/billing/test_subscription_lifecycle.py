"""A subscription's own clock, through the billing cycle (billing.cycle, the per-brand scheduled
job): an ended trial converts, an ended period renews, and a run repeated changes nothing."""

from datetime import timedelta

from django.utils import timezone

from shared_apps.billing import cycle
from shared_apps.billing.models import Invoice, Subscription
from shared_apps.billing.selectors import subscription_of
from tenants.models import AuditEvent, Tenant


def audited(action: str, tenant: Tenant) -> int:
    return AuditEvent.objects.filter(action=action, tenant=tenant).count()


def test_an_ended_trial_converts_to_an_active_paid_subscription(tenant_a):
    trial_end = subscription_of(tenant_a).trial_end
    cycle.run(tenant_a.pk, now=trial_end + timedelta(hours=1))
    subscription = subscription_of(tenant_a)
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.current_period_start == trial_end
    assert subscription.current_period_end > trial_end + timedelta(days=27)
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.ACTIVE
    assert audited("subscription.trial_converted", tenant_a) == 1


def test_running_twice_changes_nothing_the_second_time(tenant_a):
    later = subscription_of(tenant_a).trial_end + timedelta(hours=1)
    cycle.run(tenant_a.pk, now=later)
    before = AuditEvent.objects.filter(tenant=tenant_a).count()
    cycle.run(tenant_a.pk, now=later)
    assert AuditEvent.objects.filter(tenant=tenant_a).count() == before
    assert audited("subscription.trial_converted", tenant_a) == 1


def test_a_trial_still_running_is_left_alone(tenant_a):
    cycle.run(tenant_a.pk, now=timezone.now())
    assert subscription_of(tenant_a).status == Subscription.Status.TRIALING


def test_a_suspended_brand_stays_suspended_when_its_trial_ends(tenant_b):
    tenant_b.status = Tenant.Status.SUSPENDED
    tenant_b.save(update_fields=["status"])
    cycle.run(tenant_b.pk, now=subscription_of(tenant_b).trial_end + timedelta(minutes=1))
    tenant_b.refresh_from_db()
    assert tenant_b.status == Tenant.Status.SUSPENDED
    assert subscription_of(tenant_b).status == Subscription.Status.ACTIVE


def test_an_ended_period_renews_and_catches_up_missed_months(tenant_a):
    start = subscription_of(tenant_a).trial_end
    cycle.run(tenant_a.pk, now=start + timedelta(hours=1))
    three_months_later = start + timedelta(days=95)
    cycle.run(tenant_a.pk, now=three_months_later)
    subscription = subscription_of(tenant_a)
    assert subscription.current_period_start <= three_months_later < subscription.current_period_end
    assert subscription.current_period_end - subscription.current_period_start <= timedelta(days=31)
    assert Invoice.objects.filter(tenant=tenant_a).count() == 3  # one per ended month, none skipped
