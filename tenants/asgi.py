"""Tenant resolution for WebSockets, as TenantHostMiddleware does for HTTP.

Never switch schema from async code: Django connections are per thread (pitfall 4). This
middleware only puts the tenant in `scope`; every database call a consumer makes runs in
`database_sync_to_async` inside `tenant_context(scope["tenant"])`.

Refusals accept the handshake and then close with an application close code and the stable
error code as the reason. A close sent before the accept becomes a bare HTTP 403 in the ASGI
server, and browsers report that as 1006 with no reason — the client could not tell "unknown
host" from "network down" and would retry forever.
"""

from channels.db import database_sync_to_async
from django_tenants.utils import get_public_schema_name, remove_www, schema_context

from .hosts import is_platform_host
from .routing import tenant_for_host

# Close codes (4000-4999 are the application's). Each refusal also carries its code as reason.
CLOSE_UNKNOWN_HOST = 4404
CLOSE_TENANT_SUSPENDED = 4423


def _host_from_scope(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return remove_www(value.decode("latin-1").split(":")[0].lower())
    return ""


def _answer_subprotocol(scope) -> str | None:
    """A subprotocol to accept with: browsers fail a handshake that offered some and got none.

    Never the token: a JWT sent as a subprotocol (see realtime.auth) has dots in it.
    """
    return next((p for p in scope.get("subprotocols") or () if "." not in p), None)


async def refuse(scope, receive, send, *, code: int, reason: str) -> None:
    """Complete the handshake, then close with `code` and `reason` so the client can read both."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return  # the client already left
    await send({"type": "websocket.accept", "subprotocol": _answer_subprotocol(scope)})
    await send({"type": "websocket.close", "code": code, "reason": reason})


def _brand_for_host_sync(hostname: str):
    with schema_context(get_public_schema_name()):
        tenant = tenant_for_host(hostname)  # cached like HTTP routing; a suspension reaches it at once
    return tenant if tenant is not None and tenant.is_brand else None


# thread_sensitive=False: a reconnect storm of boards resolves hosts in parallel, not one by one
# on the single thread-sensitive worker (measured: handshakes timed out at 2,000 sockets).
_brand_for_host = database_sync_to_async(_brand_for_host_sync, thread_sensitive=False)


class TenantScopeMiddleware:
    """Puts the brand of the Host header in scope["tenant"].

    An unknown host is refused (4404 `unknown_host`); so is a suspended or cancelled brand
    (4423 `tenant_suspended`): its kitchen boards and tracking pages stop rather than show a
    brand that takes no orders.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        hostname = _host_from_scope(scope)
        tenant = None if is_platform_host(hostname) else await _brand_for_host(hostname)
        if scope["type"] != "websocket":
            return await self.inner(scope if tenant is None else {**scope, "tenant": tenant}, receive, send)
        if tenant is None:
            return await refuse(scope, receive, send, code=CLOSE_UNKNOWN_HOST, reason="unknown_host")
        if not tenant.accepts_writes:
            return await refuse(scope, receive, send, code=CLOSE_TENANT_SUSPENDED, reason="tenant_suspended")
        return await self.inner({**scope, "tenant": tenant}, receive, send)
