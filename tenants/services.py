"""Creating brands and the rules every app checks about the current brand."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User

from . import provisioning
from .errors import InvalidTenantSetting, SlugTaken, TenantSuspended
from .hosts import subdomain_for
from .models import Domain, Tenant
from .slugs import validate_slug
from .tasks import refill_spare_pool


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def ensure_accepts_writes(tenant: Tenant) -> None:
    """The shared check: a suspended or cancelled brand changes nothing (403 tenant_suspended)."""
    if tenant.is_brand and not tenant.accepts_writes:
        raise TenantSuspended()


def provision_tenant(
    slug: str,
    name: str,
    *,
    owner_email: str,
    owner_password: str,
    currency: str = "EUR",
    timezone: str = "UTC",
    plan_code: str = "",
    status: str = Tenant.Status.TRIAL,
) -> Tenant:
    """Create a ready brand: tenant row, schema, primary domain and owner, all or nothing.

    Inputs are validated before the database is touched. The schema comes from the spare pool
    or from replaying the template (tenants.provisioning); both run inside this one transaction,
    so any failure — a taken slug found at commit time included — leaves no schema and no rows.
    """
    validate_slug(slug)
    if timezone not in _time_zones():
        raise InvalidTenantSetting(fields={"timezone": [f"Unknown time zone {timezone!r}."]})
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise InvalidTenantSetting(fields={"currency": ["Use a three-letter ISO 4217 code such as EUR."]})
    if Tenant.objects.filter(slug=slug).exists():
        raise SlugTaken(fields={"slug": ["That address is already taken."]})
    # Hash before the transaction: ~0.2 s of CPU must not be spent holding a spare's row lock.
    password_hash = make_password(owner_password)

    try:
        with transaction.atomic():
            schema_name, spare = provisioning.create_schema_for_new_tenant()
            tenant = spare or Tenant(schema_name=schema_name)
            tenant.kind = Tenant.Kind.BRAND
            tenant.slug = slug
            tenant.name = name
            tenant.status = status
            tenant.currency = currency
            tenant.timezone = timezone
            tenant.plan_code = plan_code
            tenant.save()
            Domain.objects.create(domain=subdomain_for(slug), tenant=tenant, is_primary=True)
            with schema_context(tenant.schema_name):
                User.objects.create(email=owner_email.strip().lower(), password=password_hash,
                                    role=User.Role.OWNER, name=name)
            if spare is not None and settings.TENANT_REFILL_AFTER_CLAIM:
                transaction.on_commit(refill_spare_pool.delay)
    except IntegrityError as exc:
        # Two sign-ups for one slug: the unique index lets one commit; the other lands here.
        if Tenant.objects.filter(slug=slug).exists() or "slug" in str(exc) or "domain" in str(exc):
            raise SlugTaken(fields={"slug": ["That address is already taken."]}) from None
        raise
    return tenant
