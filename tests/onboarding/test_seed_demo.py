from shared_apps.billing.selectors import subscription_of
from shared_apps.demo.seed import seed_demo
from tenants.models import AuditEvent, Tenant


def test_seed_demo_makes_brands_on_different_plans_one_in_trial_and_one_suspended(db):
    seed_demo()
    brands = {tenant.slug: tenant for tenant in Tenant.objects.filter(slug__in=["burger", "sushi", "pizza"])}
    summary = {slug: (subscription_of(t).plan.code, t.status) for slug, t in brands.items()}
    assert summary == {"burger": ("pro", "active"), "sushi": ("growth", "trial"), "pizza": ("starter", "suspended")}
    assert AuditEvent.objects.get(action="tenant.suspended", tenant=brands["pizza"]).actor_email == "seed_demo"


def test_seed_demo_runs_twice_without_changing_anything(db):
    seed_demo()
    events = AuditEvent.objects.count()
    lines = seed_demo()
    assert AuditEvent.objects.count() == events
    assert any("Pizza Brigade" in line and "suspended" in line for line in lines)
