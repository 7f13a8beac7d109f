"""Tenant resolution for WebSockets, as TenantHostMiddleware does for HTTP.

Never switch schema from async code: Django connections are per thread (pitfall 4). This
middleware only puts the tenant in `scope`; every database call a consumer makes runs in
`database_sync_to_async` inside `tenant_context(scope["tenant"])`.
"""

from channels.db import database_sync_to_async
from django_tenants.utils import remove_www

from .hosts import is_platform_host
from .models import Domain


def _host_from_scope(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return remove_www(value.decode("latin-1").split(":")[0].lower())
    return ""


@database_sync_to_async
def _brand_for_host(hostname: str):
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    if domain is None or not domain.tenant.is_brand:
        return None
    return domain.tenant


class TenantScopeMiddleware:
    """Puts the brand of the Host header in scope["tenant"]; an unknown host is refused."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        hostname = _host_from_scope(scope)
        tenant = None if is_platform_host(hostname) else await _brand_for_host(hostname)
        if tenant is None:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4404})
                return
            return await self.inner(scope, receive, send)
        return await self.inner({**scope, "tenant": tenant}, receive, send)
