"""Who did something, and the append-only record of it (tenants.models.AuditEvent).

Services take the actor as `by: Actor` and call `record(...)` in their own transaction, so an
action and its audit entry commit or roll back together. Views build the actor once with
`actor_from_request(request)`: it carries the client IP and, for an impersonation token, the
platform admin behind it — so every entry made with such a token is marked.
"""

from dataclasses import dataclass

from django.db import connection
from rest_framework.throttling import BaseThrottle

from .models import AuditEvent, Tenant

IMPERSONATED_BY_CLAIM = "impersonated_by"


@dataclass(frozen=True)
class Actor:
    user_id: str = ""
    email: str = ""
    schema: str = ""
    ip: str | None = None
    impersonated_by: str = ""

    @classmethod
    def system(cls, name: str = "system") -> "Actor":
        """For commands and tasks: no person, no IP."""
        return cls(email=name, schema="public")

    @classmethod
    def for_user(cls, user, *, ip: str | None = None, schema: str | None = None) -> "Actor":
        return cls(user_id=str(user.pk), email=user.email, schema=schema or connection.schema_name, ip=ip)


def client_ip(request) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as settings NUM_PROXIES says."""
    ident = BaseThrottle().get_ident(request)
    return ident or None


def actor_from_request(request) -> Actor:
    user = getattr(request, "user", None)
    ip = client_ip(request)
    if user is None or not user.is_authenticated:
        return Actor(schema=connection.schema_name, ip=ip)
    token = getattr(request, "auth", None)
    impersonated_by = ""
    if token is not None and hasattr(token, "payload"):
        impersonated_by = str(token.payload.get(IMPERSONATED_BY_CLAIM, "") or "")
    # An integration's API key (tenant_apps.integrations) acts as its owner; the entry says so.
    via = getattr(token, "audit_via", "")
    return Actor(user_id=str(user.pk), email=f"{user.email} ({via})" if via else user.email,
                 schema=connection.schema_name, ip=ip, impersonated_by=impersonated_by)


def record(action: str, *, by: Actor, tenant: Tenant | None = None, target: str = "", data: dict | None = None) -> AuditEvent:
    """Append one audit entry. Call it inside the service's transaction."""
    return AuditEvent.objects.create(
        action=action,
        tenant=tenant if tenant is not None and tenant.pk else None,
        tenant_slug=(tenant.slug or "") if tenant is not None else "",
        actor_id=by.user_id,
        actor_email=by.email,
        actor_schema=by.schema,
        impersonated_by=by.impersonated_by,
        target=target[:255],
        data=data or {},
        ip=by.ip,
    )
