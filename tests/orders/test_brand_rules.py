"""The brand's ordering rules are cached per schema and dropped by every change that touches them."""

from django.core.cache import cache
from django_tenants.utils import tenant_context

from shared_apps.billing.models import Plan
from shared_apps.billing.selectors import subscription_of
from shared_apps.billing.services import change_plan
from tenant_apps.orders import brand_rules
from tenant_apps.orders.models import OrderingSettings, PromoCode
from tenant_apps.orders.services import save_promo_code
from tenants.audit import Actor

from .conftest import cart

ADMIN = Actor(email="root@platform.test")


def test_rules_are_read_from_the_database_once_then_from_the_cache(in_a, django_assert_num_queries):
    brand_rules.current()
    with django_assert_num_queries(0):
        assert brand_rules.current().settings.prices_include_tax is True


def test_a_settings_change_reaches_the_next_quote(client_a, shop):
    before = client_a.post("/api/v1/orders/quote/", cart(shop), format="json").json()["totals"]
    assert before["prices_include_tax"] is True  # and the rules are cached now
    with tenant_context(shop.tenant):
        settings = OrderingSettings.current()
        settings.prices_include_tax = False
        settings.save()
    after = client_a.post("/api/v1/orders/quote/", cart(shop), format="json").json()["totals"]
    assert after["prices_include_tax"] is False and after["total_cents"] > before["total_cents"]


def test_rules_are_kept_per_brand(in_a, tenant_b):
    settings = OrderingSettings.current()
    settings.slot_minutes = 45
    settings.save()
    assert brand_rules.current().settings.slot_minutes == 45
    with tenant_context(tenant_b):
        assert brand_rules.current().settings.slot_minutes == 15


def test_a_plan_change_of_the_brand_is_seen_at_once(tenant_a):
    capped = Plan.objects.exclude(max_orders_per_month=None).exclude(pk=subscription_of(tenant_a).plan_id).first()
    with tenant_context(tenant_a):
        was = brand_rules.current().orders_capped
    change_plan(tenant_a, Plan.objects.filter(max_orders_per_month=None).first().code if was else capped.code, by=ADMIN)
    with tenant_context(tenant_a):
        assert brand_rules.current().orders_capped is not was


def test_an_edit_of_a_plan_reaches_every_brand_on_it(tenant_a):
    plan = subscription_of(tenant_a).plan
    with tenant_context(tenant_a):
        was = brand_rules.current().orders_capped
    plan.max_orders_per_month = None if was else 10
    plan.save()
    with tenant_context(tenant_a):
        assert brand_rules.current().orders_capped is not was


def test_rules_a_reader_cached_before_the_commit_are_dropped_after_it(in_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        settings = OrderingSettings.current()
        settings.slot_minutes = 30
        settings.save()
        # Another request read the committed (old) row between the save and the commit:
        stale = brand_rules.current().settings
        stale.slot_minutes = 15
        cache.set(brand_rules.KEY, brand_rules.BrandRules(stale, False))
    assert brand_rules.current().settings.slot_minutes == 30


def test_a_promo_code_is_read_from_the_database_once_then_from_memory(in_a, django_assert_num_queries):
    PromoCode.objects.create(code="TENOFF", kind="percent", value=1000)
    rules = brand_rules.current()
    assert rules.promo("TENOFF").value == 1000
    with django_assert_num_queries(0):
        assert brand_rules.current().promo("TENOFF").value == 1000
    assert rules.promo("NOSUCH") is None


def _quote(client, shop, code: str):
    return client.post("/api/v1/orders/quote/", cart(shop, promo_code=code), format="json")


def test_a_promo_change_reaches_the_next_quote(client_a, shop):
    with tenant_context(shop.tenant):
        promo = PromoCode.objects.create(code="TENOFF", kind="percent", value=1000)
    assert _quote(client_a, shop, "tenoff").status_code == 200
    with tenant_context(shop.tenant):
        save_promo_code(promo, actor=None, is_active=False)
    response = _quote(client_a, shop, "tenoff")
    assert response.status_code == 422 and response.json()["code"] == "promo_invalid"


def test_a_renamed_or_deleted_promo_code_no_longer_applies(client_a, shop):
    with tenant_context(shop.tenant):
        promo = PromoCode.objects.create(code="TENOFF", kind="percent", value=1000)
    assert _quote(client_a, shop, "TENOFF").status_code == 200
    with tenant_context(shop.tenant):
        save_promo_code(promo, actor=None, code="elevenoff")
    assert _quote(client_a, shop, "TENOFF").json()["code"] == "promo_invalid"
    assert _quote(client_a, shop, "elevenoff").status_code == 200
    with tenant_context(shop.tenant):
        PromoCode.objects.get(pk=promo.pk).delete()
    assert _quote(client_a, shop, "elevenoff").json()["code"] == "promo_invalid"
