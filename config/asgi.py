"""The ASGI application: WebSockets only (/ws/). HTTP is served by the WSGI server.

Measured (ARCHITECTURE.md): the same Django views answer 3-10x faster under WSGI than under
ASGI on this hardware, so the ASGI process exists for Channels alone.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django_asgi_app = get_asgi_application()  # sets up Django before consumers are imported

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from tenant_apps.realtime.auth import JwtAuthMiddleware  # noqa: E402
from tenant_apps.realtime.routing import websocket_urlpatterns  # noqa: E402
from tenants.asgi import TenantScopeMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Health checks reach the ASGI process too, so probes can watch it.
        "http": django_asgi_app,
        # Host → brand (refuses unknown and suspended), then JWT → user (refuses foreign tokens).
        "websocket": TenantScopeMiddleware(JwtAuthMiddleware(URLRouter(websocket_urlpatterns))),
    }
)
