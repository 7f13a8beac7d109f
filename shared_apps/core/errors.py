"""One error format for the whole API: {"type", "code", "detail", "fields"}.

Services raise `DomainError` subclasses with a stable code and an HTTP status; DRF's own
exceptions (validation, auth, permission, not found, throttling) are mapped to the same shape
here, once. Views never build error bodies by hand.
"""

import sys

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback


class DomainError(Exception):
    """A rule of the domain was broken; `code` is stable and documented, `detail` is for people."""

    code = "domain_error"
    status_code = status.HTTP_400_BAD_REQUEST
    detail = "The request breaks a rule."

    def __init__(self, detail: str | None = None, *, fields: dict | None = None, extra: dict | None = None):
        self.detail = detail or self.detail
        self.fields = fields or {}
        self.extra = extra or {}
        super().__init__(self.detail)


def error_body(*, status_code: int, code: str, detail: str, fields: dict | None = None, **extra) -> dict:
    error_type = "validation_error" if fields else ("server_error" if status_code >= 500 else "client_error")
    return {"type": error_type, "code": code, "detail": detail, "fields": fields or {}, **extra}


def flatten_fields(data) -> dict:
    """DRF's nested error dict → {"field": ["message", ...], "items.0.quantity": [...]}."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
            for index, inner in enumerate(value):
                if inner:
                    walk(f"{prefix}.{index}" if prefix else str(index), inner)
        else:
            messages = value if isinstance(value, list) else [value]
            flat.setdefault(prefix or "non_field_errors", []).extend(str(m) for m in messages)

    walk("", data)
    return flat


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def api_exception_handler(exc, context):
    """DRF EXCEPTION_HANDLER: every error leaves as {"type", "code", "detail", "fields"}."""
    if isinstance(exc, DomainError):
        set_rollback()
        body = error_body(status_code=exc.status_code, code=exc.code, detail=exc.detail, fields=exc.fields, **exc.extra)
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: let Django's 500 handler answer (JSON, see server_error below)

    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_fields(exc.detail)
        body = error_body(status_code=exc.status_code, code="invalid_input", detail="Some fields are invalid.", fields=fields)
    else:
        detail = exc.detail
        if isinstance(detail, dict):  # simplejwt puts {"detail", "code", "messages"} here
            messages = detail.get("messages") or []
            first = messages[0].get("message") if messages and isinstance(messages[0], dict) else None
            text = str(first or detail.get("detail", exc.default_detail))
        elif isinstance(detail, list):
            text = " ".join(str(d) for d in detail)
        else:
            text = str(detail)
        code = detail.get("code", _code_of(exc)) if isinstance(detail, dict) else _code_of(exc)
        # An exception may name what the client needs to know besides the code (`required_scope`).
        body = error_body(status_code=exc.status_code, code=str(code), detail=text, **getattr(exc, "extra", {}))
    return Response(body, status=exc.status_code, headers=headers)


# Django-level handlers for whatever never reaches DRF (unknown paths, crashes): JSON, not HTML.
def bad_request(request, exception=None):
    return JsonResponse(error_body(status_code=400, code="bad_request", detail="Bad request."), status=400)


def permission_denied(request, exception=None):
    return JsonResponse(error_body(status_code=403, code="permission_denied", detail="Permission denied."), status=403)


def page_not_found(request, exception=None):
    return JsonResponse(error_body(status_code=404, code="not_found", detail="No such path."), status=404)


def server_error(request):
    """Django's handler500, called while the exception is being handled: a lost database
    connection (PostgreSQL restarting, failing over, a terminated backend) is a 503 the client
    may retry, with the same Idempotency-Key; its transaction was rolled back whole."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        body = error_body(status_code=503, code="database_unavailable", detail="The database is unreachable; try again.")
        return JsonResponse(body, status=503, headers={"Retry-After": "1"})
    return JsonResponse(error_body(status_code=500, code="server_error", detail="Something went wrong on our side."), status=500)
