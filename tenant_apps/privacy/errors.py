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
