"""Shared pieces of the OpenAPI document: the one error shape and its common responses."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "type": serializers.ChoiceField(choices=["validation_error", "client_error", "server_error"]),
        "code": serializers.CharField(help_text="Stable, machine-readable error code."),
        "detail": serializers.CharField(help_text="Human-readable explanation."),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Per-field messages for validation errors; empty otherwise.",
        ),
    },
)

_DESCRIPTIONS = {
    400: "Invalid input (code `invalid_input` with `fields`, or a domain code).",
    401: "Missing, expired or foreign token (a token is valid only on the host that issued it).",
    402: "The payment was declined (`payment_failed`).",
    403: "Not allowed for this role, or the brand is suspended (`tenant_suspended`).",
    404: "No such object here.",
    409: "Conflicts with the current state.",
    422: "Unprocessable.",
    429: "Too many requests (`throttled`); see Retry-After.",
    503: "A dependency is down.",
}


def errors(*statuses: int) -> dict:
    """`responses=` entries for the given error statuses, all with the shared error body."""
    return {code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]) for code in statuses}


def paginated(serializer_class) -> serializers.Serializer:
    """The documented body of a list (API.md: `count`, `next`, `previous`, `results`) for views that
    build it themselves instead of through a pagination class."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return inline_serializer(name=f"Paginated{name}List", fields={
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer_class(many=True),
    })


# Answers any operation can give before its view runs (shared_apps/core/middleware.py, parsers.py):
# a malformed request (a NUL in the query, a body the parser refuses) and a body over the limit.
_REFUSALS = {
    "400": "Malformed request: a NUL in the path or query (`invalid_characters`), or a body the JSON parser "
           "refuses (`parse_error`).",
    "413": "The body is larger than the limit (`request_too_large`).",
}


def declare_refusals(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation declares the refusals of the request
    layer (400, and 413 where it takes a body), so a client and a schema check expect them."""
    error = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in _REFUSALS.items():
                if status == "413" and "requestBody" not in operation:
                    continue
                responses.setdefault(status, {"description": description, "content": {"application/json": {"schema": error}}})
    return result
