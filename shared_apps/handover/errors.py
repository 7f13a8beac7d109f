from shared_apps.core.errors import DomainError


class HandoverInvalid(DomainError):
    """One answer for a code that is unknown, used, expired or for another brand: the caller
    learns nothing about which."""

    code = "handover_invalid"
    detail = "This sign-in link is invalid, already used or expired. Sign in with your e-mail and password."
