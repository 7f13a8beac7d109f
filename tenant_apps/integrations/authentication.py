"""`Authorization: Api-Key <key>` on a brand's host.

The request then runs as the key's creator (an owner) — so every view's own role checks and audit
entries work unchanged — but only where `scopes.RULES` lets a key in with the scope it holds,
within its rate, and, for a key bound to a location, naming that location. All of that is
checked here, once, before any view code runs.
"""

from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

# DRF imports this module while it imports itself (APIView reads DEFAULT_AUTHENTICATION_CLASSES),
# before shared_apps.core.errors or any model can be imported: the rest comes in when first used.

KEYWORD = b"api-key"


# DRF's own exception types, so its authentication flow (401 challenge, Retry-After) treats them
# as it treats a JWT's.
class InvalidApiKey(exceptions.AuthenticationFailed):
    """Unknown, revoked, expired, or another brand's key: one answer for all, so a key's
    existence elsewhere is never revealed."""

    default_code = "invalid_api_key"
    default_detail = "The API key is not valid on this host."


class InsufficientScope(exceptions.PermissionDenied):
    default_code = "insufficient_scope"

    def __init__(self, scope: str):
        super().__init__(f"This API key lacks the scope `{scope}`.", code=self.default_code)
        self.extra = {"required_scope": scope}


class NotForApiKeys(exceptions.PermissionDenied):
    default_code = "api_key_not_allowed"
    default_detail = "This operation cannot be called with an API key."


class LocationNotAllowed(exceptions.PermissionDenied):
    default_code = "location_not_allowed"
    default_detail = ("This API key is restricted to one location: it reaches that location's orders, zones and "
                      "settings (name it as `location` in lists) and reads the menu, and changes no other.")


class KeyRateLimited(exceptions.Throttled):
    default_code = "rate_limited"
    default_detail = "This API key made too many requests."


class KeyRate(SimpleRateThrottle):
    """DRF's sliding-window throttle, per key, at the key's own rate."""

    scope = "api_key"

    def __init__(self, key):
        self.rate = f"{key.rate_limit_per_minute}/min"
        self.key_id = key.pk
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.key_id}


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        from tenants.audit import client_ip

        from . import keys

        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD:
            return None  # not ours: JWT or anonymous
        if len(header) != 2:
            raise InvalidApiKey("Malformed Authorization header: `Api-Key <key>`.")
        if connection.schema_name == get_public_schema_name():
            raise InvalidApiKey()  # keys belong to brands; the platform host has none
        now = timezone.now()
        key = keys.key_for_secret(header[1].decode("latin-1"), now=now)
        if key is None:
            raise InvalidApiKey()
        view = request.parser_context.get("view") if request.parser_context else None
        rate = KeyRate(key)
        if not rate.allow_request(request, view):
            raise KeyRateLimited(wait=rate.wait())
        _check_scope(key, request)
        if key.location_id is not None:
            _check_location(key, request)
        keys.mark_used(key, ip=client_ip(request), now=now)
        key.audit_via = f"api key {key.prefix}"  # tenants.audit marks what the key did
        return key.created_by, key

    def authenticate_header(self, request):
        return "Api-Key"


def _check_scope(key, request) -> None:
    from . import scopes

    try:
        scope = scopes.required_scope(request.method, request.path)
    except scopes.NotForKeys:
        raise NotForApiKeys() from None
    if scope not in key.scopes:
        raise InsufficientScope(scope)


def _named_locations(request) -> set[str]:
    kwargs = (request.parser_context or {}).get("kwargs") or {}
    named = {str(kwargs["location_id"])} if "location_id" in kwargs else set()
    if request.query_params.get("location"):
        named.add(request.query_params["location"])
    if request.method not in ("GET", "HEAD", "OPTIONS", "DELETE") and isinstance(request.data, dict):
        if request.data.get("location"):
            named.add(str(request.data["location"]))
    return named


def _check_location(key, request) -> None:
    """A location-bound key reaches only its location's orders, zones and settings (locations.py)."""
    from . import locations

    kwargs = (request.parser_context or {}).get("kwargs") or {}
    if not locations.may_call(str(key.location_id), method=request.method, path=request.path, kwargs=kwargs,
                              named=_named_locations(request)):
        raise LocationNotAllowed()

