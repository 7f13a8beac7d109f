"""What platform admins do to brands. Every function is audited in its own transaction."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.accounts.selectors import first_owner
from shared_apps.billing import services as billing
from shared_apps.handover.models import HandoverCode
from shared_apps.handover.services import IssuedCode, issue_code
from tenants import audit
from tenants.audit import Actor
from tenants.models import Tenant

from .errors import InvalidStatusChange, NoOwner


def _locked(tenant: Tenant) -> Tenant:
    return Tenant.objects.select_for_update().get(pk=tenant.pk)


def _set_status(tenant: Tenant, status: str) -> None:
    tenant.status = status
    tenant.status_changed = timezone.now()
    tenant.save(update_fields=["status", "status_changed"])


def suspend_tenant(tenant: Tenant, *, by: Actor, reason: str) -> Tenant:
    """Stop the brand taking orders or changes; its data, reads and sign-in are kept."""
    with transaction.atomic():
        tenant = _locked(tenant)
        if tenant.status in (Tenant.Status.SUSPENDED, Tenant.Status.CANCELLED):
            raise InvalidStatusChange(f"The brand is {tenant.status}; only an active brand can be suspended.")
        previous = tenant.status
        _set_status(tenant, Tenant.Status.SUSPENDED)
        audit.record("tenant.suspended", by=by, tenant=tenant, target=f"tenant:{tenant.slug}",
                     data={"reason": reason, "from": previous})
    return tenant


def reactivate_tenant(tenant: Tenant, *, by: Actor, reason: str = "") -> Tenant:
    """Undo a suspension or a cancellation. The brand's status follows its subscription again
    (trial, active or past due); a cancelled subscription starts a new active period."""
    with transaction.atomic():
        tenant = _locked(tenant)
        if tenant.status not in (Tenant.Status.SUSPENDED, Tenant.Status.CANCELLED):
            raise InvalidStatusChange(f"The brand is {tenant.status}; only a suspended or cancelled brand can be reactivated.")
        previous = tenant.status
        subscription = billing.resume_subscription(tenant)
        _set_status(tenant, billing.TENANT_STATUS_FOR[subscription.status])
        if tenant.purge_after is not None:  # closed by its owner: the scheduled purge is off
            tenant.purge_after = None
            tenant.save(update_fields=["purge_after"])
        audit.record("tenant.reactivated", by=by, tenant=tenant, target=f"tenant:{tenant.slug}",
                     data={"reason": reason, "from": previous, "to": tenant.status})
    return tenant


def cancel_tenant(tenant: Tenant, *, by: Actor, reason: str) -> Tenant:
    """End the brand's subscription: the storefront shows it closed, its data is kept."""
    with transaction.atomic():
        tenant = _locked(tenant)
        if tenant.status == Tenant.Status.CANCELLED:
            raise InvalidStatusChange("The brand is already cancelled.")
        previous = tenant.status
        billing.cancel_subscription(tenant)
        _set_status(tenant, Tenant.Status.CANCELLED)
        audit.record("tenant.cancelled", by=by, tenant=tenant, target=f"tenant:{tenant.slug}",
                     data={"reason": reason, "from": previous})
    return tenant


def update_tenant(tenant: Tenant, *, by: Actor, name: str | None = None, plan: str | None = None,
                  reason: str = "") -> Tenant:
    """Rename the brand and/or move it to another plan (billing records and audits the change);
    `reason` is kept in the audit entries."""
    with transaction.atomic():
        tenant = _locked(tenant)
        if name is not None and name != tenant.name:
            previous = tenant.name
            tenant.name = name
            tenant.save(update_fields=["name"])
            audit.record("tenant.renamed", by=by, tenant=tenant, target=f"tenant:{tenant.slug}",
                         data={"from": previous, "to": name, **({"reason": reason} if reason else {})})
        if plan is not None:
            billing.change_plan(tenant, plan, by=by, reason=reason)
    return tenant


def impersonate_owner(tenant: Tenant, *, by: Actor, reason: str = "") -> IssuedCode:
    """A hand-over code that opens the brand's staff console as its owner (shared_apps/handover).

    Exchanged on the brand's host, it gives an access token marked `impersonated_by` (the admin's
    e-mail), so every audit entry made with it names the admin, IMPERSONATION_MINUTES long and with
    no refresh token. Issuing is audited here, the exchange there (with the token's `jti`).
    """
    with schema_context(tenant.schema_name):
        owner = first_owner()
    if owner is None:
        raise NoOwner()
    with transaction.atomic():
        issued = issue_code(tenant, owner, purpose=HandoverCode.Purpose.IMPERSONATION, impersonated_by=by.email)
        audit.record("tenant.impersonated", by=by, tenant=tenant, target=f"user:{owner.email}",
                     data={"reason": reason, "owner_id": str(owner.pk),
                           "expires_in_seconds": settings.IMPERSONATION_MINUTES * 60})
    return issued
