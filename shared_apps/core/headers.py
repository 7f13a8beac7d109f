"""Security headers Django sets itself, for development and for anything that reaches it without
Nginx. In production Nginx sets the same values (platform/nginx/templates/brigade-headers.inc);
Django's SecurityMiddleware and XFrameOptionsMiddleware add nosniff, Referrer-Policy and
X-Frame-Options, and HSTS only behind TLS (prod settings).

One Content-Security-Policy for the SPA, the API and the admin: scripts only from this origin,
never inline (Vite builds emit external module scripts); styles may be inline because Vue's
style bindings and Django's admin write `style` attributes, which only 'unsafe-inline' allows
for styles. The API docs pages (Swagger UI, ReDoc) load their bundles from jsDelivr, so their
paths get that origin too, and no more.
"""

from django.conf import settings


def _policy_for(path: str) -> str:
    if path.startswith(settings.API_DOCS_PATHS):
        return settings.CONTENT_SECURITY_POLICY_DOCS
    return settings.CONTENT_SECURITY_POLICY


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", _policy_for(request.path))
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
