from rest_framework import status

from shared_apps.core.errors import DomainError


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status_code = status.HTTP_401_UNAUTHORIZED
    detail = "E-mail or password is wrong."


class EmailTaken(DomainError):
    code = "email_taken"
    status_code = status.HTTP_409_CONFLICT
    detail = "An account with this e-mail already exists."


class ResetTokenInvalid(DomainError):
    code = "reset_token_invalid"
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "This reset link is not valid: it was used already, has expired, or belongs to another site."


class PasswordRejected(DomainError):
    code = "invalid_input"
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "Some fields are invalid."
