from rest_framework import status

from shared_apps.core.errors import DomainError


class TenantNotFound(DomainError):
    code = "tenant_not_found"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "There is no brand with that slug."


class InvalidStatusChange(DomainError):
    code = "invalid_status_change"
    status_code = status.HTTP_409_CONFLICT
    detail = "The brand's status does not allow this."


class NoOwner(DomainError):
    code = "no_owner"
    status_code = status.HTTP_409_CONFLICT
    detail = "The brand has no active owner to impersonate."
