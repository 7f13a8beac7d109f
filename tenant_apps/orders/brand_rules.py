"""The brand's ordering rules that every quote and checkout reads, cached per schema in Redis.

A checkout read the brand's `OrderingSettings` (its schema) and its subscription's plan (public
schema: is there a monthly order cap to count against?) from PostgreSQL every time — two
queries for rows that change a few times a year. Both now sit in one cache entry per brand (the
key carries the schema, `django_tenants.cache.make_key`, pitfall 6): one Redis GET.

Promo codes are kept in process memory under the rules' version (`BrandRules.promo`): the rules
are read again after any change, with a new version.

Every save or delete of the brand's OrderingSettings, its Subscription, a Plan (for each brand
on it) or a promo code deletes the entry at once and again after commit (`apps.OrdersConfig.ready`), so the writer
sees its change and a reader that cached the old rows between the two cannot keep them. What is
left is a reader that read the database before the change committed and writes the cache after
the second delete: it keeps the old rules for at most `TIMEOUT_SECONDS`. Writes through
`QuerySet.update()` send no signal and must call `forget()` themselves.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django_tenants.utils import schema_context

from shared_apps.billing.models import Plan, Subscription
from shared_apps.core import memory
from tenants.models import Tenant
from tenants.selectors import current_tenant

from .models import OrderingSettings, PromoCode
from .plan_limits import orders_capped

KEY = "orders:brand-rules:v1"
TIMEOUT_SECONDS = 60  # a safety net only: every change deletes the entry


@dataclass(frozen=True)
class BrandRules:
    settings: OrderingSettings
    orders_capped: bool  # the plan has a monthly order limit: checkout counts this period's orders
    # When these rules were read: a new number after every change (the entry is deleted and read
    # again), so the promo codes remembered in process memory under it are dropped with them.
    version: int = 0

    def promo(self, code: str) -> PromoCode | None:
        """The brand's promo code `code` (upper-case): from this process's memory at this version,
        else from the database; None if there is none."""
        return memory.recall_or_read(("promo", code), self.version, PromoCode.objects.filter(code=code).first)


def current() -> BrandRules:
    """The current schema's rules: from the cache, else from the database (and cached)."""
    rules = cache.get(KEY)
    if rules is None:
        tenant = current_tenant(required=False)
        rules = BrandRules(settings=OrderingSettings.current(), orders_capped=tenant is not None and orders_capped(tenant),
                           version=time.time_ns())
        cache.set(KEY, rules, timeout=TIMEOUT_SECONDS)
    return rules


def forget(schema_name: str | None = None) -> None:
    """Drop the brand's cached rules now and again once the current transaction commits."""
    schema_name = schema_name or connection.schema_name

    def delete():
        with schema_context(schema_name):
            cache.delete(KEY)

    delete()
    transaction.on_commit(delete)


def _settings_changed(sender, **kwargs) -> None:
    forget()


def _subscription_changed(sender, instance, **kwargs) -> None:
    schema_name = Tenant.objects.filter(pk=instance.tenant_id).values_list("schema_name", flat=True).first()
    if schema_name:  # None: the brand itself is being deleted
        forget(schema_name)


def _promo_changed(sender, **kwargs) -> None:
    forget()  # new rules, a new version: every promo code remembered under the old one is gone


def _plan_changed(sender, instance, **kwargs) -> None:
    for schema_name in Subscription.objects.filter(plan=instance).values_list("tenant__schema_name", flat=True):
        forget(schema_name)


def connect_signals() -> None:
    """Called once from `OrdersConfig.ready()`."""
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_settings_changed, sender=OrderingSettings, dispatch_uid=f"orders.brand_rules.settings.{name}")
        signal.connect(_subscription_changed, sender=Subscription, dispatch_uid=f"orders.brand_rules.subscription.{name}")
        signal.connect(_plan_changed, sender=Plan, dispatch_uid=f"orders.brand_rules.plan.{name}")
        signal.connect(_promo_changed, sender=PromoCode, dispatch_uid=f"orders.brand_rules.promo.{name}")
