"""The Api-Key scheme, each operation's scope and the outgoing webhooks in the brand's OpenAPI
document (OpenAPI 3.1).

An operation that a key may call lists `ApiKeyAuth` with its scope in the security requirement
(3.1 allows scopes for any scheme), and names it again in `x-required-scopes` and its description
for tools that read only those (from scopes.RULES, the table the authentication reads). The
deliveries are the document's `webhooks`: one POST per event type, its body and signed headers.
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
            scope = scopes.required_scope(auto_schema.method, auto_schema.path)
        except scopes.NotForKeys:
            return None
        return {SCHEME: [scope]}


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
_TIME, _NULLABLE_TIME = {"type": "string", "format": "date-time"}, {"type": ["string", "null"], "format": "date-time"}
_NULLABLE_STR, _NULLABLE_INT = {"type": ["string", "null"]}, {"type": ["integer", "null"]}
_STAMP = {"tenant": {**_STR, "description": "The brand's slug."},
          "seq": {**_NULLABLE_INT, "description": "The order event's seq (order events only)."}}
WEBHOOK_SCHEMAS = {
    "WebhookOrderEventData": _object({**_STAMP, "order": _object({
        "id": _STR, "number": _INT, "status": _STR, "fulfillment": _STR, "location_id": _NULLABLE_STR,
        "total_cents": _INT, "currency": _STR, "placed_at": _NULLABLE_TIME}), "event": _object({
            "kind": _STR, "from_status": _STR, "to_status": _STR, "reason": _STR, "created": _TIME,
            "estimated_ready_at": _NULLABLE_TIME, "estimated_delivery_at": _NULLABLE_TIME})}),
    "WebhookItemAvailabilityData": _object({**_STAMP, "item_id": _STR, "available": _BOOL, "until": _NULLABLE_TIME,
                                            "location_id": _NULLABLE_STR}),
    "WebhookLocationPausedData": _object({**_STAMP, "location_id": _STR, "paused": _BOOL, "busy_mode": _STR}),
    "WebhookMenuUpdatedData": _object({**_STAMP, "change": {**_STR, "description": "The kind of row that changed."}}),
}
DATA_OF_TYPE = {
    "order.created": "WebhookOrderEventData", "order.status_changed": "WebhookOrderEventData",
    "order.eta_changed": "WebhookOrderEventData", "item.availability_changed": "WebhookItemAvailabilityData",
    "location.paused": "WebhookLocationPausedData", "location.resumed": "WebhookLocationPausedData",
    "menu.updated": "WebhookMenuUpdatedData",
}


_SIGNED_HEADERS = [
    {"name": "webhook-id", "in": "header", "required": True, "schema": _STR,
     "description": "The event's id (`evt_…`), the same on every retry: deduplicate by it."},
    {"name": "webhook-timestamp", "in": "header", "required": True, "schema": _INT,
     "description": "Unix seconds when this attempt was signed; refuse it when far from your clock."},
    {"name": "webhook-signature", "in": "header", "required": True, "schema": _STR,
     "description": "`v1,<base64 HMAC-SHA256 of \"id.timestamp.body\">`, space-separated, one per valid secret."},
]


def _webhook(event_type: str, data_schema: str) -> dict:
    return {"post": {
        "operationId": "webhook_" + event_type.replace(".", "_"),
        "summary": f"`{event_type}`, sent to every enabled endpoint subscribed to it",
        "parameters": _SIGNED_HEADERS,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            **_object({"type": {"type": "string", "const": event_type}, "timestamp": _TIME,
                       "data": {"$ref": f"#/components/schemas/{data_schema}"}})}}}},
        "responses": {
            "2XX": {"description": "Received: the delivery succeeded."},
            "410": {"description": "Gone: the endpoint is disabled and its pending deliveries fail."},
            "default": {"description": "Anything else: retried on the schedule (Retry-After is honoured)."},
        },
    }}


def add_webhook_payloads(result, generator, request, public):
    """drf-spectacular postprocessing hook: the webhook bodies as named component schemas and the
    document's `webhooks`: one POST per event type."""
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
    result["webhooks"] = {event_type: _webhook(event_type, name) for event_type, name in DATA_OF_TYPE.items()}
    return result
