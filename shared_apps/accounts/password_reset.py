"""Password reset by e-mail, on the host the account belongs to (a brand's, or the platform's).

The token is Django's `PasswordResetTokenGenerator` (an HMAC under SECRET_KEY with a timestamp),
bound here also to the schema it was issued in. It is:
- expiring: `PASSWORD_RESET_TIMEOUT` seconds (1 hour by default);
- single-use: the HMAC covers the password hash and the last sign-in, so the new password (a new
  salt even when the same one is chosen again) makes every token issued before it invalid; two
  confirmations at once are serialised by a row lock, so only one changes the password;
- host-bound: the schema is in the HMAC, and user ids are UUIDs, so a token from brand A names
  nobody on brand B or on the platform host.
No table holds tokens. What the client is given is `<user id, base64>.<token>`, in the link's
URL fragment (never a query string that a server log would keep), then in a POST body.
"""

import uuid

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django_tenants.utils import get_public_schema_name
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from . import signin_limit
from .errors import PasswordRejected, ResetTokenInvalid
from .models import User


class SchemaBoundResetTokens(PasswordResetTokenGenerator):
    key_salt = "brigade.accounts.password_reset"

    def _make_hash_value(self, user, timestamp):
        return f"{connection.schema_name}:{super()._make_hash_value(user, timestamp)}"


tokens = SchemaBoundResetTokens()


def make_token(user: User) -> str:
    return f"{urlsafe_base64_encode(force_bytes(user.pk))}.{tokens.make_token(user)}"


def _user_for(token: str) -> tuple[User | None, str]:
    encoded_id, _, secret = (token or "").partition(".")
    try:
        user_id = uuid.UUID(force_str(urlsafe_base64_decode(encoded_id)))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None, ""
    return User.objects.filter(pk=user_id, is_active=True).first(), secret


def may_reset(user: User) -> bool:
    """On the platform host only platform admins have accounts to reset (as only they sign in)."""
    return user.is_active and (connection.schema_name != get_public_schema_name() or user.is_staff)


def send_reset_email(email: str, *, page_url: str) -> bool:
    """E-mail the account `email` of the current schema a link to `page_url` (this host's reset
    page) with a token in its fragment; nothing for an unknown address. At most one e-mail per account every PASSWORD_RESET_EMAIL_INTERVAL seconds, so
    requests from many addresses cannot flood a mailbox. True when an e-mail was sent."""
    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None or not may_reset(user):
        return False
    # cache.add is atomic (SET NX): of concurrent requests for one account, one sends.
    if not cache.add(f"accounts:password-reset-sent:{user.pk}", 1, timeout=settings.PASSWORD_RESET_EMAIL_INTERVAL):
        return False
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    body = ("Someone (hopefully you) asked to reset the password of this account.\n\n"
            f"Choose a new password here (the link works once, for {minutes} minutes):\n  {page_url}#token={make_token(user)}\n\n"
            "If you did not ask, ignore this message: your password stays as it is.\n")
    send_mail("Reset your password", body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def reset_password(token: str, new_password: str) -> User:
    """Set the password of the token's account: ResetTokenInvalid if the token is unknown,
    expired, already used or from another host; PasswordRejected if Django's validators refuse
    the password (the token stays valid). Signs the account out everywhere (every refresh token
    is blacklisted) and clears its wrong-password count."""
    user, secret = _user_for(token)
    if user is None or not may_reset(user) or not tokens.check_token(user, secret):
        raise ResetTokenInvalid()
    try:
        password_validation.validate_password(new_password, user)
    except DjangoValidationError as exc:
        raise PasswordRejected(fields={"password": list(exc.messages)}) from None
    with transaction.atomic():
        # Locked and checked again: of two confirmations at once, the second sees the new hash and fails.
        user = User.objects.select_for_update().get(pk=user.pk)
        if not tokens.check_token(user, secret):
            raise ResetTokenInvalid()
        user.set_password(new_password)
        user.save(update_fields=["password"])
        outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
        BlacklistedToken.objects.bulk_create([BlacklistedToken(token=row) for row in outstanding], ignore_conflicts=True)
    signin_limit.succeeded(user.email)
    return user
