"""API keys: create, revoke, and find the key a request presents.

A key is `bk_live_` + 43 URL-safe characters (256 random bits). The prefix makes a leaked key
recognisable to secret scanners and to support; the first characters after it are kept in clear
(`ApiKey.prefix`) so an owner can tell keys apart.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shared_apps.accounts.models import User
from tenants.audit import Actor

from . import audit
from .models import ApiKey

KEY_PREFIX = "bk_live_"
_SHOWN_CHARS = 8
# last_used_at/ip are written at most this often per key: a key used 100 times a second must not
# turn every read into a write.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def hash_key(raw: str) -> str:
    """HMAC-SHA256 of the key under a server-side secret.

    A fast hash is right here, unlike for passwords: a key has 256 random bits, so no guessing
    attack gets anywhere whatever the hash costs, and a slow hash (argon2: tens of ms) would be
    paid on every API request. Being fast and deterministic, it is also the lookup key (a unique
    index), so finding a key is one indexed read with no timing difference between near misses.
    Keyed, so a copy of the database alone cannot even test a candidate key.
    """
    return hmac.new(settings.API_KEY_HASH_SECRET.encode(), raw.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    secret: str  # shown once, never stored


def create_key(*, name: str, scopes: list[str], by: User, actor: Actor, expires_at=None, location=None,
               rate_limit_per_minute: int | None = None) -> CreatedKey:
    """A new key acting for `by` (an owner) within `scopes`; the secret is in the result only."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        key = ApiKey.objects.create(
            name=name, prefix=secret[: len(KEY_PREFIX) + _SHOWN_CHARS], hashed_key=hash_key(secret),
            scopes=sorted(set(scopes)), expires_at=expires_at, location=location, created_by=by,
            rate_limit_per_minute=rate_limit_per_minute or settings.API_KEY_DEFAULT_RATE_PER_MINUTE,
        )
        audit.record("api_key.created", actor, f"api_key:{key.pk}", {"name": name, "scopes": key.scopes, "prefix": key.prefix,
                                              "location": str(location.pk) if location else None,
                                              "expires_at": expires_at.isoformat() if expires_at else None})
    return CreatedKey(key, secret)


def revoke_key(key: ApiKey, *, actor: Actor) -> ApiKey:
    """Revoke at once; revoking twice keeps the first time."""
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit.record("api_key.revoked", actor, f"api_key:{key.pk}", {"prefix": key.prefix})
    return key


def key_for_secret(secret: str, *, now) -> ApiKey | None:
    """The usable key with this secret in the current brand, or None (unknown, revoked, expired,
    another brand's, or its creator is no longer an active owner)."""
    if not secret.startswith(KEY_PREFIX):
        return None
    key = ApiKey.objects.select_related("created_by").filter(hashed_key=hash_key(secret)).first()
    if key is None or not key.is_usable_at(now):
        return None
    owner = key.created_by
    if owner is None or not owner.is_active or owner.role != User.Role.OWNER:
        return None
    return key


def mark_used(key: ApiKey, *, ip: str | None, now) -> None:
    """Record when and from where the key was last used, at most once a minute per key and address."""
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_RESOLUTION and key.last_used_ip == ip:
        return
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now, last_used_ip=ip)

