"""Integrations' entries in the brand's audit log (tenants.audit), written in the caller's transaction."""

from django.db import connection

from tenants import audit


def record(action: str, actor: audit.Actor, target: str, data: dict) -> None:
    audit.record(action, by=actor, tenant=getattr(connection, "tenant", None), target=target, data=data)
