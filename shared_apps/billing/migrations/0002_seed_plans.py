"""The three plans every deployment starts with (prices in euro cents; None is "no limit"), and a
subscription on the default plan for every brand that existed before billing did."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

PLANS = [
    {"code": "starter", "name": "Starter", "sort_order": 1, "description": "One restaurant getting online.",
     "monthly_price_cents": 2900, "per_order_fee_cents": 25, "max_locations": 1, "max_staff": 5,
     "max_orders_per_month": 500},
    {"code": "growth", "name": "Growth", "sort_order": 2, "description": "A small chain with a busy kitchen.",
     "monthly_price_cents": 7900, "per_order_fee_cents": 15, "max_locations": 5, "max_staff": 25,
     "max_orders_per_month": 3000},
    {"code": "pro", "name": "Pro", "sort_order": 3, "description": "Many locations, no order cap.",
     "monthly_price_cents": 19900, "per_order_fee_cents": 10, "max_locations": 25, "max_staff": 200,
     "max_orders_per_month": None},
]


def seed(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for plan in PLANS:
        Plan.objects.update_or_create(code=plan["code"], defaults={**plan, "currency": "EUR", "trial_days": 14})
    default = Plan.objects.filter(code=settings.BILLING_DEFAULT_PLAN).first() or Plan.objects.get(code="starter")
    Subscription = apps.get_model("billing", "Subscription")
    now = timezone.now()
    for tenant in apps.get_model("tenants", "Tenant").objects.filter(kind="brand", subscription=None):
        trialing = tenant.status == "trial"
        Subscription.objects.create(
            tenant=tenant, plan=default, status="trialing" if trialing else "active",
            trial_end=now + timedelta(days=14) if trialing else None,
            current_period_start=now, current_period_end=now + timedelta(days=14 if trialing else 30),
        )


def unseed(apps, schema_editor):
    apps.get_model("billing", "Plan").objects.filter(code__in=[p["code"] for p in PLANS], subscriptions=None).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial"), ("tenants", "0003_theme_audit_custom_domains")]
    operations = [migrations.RunPython(seed, unseed)]
