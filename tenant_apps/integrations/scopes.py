"""Which scope an API key needs for each operation: the one table, read by the authentication
(authentication.py) and by the OpenAPI document (openapi.py).

Keyed by path prefix (the paths are the public contract, API.md) so that no other app has to
know API keys exist. An operation that is in no row cannot be called with a key at all: managing
keys, staff, domains and billing stays with people.
"""

from dataclasses import dataclass

from rest_framework.permissions import SAFE_METHODS

SCOPES = ("menu:read", "menu:write", "orders:read", "orders:write", "reports:read", "webhooks:write")


@dataclass(frozen=True)
class Rule:
    prefix: str
    read: str
    write: str | None  # None: the area has no writes a key may make


_MENU = ("locations", "delivery-zones", "menus", "categories", "items", "modifier-groups", "modifiers")
RULES = (
    *(Rule(f"/api/v1/manage/{area}/", "menu:read", "menu:write") for area in _MENU),
    Rule("/api/v1/manage/orders/", "orders:read", "orders:write"),
    Rule("/api/v1/manage/reports/", "reports:read", None),
    Rule("/api/v1/manage/webhooks/", "webhooks:write", "webhooks:write"),
)


class NotForKeys(Exception):
    """No key may call this operation."""


def required_scope(method: str, path: str) -> str:
    """The scope a key needs to call `method path`; NotForKeys if keys may not call it."""
    for rule in RULES:
        if path.startswith(rule.prefix):
            scope = rule.read if method.upper() in SAFE_METHODS else rule.write
            if scope is None:
                raise NotForKeys(path)
            return scope
    raise NotForKeys(path)
