"""Liveness and readiness, served on every host without authentication."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse

from .errors import error_body


def healthz(request):
    """Liveness: the process answers. Checks no dependency on purpose."""
    return JsonResponse({"status": "ok"})


def _postgres_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def readyz(request):
    """Readiness: PostgreSQL and Redis answer; otherwise 503 naming what is down."""
    checks = {"postgres": _postgres_ok(), "redis": _redis_ok()}
    down = [name for name, ok in checks.items() if not ok]
    if down:
        detail = f"Not ready: {', '.join(down)} unreachable."
        return JsonResponse(error_body(status_code=503, code="dependency_down", detail=detail, down=down), status=503)
    return JsonResponse({"status": "ok", "checks": {name: "ok" for name in checks}})
