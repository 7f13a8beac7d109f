from datetime import timedelta

from django.utils import timezone

from shared_apps.billing.models import Subscription
from shared_apps.billing.selectors import subscription_of
from shared_apps.billing.services import advance_subscriptions
from tenants.models import AuditEvent, Tenant


def test_an_ended_trial_converts_to_an_active_paid_subscription(tenant_a, tenant_b):
    trial_end = subscription_of(tenant_a).trial_end
    outcomes = advance_subscriptions(now=trial_end + timedelta(hours=1))
    assert outcomes["trial_converted"] >= 2  # alpha and bravo started together
    subscription = subscription_of(tenant_a)
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.current_period_start == trial_end
    assert subscription.current_period_end > trial_end + timedelta(days=27)
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.ACTIVE
    assert AuditEvent.objects.filter(action="subscription.trial_converted", tenant=tenant_a).count() == 1


def test_running_twice_changes_nothing_the_second_time(tenant_a):
    later = subscription_of(tenant_a).trial_end + timedelta(hours=1)
    advance_subscriptions(now=later)
    assert advance_subscriptions(now=later) == {}
    assert AuditEvent.objects.filter(action="subscription.trial_converted", tenant=tenant_a).count() == 1


def test_a_trial_still_running_is_left_alone(tenant_a):
    advance_subscriptions(now=timezone.now())
    assert subscription_of(tenant_a).status == Subscription.Status.TRIALING


def test_a_suspended_brand_stays_suspended_when_its_trial_ends(tenant_b):
    tenant_b.status = Tenant.Status.SUSPENDED
    tenant_b.save(update_fields=["status"])
    advance_subscriptions(now=subscription_of(tenant_b).trial_end + timedelta(minutes=1))
    tenant_b.refresh_from_db()
    assert tenant_b.status == Tenant.Status.SUSPENDED
    assert subscription_of(tenant_b).status == Subscription.Status.ACTIVE


def test_an_ended_period_renews_and_catches_up_missed_months(tenant_a):
    start = subscription_of(tenant_a).trial_end
    advance_subscriptions(now=start + timedelta(hours=1))
    three_months_later = start + timedelta(days=95)
    assert advance_subscriptions(now=three_months_later).get("period_renewed", 0) >= 1
    subscription = subscription_of(tenant_a)
    assert subscription.current_period_start <= three_months_later < subscription.current_period_end
    assert subscription.current_period_end - subscription.current_period_start <= timedelta(days=31)
