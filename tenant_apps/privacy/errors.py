from rest_framework import status

from shared_apps.core.errors import DomainError


class PasswordIncorrect(DomainError):
    code = "password_incorrect"
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "The password is not right."


class OpenOrders(DomainError):
    code = "open_orders"
    status_code = status.HTTP_409_CONFLICT
    detail = "The account has orders that are not finished yet; delete it once they are delivered or cancelled."


class ExportInProgress(DomainError):
    code = "export_in_progress"
    status_code = status.HTTP_409_CONFLICT
    detail = "An export of this brand is being built; wait for it to finish."


class ExportNotFound(DomainError):
    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "No such export here."


class ExportNotReady(DomainError):
    code = "export_not_ready"
    status_code = status.HTTP_409_CONFLICT
    detail = "The export is not finished (see its `status`)."


class ConfirmationMismatch(DomainError):
    code = "confirmation_mismatch"
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "Type the brand's address (its slug) to confirm."


class AlreadyClosed(DomainError):
    code = "already_closed"
    status_code = status.HTTP_409_CONFLICT
    detail = "The brand is already closed."
