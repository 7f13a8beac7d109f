"""Hand-over codes: how a person signed in on the platform host arrives signed in on a brand's host.

A token is valid only on the host that issued it (shared_apps/accounts/tokens.py), and a token
must never travel in a URL. So the platform issues a code: random, single use, valid for
CODE_LIFETIME, bound to one brand and one user of that brand, stored as its SHA-256. The brand's
host exchanges it (POST /api/v1/auth/handover/) for tokens it issues itself. The code travels in
the URL fragment (`/manage/#handover=<code>`), which browsers never send to a server, and then in
a POST body; neither is in any access log line.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.accounts.tokens import SCHEMA_CLAIM, SchemaBoundAccessToken, SchemaBoundRefreshToken
from tenants import audit
from tenants.audit import IMPERSONATED_BY_CLAIM, Actor
from tenants.hosts import tenant_url
from tenants.models import Tenant

from .errors import HandoverInvalid
from .models import HandoverCode

CODE_LIFETIME = timedelta(seconds=60)
CONSOLE_PATH = "/manage/"  # the staff console's route on a brand's host (frontend/src/console)


@dataclass(frozen=True)
class IssuedCode:
    code: str
    expires_at: datetime
    url: str  # the brand's console with the code in the fragment
    user_email: str


@dataclass(frozen=True)
class HandedOver:
    user: User
    access: str
    refresh: str | None  # none for an impersonation: it ends with its access token
    access_expires_at: datetime
    impersonated_by: str


def console_url(tenant: Tenant) -> str:
    return f"{tenant_url(tenant.primary_domain)}{CONSOLE_PATH}"


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def issue_code(tenant: Tenant, user: User, *, purpose: str, impersonated_by: str = "",
               now: datetime | None = None) -> IssuedCode:
    """A new code for `user` (a user of `tenant`'s schema). Codes that have expired are deleted
    here, so the table holds at most the last minute's codes."""
    now = now or timezone.now()
    code = secrets.token_urlsafe(32)
    expires_at = now + CODE_LIFETIME
    with transaction.atomic():
        HandoverCode.objects.filter(expires_at__lte=now).delete()
        HandoverCode.objects.create(code_hash=_digest(code), tenant=tenant, user_id=user.pk, purpose=purpose,
                                    impersonated_by=impersonated_by, created=now, expires_at=expires_at)
    return IssuedCode(code=code, expires_at=expires_at, url=f"{console_url(tenant)}#handover={code}",
                      user_email=user.email)


def _impersonation_token(user: User, tenant: Tenant, admin_email: str) -> SchemaBoundAccessToken:
    """An access token for the owner marked with the admin (tenants.audit reads the claim into every
    audit entry made with it), IMPERSONATION_MINUTES long, and no refresh token to extend it."""
    token = SchemaBoundAccessToken.for_user(user)
    token[SCHEMA_CLAIM] = tenant.schema_name
    token["role"] = user.role
    token[IMPERSONATED_BY_CLAIM] = admin_email
    token.set_exp(lifetime=timedelta(minutes=settings.IMPERSONATION_MINUTES))
    return token


def _handed_over(user: User, tenant: Tenant, row: HandoverCode, *, ip: str | None) -> HandedOver:
    if row.purpose == HandoverCode.Purpose.IMPERSONATION:
        access = _impersonation_token(user, tenant, row.impersonated_by)
        admin = Actor(email=row.impersonated_by, schema="public", ip=ip)
        audit.record("tenant.impersonation_started", by=admin, tenant=tenant, target=f"user:{user.email}",
                     data={"jti": access["jti"], "expires_in_seconds": settings.IMPERSONATION_MINUTES * 60})
        refresh = None
    else:
        refresh = SchemaBoundRefreshToken.for_user(user)
        access = refresh.access_token
    expires_at = datetime.fromtimestamp(access["exp"], tz=UTC)
    return HandedOver(user=user, access=str(access), refresh=str(refresh) if refresh else None,
                      access_expires_at=expires_at, impersonated_by=row.impersonated_by)


def exchange_code(code: str, tenant: Tenant, *, ip: str | None = None, now: datetime | None = None) -> HandedOver:
    """Tokens of this brand's host for the user the code names. Refused (400 `handover_invalid`, one
    answer for every case) when the code is unknown, used, expired, or bound to another brand; a
    refusal on another brand's host leaves the code usable on its own. Two concurrent exchanges:
    the row lock lets one through, the other re-reads the row as used."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (HandoverCode.objects.select_for_update()
               .filter(code_hash=_digest(code), tenant_id=tenant.pk, used_at__isnull=True, expires_at__gt=now)
               .first())
        if row is None:
            raise HandoverInvalid()
        row.used_at = now
        row.save(update_fields=["used_at"])
        with schema_context(tenant.schema_name):
            user = User.objects.filter(pk=row.user_id, is_active=True).first()
            if user is None:
                raise HandoverInvalid()
            return _handed_over(user, tenant, row, ip=ip)
