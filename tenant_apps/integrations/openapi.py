"""The Api-Key scheme and each operation's scope in the brand's OpenAPI document.

OpenAPI 3.0 lets only OAuth2 security requirements list scopes, so an operation that a key may
call lists `ApiKeyAuth` with no scopes and names its scope in `x-required-scopes` and in its
description (from scopes.RULES, the table the authentication reads).
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from . import scopes

SCHEME = "ApiKeyAuth"


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "tenant_apps.integrations.authentication.ApiKeyAuthentication"
    name = SCHEME

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey", "in": "header", "name": "Authorization",
            "description": "`Authorization: Api-Key bk_live_…` — an integration's key from /api/v1/manage/api-keys/. "
            "Each operation that accepts keys names the scope it needs in `x-required-scopes`; a key without "
            "it gets 403 `insufficient_scope` with `required_scope`.",
        }

    def get_security_requirement(self, auto_schema):
        try:
            scopes.required_scope(auto_schema.method, auto_schema.path)
        except scopes.NotForKeys:
            return None
        return {SCHEME: []}


def add_required_scopes(result, generator, request, public):
    """drf-spectacular postprocessing hook: `x-required-scopes` (and the key's 429) on every operation a
    key may call."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            try:
                scope = scopes.required_scope(method, path)
            except scopes.NotForKeys:
                continue
            operation["x-required-scopes"] = [scope]
            operation.setdefault("responses", {}).setdefault("429", {
                "description": "The API key's rate is used up (`rate_limited`); see Retry-After.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
            operation["description"] = (operation.get("description", "") + f"\n\nAPI keys need `{scope}`.").strip()
    return result


def _object(properties: dict, required=None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


_STR, _INT, _BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
_TIME, _NULLABLE_TIME = {"type": "string", "format": "date-time"}, {"type": "string", "format": "date-time", "nullable": True}
_STAMP = {"tenant": {**_STR, "description": "The brand's slug."},
          "seq": {**_INT, "nullable": True, "description": "The order event's seq (order events only)."}}
WEBHOOK_SCHEMAS = {
    "WebhookOrderEventData": _object({**_STAMP, "order": _object({
        "id": _STR, "number": _INT, "status": _STR, "fulfillment": _STR, "location_id": {**_STR, "nullable": True},
        "total_cents": _INT, "currency": _STR, "placed_at": _NULLABLE_TIME}), "event": _object({
            "kind": _STR, "from_status": _STR, "to_status": _STR, "reason": _STR, "created": _TIME,
            "estimated_ready_at": _NULLABLE_TIME, "estimated_delivery_at": _NULLABLE_TIME})}),
    "WebhookItemAvailabilityData": _object({**_STAMP, "item_id": _STR, "available": _BOOL, "until": _NULLABLE_TIME,
                                            "location_id": {**_STR, "nullable": True}}),
    "WebhookLocationPausedData": _object({**_STAMP, "location_id": _STR, "paused": _BOOL, "busy_mode": _STR}),
    "WebhookMenuUpdatedData": _object({**_STAMP, "change": {**_STR, "description": "The kind of row that changed."}}),
}
DATA_OF_TYPE = {
    "order.created": "WebhookOrderEventData", "order.status_changed": "WebhookOrderEventData",
    "order.eta_changed": "WebhookOrderEventData", "item.availability_changed": "WebhookItemAvailabilityData",
    "location.paused": "WebhookLocationPausedData", "location.resumed": "WebhookLocationPausedData",
    "menu.updated": "WebhookMenuUpdatedData",
}


def add_webhook_payloads(result, generator, request, public):
    """drf-spectacular postprocessing hook: the webhook bodies as named component schemas (the
    document is OpenAPI 3.0, which has no `webhooks` section) and `x-webhooks`: event type → body."""
    if "/api/v1/manage/webhooks/" not in result.get("paths", {}):
        return result  # the platform host's document
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(WEBHOOK_SCHEMAS)
    schemas["WebhookPayload"] = {
        **_object({"type": {"type": "string", "enum": list(DATA_OF_TYPE)}, "timestamp": _TIME,
                   "data": {"oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in WEBHOOK_SCHEMAS]}}),
        "description": "The JSON body of every delivery, signed per Standard Webhooks (webhook-id, "
        "webhook-timestamp, webhook-signature headers).",
    }
    result["x-webhooks"] = {event_type: {"$ref": f"#/components/schemas/{name}"} for event_type, name in DATA_OF_TYPE.items()}
    return result
