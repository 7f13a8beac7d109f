"""Integrations' entries in the brand's audit log (tenants.audit), written in the caller's transaction."""

from tenants import audit
from tenants.selectors import current_tenant


def record(action: str, actor: audit.Actor, target: str, data: dict) -> None:
    audit.record(action, by=actor, tenant=current_tenant(), target=target, data=data)
