from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.billing.errors import PlanLimitReached, SamePlan, UnknownPlan
from shared_apps.billing.models import PlanChange, Subscription
from shared_apps.billing.selectors import subscription_of
from shared_apps.billing.services import change_plan, ensure_within_plan_limit
from shared_apps.billing.usage import usage_of
from tenants.audit import Actor
from tenants.models import AuditEvent

from .factories import PlanFactory

ADMIN = Actor(user_id="1", email="root@platform.test", schema="public", ip="127.0.0.1")


def test_three_plans_are_seeded_and_listed_publicly_with_prices_in_minor_units(platform_client):
    response = platform_client.get("/api/v1/plans/")
    assert response.status_code == 200
    plans = {plan["code"]: plan for plan in response.json()["results"]}
    assert set(plans) == {"starter", "growth", "pro"}
    assert plans["starter"]["monthly_price_cents"] == 2900
    assert plans["starter"]["currency"] == "EUR"
    assert plans["starter"]["limits"] == {"locations": 1, "staff": 5, "orders_per_month": 500}
    assert plans["pro"]["limits"]["orders_per_month"] is None


def test_retired_plans_are_not_listed(platform_client):
    PlanFactory(code="legacy", is_active=False)
    codes = [plan["code"] for plan in platform_client.get("/api/v1/plans/").json()["results"]]
    assert "legacy" not in codes


def test_every_provisioned_brand_starts_a_fourteen_day_trial_on_the_default_plan(tenant_a):
    subscription = subscription_of(tenant_a)
    assert subscription.plan.code == "starter"
    assert subscription.status == Subscription.Status.TRIALING
    assert abs(subscription.trial_end - (subscription.created + timedelta(days=14))) < timedelta(seconds=5)


def test_within_the_limit_passes_and_at_the_limit_raises_plan_limit(tenant_a):
    ensure_within_plan_limit(tenant_a, "locations", 0)  # starter: one location
    with pytest.raises(PlanLimitReached) as raised:
        ensure_within_plan_limit(tenant_a, "locations", 1)
    assert raised.value.code == "plan_limit"
    assert raised.value.status_code == 403
    assert raised.value.extra == {"resource": "locations", "limit": 1, "plan": "starter"}


def test_staff_and_orders_limits_follow_the_plan(tenant_a):
    ensure_within_plan_limit(tenant_a, "staff", 4)
    with pytest.raises(PlanLimitReached):
        ensure_within_plan_limit(tenant_a, "staff", 5)
    with pytest.raises(PlanLimitReached):
        ensure_within_plan_limit(tenant_a, "orders", 500)


def test_a_plan_without_a_limit_never_refuses(tenant_a):
    change_plan(tenant_a, "pro", by=ADMIN)
    ensure_within_plan_limit(tenant_a, "orders", 10_000_000)


def test_limits_are_per_brand(tenant_a, tenant_b):
    change_plan(tenant_b, "growth", by=ADMIN)
    ensure_within_plan_limit(tenant_b, "locations", 4)
    with pytest.raises(PlanLimitReached):
        ensure_within_plan_limit(tenant_a, "locations", 4)


def test_changing_plan_records_the_change_with_its_time_and_audits_it(tenant_a):
    before = timezone.now()
    change_plan(tenant_a, "growth", by=ADMIN)
    change = PlanChange.objects.get(subscription__tenant=tenant_a)
    assert (change.from_plan.code, change.to_plan.code) == ("starter", "growth")
    assert change.changed_at >= before
    event = AuditEvent.objects.get(tenant=tenant_a, action="plan.changed")
    assert event.data == {"from": "starter", "to": "growth"}
    assert event.actor_email == "root@platform.test"


def test_changing_to_the_same_plan_or_an_unknown_plan_is_refused(tenant_a):
    with pytest.raises(SamePlan):
        change_plan(tenant_a, "starter", by=ADMIN)
    with pytest.raises(UnknownPlan):
        change_plan(tenant_a, "platinum", by=ADMIN)
    assert not PlanChange.objects.filter(subscription__tenant=tenant_a).exists()


def test_usage_counts_staff_and_marks_placeholder_counts(tenant_a):
    usage = usage_of(tenant_a, subscription_of(tenant_a).current_period_start)
    assert usage["staff"] == {"used": 1, "counted": True}  # the owner
    assert usage["orders"]["used"] == 0


def test_provisioning_with_an_unknown_plan_leaves_no_tenant(db):
    from tenants.models import Tenant
    from tenants.services import provision_tenant

    with pytest.raises(UnknownPlan):
        provision_tenant("no-such-plan", "X", owner_email="o@x.test", owner_password="x-long-enough-9", plan_code="gold")
    assert not Tenant.objects.filter(slug="no-such-plan").exists()


def test_an_app_that_registers_a_counter_replaces_the_placeholder(tenant_a, monkeypatch):
    from shared_apps.billing import usage

    monkeypatch.setitem(usage._counters, "orders", lambda tenant, since: 7 if tenant == tenant_a else 0)
    assert usage.usage_of(tenant_a, timezone.now())["orders"] == {"used": 7, "counted": True}
    with pytest.raises(PlanLimitReached):
        ensure_within_plan_limit(tenant_a, "orders", usage.count_orders_this_period(tenant_a, timezone.now()) + 500)
