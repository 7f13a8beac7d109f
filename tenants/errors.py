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
