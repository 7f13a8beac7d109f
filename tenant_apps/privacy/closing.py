"""Closing a brand: cancelled at once, data kept for a grace period, then the schema dropped.

The owner closes; the brand is `cancelled` at once (storefront and API refuse orders and changes,
reads, sign-in and exports still work) with `purge_after` = now + BRAND_CLOSURE_GRACE_DAYS. A
platform admin may reactivate it until then (that clears `purge_after`). The scheduled job
`privacy.purge_closed_brand` (shared_apps/scheduling, for cancelled brands only) drops the schema
once `purge_after` has passed: every table of the brand, its domains (its hosts stop routing),
theme, hand-over codes, schedules and uploaded files. The Tenant row stays, as kind `purged`, with
the subscription, the invoices and the audit trail: the platform's records of what it billed and
what was done, which a brand's closing does not erase. A cancellation by a platform admin sets no
`purge_after` and is never purged by this job.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from shared_apps.accounts import signin_limit
from shared_apps.billing import services as billing
from tenant_apps.catalog.models import Item
from tenants import audit
from tenants.audit import Actor
from tenants.models import Tenant, Theme

from .errors import AlreadyClosed, ConfirmationMismatch, PasswordIncorrect
from .models import BrandExport


def close_brand(tenant: Tenant, *, owner, password: str, confirm: str, by: Actor, reason: str = "",
                now: datetime | None = None) -> Tenant:
    """Cancel the brand now and schedule its data's deletion after the grace period. The owner
    confirms with their password (it counts toward the sign-in delay) and the brand's slug.
    Audited as `tenant.closed`."""
    if confirm.strip().lower() != tenant.slug:
        raise ConfirmationMismatch(fields={"confirm": [ConfirmationMismatch.detail]})
    signin_limit.claim_attempt(owner.email)
    if not owner.check_password(password):
        raise PasswordIncorrect(fields={"password": [PasswordIncorrect.detail]})
    signin_limit.succeeded(owner.email)
    now = now or timezone.now()
    with transaction.atomic():
        tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
        if tenant.status == Tenant.Status.CANCELLED:
            raise AlreadyClosed()
        previous = tenant.status
        billing.cancel_subscription(tenant)
        tenant.status, tenant.status_changed = Tenant.Status.CANCELLED, now
        tenant.purge_after = now + timedelta(days=settings.BRAND_CLOSURE_GRACE_DAYS)
        tenant.save(update_fields=["status", "status_changed", "purge_after"])
        audit.record("tenant.closed", by=by, tenant=tenant, target=f"tenant:{tenant.slug}",
                     data={"reason": reason, "from": previous, "purge_after": tenant.purge_after.isoformat()})
    return tenant


def purge_if_due(tenant_id: int, *, now: datetime) -> datetime:
    """The scheduled job's body, in the brand's schema: purge once `purge_after` has passed.
    Returns when to look again."""
    tenant = Tenant.objects.get(pk=tenant_id)
    if tenant.status != Tenant.Status.CANCELLED or tenant.purge_after is None:
        return now + timedelta(days=1)  # cancelled by a platform admin (or reactivated): not ours to drop
    if now < tenant.purge_after:
        return tenant.purge_after
    purge_brand(tenant, now=now)
    return now + timedelta(days=365)  # the row is gone with the brand's schedules anyway


def _uploaded_files(tenant: Tenant) -> list[str]:
    """Files of the brand in the default storage, read from its schema before it is dropped."""
    with schema_context(tenant.schema_name):
        names = list(Item.objects.exclude(image="").values_list("image", flat=True))
        names += list(BrandExport.objects.exclude(file="").values_list("file", flat=True))
    names += [logo for logo in Theme.objects.filter(tenant=tenant).values_list("logo", flat=True) if logo]
    return names


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def purge_brand(tenant: Tenant, *, now: datetime) -> bool:
    """Drop the closed brand's schema and what points into it, in one transaction (PostgreSQL DDL
    is transactional: a failure leaves the brand as it was); files go after the commit. Audited as
    `tenant.purged` by the scheduler. False when the brand is not (or no longer) due."""
    files = _uploaded_files(tenant)
    with schema_context(get_public_schema_name()), transaction.atomic():
        tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
        due = (tenant.kind == Tenant.Kind.BRAND and tenant.status == Tenant.Status.CANCELLED
               and tenant.purge_after is not None and tenant.purge_after <= now)
        if not due:
            return False
        audit.record("tenant.purged", by=Actor.system("scheduler"), tenant=tenant, target=f"tenant:{tenant.slug}",
                     data={"schema": tenant.schema_name, "purge_after": tenant.purge_after.isoformat(),
                           "closed_at": tenant.status_changed.isoformat() if tenant.status_changed else None,
                           "files": len(files)})
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {connection.ops.quote_name(tenant.schema_name)} CASCADE")
        for domain in tenant.domains.all():
            domain.delete()  # one by one: each delete moves the host-routing cache on (tenants/routing.py)
        Theme.objects.filter(tenant=tenant).delete()
        tenant.handover_codes.all().delete()
        tenant.schedules.all().delete()
        tenant.period_runs.all().delete()
        tenant.kind = Tenant.Kind.PURGED
        tenant.save(update_fields=["kind"])
        transaction.on_commit(lambda: _delete_files(files))
    return True
