"""Creating brands and the rules every app checks about the current brand."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache as django_cache
from django.db import IntegrityError, transaction
from django.utils.timezone import now
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.core import images

from . import audit, provisioning
from .audit import Actor
from .errors import (
    DomainLimitReached,
    DomainNotFound,
    DomainNotVerified,
    DomainTaken,
    InvalidDomain,
    InvalidLogo,
    InvalidTenantSetting,
    SlugTaken,
    TenantSuspended,
)
from .hosts import custom_domain_problem, normalize_host, subdomain_for
from .models import Domain, Tenant, Theme
from .signals import tenant_provisioned
from .slugs import validate_slug
from .tasks import refill_spare_pool


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@cache
def _currencies() -> frozenset[str]:
    import pycountry  # ~10 MB of data: loaded on first use, not at start-up

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def is_known_currency(code: str) -> bool:
    """An active ISO 4217 currency code, upper case (EUR, GBP, JPY)."""
    return isinstance(code, str) and code in _currencies()


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

    `plan_code` names a billing plan (empty: the default plan); billing receives it through the
    `tenant_provisioned` signal and starts the subscription in this transaction.
    Inputs are validated before the database is touched. The schema comes from the spare pool
    or from replaying the template (tenants.provisioning); both run inside this one transaction,
    so any failure — a taken slug found at commit time included — leaves no schema and no rows.
    """
    validate_slug(slug)
    if timezone not in _time_zones():
        raise InvalidTenantSetting(fields={"timezone": [f"Unknown time zone {timezone!r}."]})
    if not is_known_currency(currency):
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
            tenant.save()
            Domain.objects.create(domain=subdomain_for(slug), tenant=tenant, is_primary=True)
            with schema_context(tenant.schema_name):
                owner = User.objects.create(email=owner_email.strip().lower(), password=password_hash,
                                            role=User.Role.OWNER, name=name)
            # billing starts the subscription on `plan_code` here, in this same transaction.
            tenant_provisioned.send(sender=Tenant, tenant=tenant, owner=owner, plan_code=plan_code)
            if spare is not None and settings.TENANT_REFILL_AFTER_CLAIM:
                transaction.on_commit(refill_spare_pool.delay)
    except IntegrityError as exc:
        # Two sign-ups for one slug: the unique index lets one commit; the other lands here.
        if Tenant.objects.filter(slug=slug).exists() or "slug" in str(exc) or "domain" in str(exc):
            raise SlugTaken(fields={"slug": ["That address is already taken."]}) from None
        raise
    return tenant


# --- Branding -------------------------------------------------------------------------------

LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}


def _checked_logo(upload):
    """The logo re-encoded from its pixels (shared_apps.core.images), or InvalidLogo.

    The type comes from the bytes, never from the name or the client's content type; SVG is
    refused on purpose (it can carry script).
    """
    try:
        return images.reencoded(upload, formats=LOGO_FORMATS, max_bytes=settings.BRAND_LOGO_MAX_BYTES, name="logo")
    except images.NotAnImage as exc:
        raise InvalidLogo(fields={"logo": [str(exc)]}) from None


def invalidate_brand_cache(tenant: Tenant) -> None:
    from .selectors import BRAND_CACHE_KEY

    with schema_context(tenant.schema_name):  # cache keys carry the schema (make_key)
        django_cache.delete(BRAND_CACHE_KEY)


THEME_FIELDS = ("display_name", "primary_color", "accent_color", "background_color", "text_color", "font", "hero_text",
                "locale")
_NO_CHANGE = object()


def update_theme(tenant: Tenant, *, by: Actor, logo=_NO_CHANGE, **changes) -> Theme:
    """Change the brand's theme. `logo`: an uploaded image, None to remove it, or leave it out.

    The old logo file is deleted only after the commit, so a rolled-back change keeps it.
    """
    unknown = set(changes) - set(THEME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown theme fields: {sorted(unknown)}")
    if logo is not _NO_CHANGE and logo is not None:
        logo = _checked_logo(logo)
    with transaction.atomic():
        theme, _ = Theme.objects.select_for_update().get_or_create(tenant=tenant)
        changed = [name for name, value in changes.items() if getattr(theme, name) != value]
        for name in changed:
            setattr(theme, name, changes[name])
        old_logo = theme.logo.name if theme.logo else ""
        if logo is not _NO_CHANGE:
            if logo is None:
                theme.logo = ""
            else:
                theme.logo.save(logo.name, logo, save=False)
            changed.append("logo")
        if not changed:
            return theme  # nothing to save, audit or invalidate
        theme.save()
        audit.record("brand.updated", by=by, tenant=tenant, target=f"tenant:{tenant.slug}", data={"changed": changed})
        if "logo" in changed and old_logo:
            storage = theme.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
        transaction.on_commit(lambda: invalidate_brand_cache(tenant))
    return theme


# --- Custom domains -------------------------------------------------------------------------


def add_custom_domain(tenant: Tenant, host: str, *, by: Actor) -> Domain:
    """Route `host` to the brand at once; it stays `pending` until its DNS TXT record is verified.

    Unique across the platform; never a platform host or anything under BASE_DOMAIN.
    """
    host = normalize_host(host)
    problem = custom_domain_problem(host)
    if problem:
        raise InvalidDomain(problem, fields={"domain": [problem]})
    try:
        with transaction.atomic():
            Tenant.objects.select_for_update().get(pk=tenant.pk)  # serialises the count check below
            if tenant.domains.filter(is_custom=True).count() >= settings.TENANT_MAX_CUSTOM_DOMAINS:
                raise DomainLimitReached(extra={"limit": settings.TENANT_MAX_CUSTOM_DOMAINS})
            domain = Domain.objects.create(domain=host, tenant=tenant, is_primary=False, is_custom=True)
            audit.record("domain.added", by=by, tenant=tenant, target=f"domain:{host}")
    except IntegrityError:  # the unique index on Domain.domain: another brand (or a race) has it
        raise DomainTaken(fields={"domain": [DomainTaken.detail]}) from None
    return domain


def _custom_domain_of(tenant: Tenant, domain_id) -> Domain:
    domain = tenant.domains.filter(pk=domain_id, is_custom=True).first()
    if domain is None:
        raise DomainNotFound()
    return domain


def remove_custom_domain(tenant: Tenant, domain_id, *, by: Actor) -> None:
    """Stop routing a custom domain. The brand's own subdomain cannot be removed."""
    with transaction.atomic():
        domain = _custom_domain_of(tenant, domain_id)
        host = domain.domain
        domain.delete()
        audit.record("domain.removed", by=by, tenant=tenant, target=f"domain:{host}")


def verify_custom_domain(tenant: Tenant, domain_id, *, by: Actor) -> Domain:
    """Look up the domain's TXT record (tenants.dns) and mark it verified when the token is there."""
    from . import dns

    domain = _custom_domain_of(tenant, domain_id)
    if domain.verified_at:
        return domain
    # DNS is asked outside the transaction: a slow resolver must not hold a row lock.
    if not dns.txt_record_matches(domain.domain, domain.verification_token):
        raise DomainNotVerified(extra={"record_name": dns.record_name(domain.domain),
                                       "record_value": dns.record_value(domain.verification_token)})
    with transaction.atomic():
        domain = Domain.objects.select_for_update().get(pk=domain.pk)
        domain.verified_at = now()
        domain.save(update_fields=["verified_at"])
        audit.record("domain.verified", by=by, tenant=tenant, target=f"domain:{domain.domain}")
    return domain
