from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY
from .env import env_bool, env_int, env_str

DEBUG = False
if SECRET_KEY.startswith("dev-insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")

# Nginx terminates TLS; Django trusts X-Forwarded-Proto only because only Nginx reaches it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)  # Nginx sends HSTS
TENANT_URL_SCHEME = env_str("TENANT_URL_SCHEME", "https")
TENANT_URL_PORT = env_str("TENANT_URL_PORT", "")
