from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DJANGO_DEBUG", False)  # on request: DEBUG pages are HTML, the API contract is JSON
REALTIME_PORT = env_str("REALTIME_PORT", "8001")
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", True)  # a receiver on the developer's machine
