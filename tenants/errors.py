from rest_framework import status

from shared_apps.core.errors import DomainError


class InvalidSlug(DomainError):
    code = "invalid_slug"
    detail = "That address cannot be used."


class SlugTaken(DomainError):
    code = "slug_taken"
    status_code = status.HTTP_409_CONFLICT
    detail = "That address is already taken."


class TenantSuspended(DomainError):
    code = "tenant_suspended"
    status_code = status.HTTP_403_FORBIDDEN
    detail = "This brand is not taking orders or changes right now."


class ProvisioningNotReady(DomainError):
    code = "provisioning_not_ready"
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    detail = "New brands cannot be created until the platform's migrations have run."


class InvalidTenantSetting(DomainError):
    code = "invalid_setting"
    detail = "A brand setting is invalid."


class InvalidLogo(DomainError):
    code = "invalid_logo"
    detail = "The logo must be a PNG, JPEG, WebP or GIF image within the size limit."


class InvalidDomain(DomainError):
    code = "invalid_domain"
    detail = "That host name cannot be used."


class DomainTaken(DomainError):
    code = "domain_taken"
    status_code = status.HTTP_409_CONFLICT
    detail = "That domain is already in use on the platform."


class DomainLimitReached(DomainError):
    code = "domain_limit"
    status_code = status.HTTP_403_FORBIDDEN
    detail = "This brand has as many custom domains as it may have."


class DomainNotFound(DomainError):
    code = "domain_not_found"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "This brand has no such custom domain."


class DomainNotVerified(DomainError):
    code = "domain_not_verified"
    status_code = status.HTTP_409_CONFLICT
    detail = "The verification TXT record was not found (DNS changes can take a while to appear)."
