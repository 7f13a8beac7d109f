"""Host → tenant resolution, cached in Redis so a request can be answered without the database.

The middleware asks `tenant_for_host` on every request. Entries are keyed by a routing version
that every save or delete of a Tenant or Domain row bumps twice: at once (so the writing
connection sees its own change, tests included) and again after commit (so a reader that cached
the old row between the two cannot keep it). A status change (suspension) therefore reaches the
next request. Change Tenant and Domain rows through `.save()`/`.delete()` — `QuerySet.update()`
sends no signal — or call `forget_hosts()` after such a write.
"""


from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tenants.utils import get_public_schema_name, schema_context

from shared_apps.core import memory

from .models import Domain, Tenant

VERSION_KEY = "tenants:routing-version"


def _version() -> int:
    return memory.version(VERSION_KEY)


def forget_hosts() -> None:
    """Make every cached host → tenant entry unreachable."""
    with schema_context(get_public_schema_name()):
        memory.bump(VERSION_KEY)


def tenant_for_host(hostname: str) -> Tenant | None:
    """The tenant whose Domain row is `hostname`, or None. Call with the public schema set."""
    seconds = settings.TENANT_HOST_CACHE_SECONDS
    if not seconds:
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        return domain.tenant if domain else None
    key = f"tenants:host:{hostname}:v{_version()}"
    tenant = cache.get(key)
    if tenant is None:
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        if domain is None:
            return None  # unknown hosts are not cached: anyone can invent them
        tenant = domain.tenant
        cache.set(key, tenant, timeout=seconds)
    return tenant


def _changed(sender, **kwargs) -> None:
    forget_hosts()
    transaction.on_commit(forget_hosts)


def connect() -> None:
    for model in (Tenant, Domain):
        post_save.connect(_changed, sender=model, dispatch_uid=f"tenants-routing-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"tenants-routing-delete-{model.__name__}")
