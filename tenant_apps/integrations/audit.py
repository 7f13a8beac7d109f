"""Integrations' entries in the brand's audit log (tenants.audit), written in the caller's transaction."""

from django.db import connection

from tenants import audit
from tenants.models import Tenant


def current_tenant() -> Tenant:
    tenant = connection.tenant
    # schema_context() (tasks, commands) sets a FakeTenant that only knows its schema name.
    return tenant if isinstance(tenant, Tenant) else Tenant.objects.get(schema_name=connection.schema_name)


def record(action: str, actor: audit.Actor, target: str, data: dict) -> None:
    audit.record(action, by=actor, tenant=current_tenant(), target=target, data=data)
