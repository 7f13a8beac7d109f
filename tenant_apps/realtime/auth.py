"""Who is on the other end of a WebSocket: a JWT from `?token=` or `Sec-WebSocket-Protocol`.

Browsers cannot set an Authorization header on a WebSocket, so the access token travels either
in the query string (`/ws/kitchen/<id>/?token=<jwt>`) or as a subprotocol pair
(`new WebSocket(url, ["bearer", jwt])`); the server then answers with the `bearer` subprotocol,
never with the token. The token is verified like on HTTP — signature, expiry and the `schema`
claim against the brand of the Host — inside `tenant_context` in a worker thread: schema
switches never happen in async code (pitfall 4), and `SchemaBoundAccessToken.verify` compares
the claim with `connection.schema_name` of that thread's connection.

No token means an anonymous user (the tracking stream admits a tracking token instead). A token
that is present but invalid, expired or issued by another brand is refused at once (4401).
"""

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings

from shared_apps.accounts.tokens import SchemaBoundAccessToken
from tenants.asgi import refuse

from .metrics import REFUSED

BEARER_SUBPROTOCOL = "bearer"
CLOSE_UNAUTHENTICATED = 4401


def query_params(scope) -> dict[str, str]:
    """The query string's parameters, the first value of each."""
    parsed = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return {key: values[0] for key, values in parsed.items()}


def token_from_scope(scope) -> str | None:
    """The raw JWT of the handshake: `?token=`, else the entry after `bearer` in the subprotocols."""
    token = query_params(scope).get("token")
    if token:
        return token
    protocols = list(scope.get("subprotocols") or ())
    if BEARER_SUBPROTOCOL in protocols:
        index = protocols.index(BEARER_SUBPROTOCOL)
        if index + 1 < len(protocols):
            return protocols[index + 1]
    return None


def _user_for_token(tenant, raw_token: str):
    """The active user the token names in `tenant`'s schema, or None if the token is not valid there."""
    with tenant_context(tenant):
        try:
            token = SchemaBoundAccessToken(raw_token)  # verifies signature, expiry and schema
        except TokenError:
            return None
        try:
            return get_user_model().objects.filter(pk=token.get(api_settings.USER_ID_CLAIM), is_active=True).first()
        except (ValueError, ValidationError):  # a signed token whose user claim is not a UUID
            return None


# In parallel worker threads, not queued on the one thread-sensitive worker (reconnect storms).
user_for_token = database_sync_to_async(_user_for_token, thread_sensitive=False)


class JwtAuthMiddleware:
    """Sets scope["user"] from the handshake's JWT; runs inside TenantScopeMiddleware."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        raw = token_from_scope(scope)
        user = AnonymousUser()
        if raw:
            user = await user_for_token(scope["tenant"], raw)
            if user is None:
                REFUSED.labels(stream="any", reason="unauthenticated").inc()
                return await refuse(scope, receive, send, code=CLOSE_UNAUTHENTICATED, reason="unauthenticated")
        return await self.inner({**scope, "user": user}, receive, send)
