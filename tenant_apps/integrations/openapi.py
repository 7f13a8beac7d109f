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
    """drf-spectacular postprocessing hook: `x-required-scopes` on every operation a key may call."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            try:
                scope = scopes.required_scope(method, path)
            except scopes.NotForKeys:
                continue
            operation["x-required-scopes"] = [scope]
            operation["description"] = (operation.get("description", "") + f"\n\nAPI keys need `{scope}`.").strip()
    return result
