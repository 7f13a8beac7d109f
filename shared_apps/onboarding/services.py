"""Self-serve sign-up: from nothing to a live storefront and a signed-in owner in one call."""

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.accounts.tokens import SchemaBoundRefreshToken
from shared_apps.billing.selectors import plan_for_code
from shared_apps.handover.models import HandoverCode
from shared_apps.handover.services import IssuedCode, console_url, issue_code
from shared_apps.observability.metrics import SIGNUPS
from tenants import audit
from tenants.audit import Actor
from tenants.hosts import tenant_url
from tenants.models import Tenant
from tenants.services import provision_tenant


@dataclass(frozen=True)
class SignUp:
    tenant: Tenant
    plan_code: str
    storefront_url: str
    dashboard_url: str
    access: str
    refresh: str
    handover: IssuedCode  # takes the owner's browser to the brand's console, signed in


def sign_up_brand(
    brand_name: str, slug: str, *, owner_email: str, owner_password: str, by: Actor,
    plan: str = "", currency: str = "EUR", timezone: str = "UTC",
) -> SignUp:
    """Create a brand in trial with its owner and subscription, and sign the owner in on its host.

    Provisioning (tenant, schema, domain, owner, subscription) and the audit entry commit
    together; a taken slug raises SlugTaken (409) and leaves nothing behind. The tokens are
    issued inside the new schema, so they are valid on the new brand's host only; the hand-over
    code is how a browser on the platform host gets its own (shared_apps/handover).
    """
    plan_code = plan_for_code(plan).code
    with transaction.atomic():
        tenant = provision_tenant(
            slug, brand_name, owner_email=owner_email, owner_password=owner_password,
            currency=currency, timezone=timezone, plan_code=plan_code, status=Tenant.Status.TRIAL,
        )
        with schema_context(tenant.schema_name):
            owner = User.objects.get(email=owner_email.strip().lower())
        # The person signing up is the actor: the new owner, from the caller's IP.
        actor = Actor(user_id=str(owner.pk), email=owner.email, schema=tenant.schema_name, ip=by.ip)
        audit.record("tenant.signed_up", by=actor, tenant=tenant, target=f"tenant:{tenant.slug}",
                     data={"plan": plan_code, "currency": currency, "timezone": timezone})
        handover = issue_code(tenant, owner, purpose=HandoverCode.Purpose.SIGNUP)
        transaction.on_commit(SIGNUPS.inc)  # a sign-up that rolls back is no sign-up
    with schema_context(tenant.schema_name):
        refresh = SchemaBoundRefreshToken.for_user(owner)
        access = str(refresh.access_token)
    return SignUp(tenant=tenant, plan_code=plan_code, storefront_url=tenant_url(tenant.primary_domain),
                  dashboard_url=console_url(tenant), access=access, refresh=str(refresh), handover=handover)

