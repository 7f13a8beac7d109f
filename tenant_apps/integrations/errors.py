"""The integrations app's domain errors (those of key authentication are in authentication.py)."""

from rest_framework import status

from shared_apps.core.errors import DomainError


class InvalidEndpointUrl(DomainError):
    code = "invalid_webhook_url"
    detail = "The endpoint URL is not allowed."


class UnknownEventType(DomainError):
    code = "unknown_event_type"
    detail = "Unknown webhook event type."


class NotFoundHere(DomainError):
    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    detail = "No such object here."
