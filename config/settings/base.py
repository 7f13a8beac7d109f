"""Settings shared by every environment. Values come from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-secret-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)

# Every host is answered by tenants.middleware.TenantHostMiddleware, first in the chain: a host
# without a Domain row that is not a platform host gets a JSON 404 before anything can use it
# to build a link. A fixed ALLOWED_HOSTS cannot list custom domains (pitfall 11).
ALLOWED_HOSTS = ["*"]
BASE_DOMAIN = env_str("BASE_DOMAIN", "localhost")
PLATFORM_HOSTS = env_list("PLATFORM_HOSTS", "localhost,127.0.0.1")
PLATFORM_URL = env_str("PLATFORM_URL", "http://localhost:8000")
TENANT_URL_SCHEME = env_str("TENANT_URL_SCHEME", "http")
TENANT_URL_PORT = env_str("TENANT_URL_PORT", "8000")
# Where clients open WebSockets: empty means "the same origin" (behind Nginx); in development
# the ASGI server listens on its own port.
REALTIME_PORT = env_str("REALTIME_PORT", "")

SHARED_APPS = [
    "tenants",  # before django_tenants, so its create_tenant command is the one operators get
    "django_tenants",
    "shared_apps.accounts",
    "shared_apps.onboarding",
    "shared_apps.billing",
    "shared_apps.scheduling",
    "shared_apps.platform_admin",
    "shared_apps.handover",
    "shared_apps.observability",
    "shared_apps.demo",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "dj_rest_auth",
    "drf_spectacular",
    "django_prometheus",
    "channels",
    "django_celery_beat",
]
# Users, and everything that points at a user (auth, sessions, admin log, JWT blacklist), live in
# every schema: a tenant's staff and customers in its own schema (pitfall 2).
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin",
    "shared_apps.accounts",
    "rest_framework_simplejwt.token_blacklist",
    "tenant_apps.catalog",
    "tenant_apps.orders",
    "tenant_apps.realtime",
    "tenant_apps.reports",
    "tenant_apps.integrations",
    "tenant_apps.privacy",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
TENANT_LIMIT_SET_CALLS = False  # pitfall 7 (#1262); tenants.postgresql_backend skips SETs safely instead
TENANT_TEMPLATE_SCHEMA = "tenant_template"
TENANT_SPARE_POOL_SIZE = env_int("TENANT_SPARE_POOL_SIZE", 5)
# Host → tenant lookups are cached in Redis (tenants/routing.py); 0 turns the cache off.
TENANT_HOST_CACHE_SECONDS = env_int("TENANT_HOST_CACHE_SECONDS", 300)
ROOT_URLCONF = "config.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"

MIDDLEWARE = [
    "shared_apps.core.middleware.RequestLimitsMiddleware",  # body size, NUL in the URL: before routing
    "shared_apps.core.middleware.NoStoreWithCredentialsMiddleware",
    "tenants.middleware.TenantHostMiddleware",
    "tenants.middleware.SuspendedTenantMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # admin and API docs assets from the WSGI server
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shared_apps.core.middleware.ErrorLanguageMiddleware",  # DRF's own messages in the client's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shared_apps.core.headers.SecurityHeadersMiddleware",  # CSP, Permissions-Policy (Nginx sets the same)
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
# The largest body any endpoint takes: an item image (2 MB) in a multipart form. Nginx's
# client_max_body_size is the same; larger is 413 (shared_apps/core/middleware.py).
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 3 * 1024 * 1024)
# An API path without its slash is a clear 404, not a redirect that drops a POST body.
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASE_URL = env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brigade")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
DATABASES["default"]["ENGINE"] = "tenants.postgresql_backend"  # django-tenants minus needless SETs
# A persistent connection that PostgreSQL ended (a restart, a failover, pg_terminate_backend) is
# found at the start of the next request and replaced, instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", True)
# Parameters bound by the server, and a statement run 5 times on a connection is prepared there
# (psycopg's own threshold; Django's default is never): a checkout's PostgreSQL CPU halves. Safe
# with schemas: PostgreSQL re-parses a prepared statement when search_path has changed. Needs a
# session-mode pooler, as search_path already does (ARCHITECTURE.md, pitfall 7).
# Added to the URL's own options (?sslmode=require, ?application_name=...), which this line
# used to replace.
DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "server_side_binding": True, "prepare_threshold": 5}
ORIGINAL_BACKEND = "django_prometheus.db.backends.postgresql"  # pitfall 9
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "shared_apps.core.cache.FastRedisCache",  # Django's, reusing its client (see there)
        "LOCATION": REDIS_URL,
        # Every cache key carries the schema it was written in (pitfall 6).
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "brigade"),
    }
}

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            # redis-py caps an asyncio pool at 100 connections; a few hundred sockets joining
            # groups at once then fail with MaxConnectionsError (pitfall 10).
            # And redis-py 8's default socket timeout (5 s) equals channels-redis' blocking read
            # (BZPOPMIN, 5 s): an idle consumer's read then times out and the consumer dies.
            "hosts": [{"address": REDIS_URL, "max_connections": env_int("CHANNEL_LAYER_MAX_CONNECTIONS", 1000),
                       "socket_timeout": env_int("CHANNEL_LAYER_SOCKET_TIMEOUT", 15)}],
            "prefix": "brigade",
        },
    }
}

# WebSocket streams (tenant_apps/realtime): heartbeat, idle limit, longest replay before a snapshot.
REALTIME_HEARTBEAT_SECONDS = env_int("REALTIME_HEARTBEAT_SECONDS", 20)
REALTIME_IDLE_TIMEOUT_SECONDS = env_int("REALTIME_IDLE_TIMEOUT_SECONDS", 50)
REALTIME_REPLAY_LIMIT = env_int("REALTIME_REPLAY_LIMIT", 1000)

AUTH_USER_MODEL = "accounts.User"
# Argon2id at OWASP's minimum first (shared_apps/accounts/hashers.py says why); the others verify
# older hashes, which Django re-hashes with the first on the next sign-in.
PASSWORD_HASHERS = [
    "shared_apps.accounts.hashers.Argon2idOwaspHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password reset links (shared_apps/accounts/password_reset.py): valid this long, and at most one
# e-mail per account this often, however many addresses ask.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
PASSWORD_RESET_EMAIL_INTERVAL = env_int("PASSWORD_RESET_EMAIL_INTERVAL", 120)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# What an API response's built-in messages (DRF's "This field is required.") may be written in:
# the languages of the front end, which sends its own as Accept-Language. Brigade's own error
# details stay English; the front end words the ones customers meet by their `code`.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("it", "Italiano")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # no collectstatic needed in development and tests
# The built Vue app (frontend/dist; issue 13). index.html goes through shared_apps.spa (the SPA
# fallback, the brand's theme in its head); WhiteNoise serves the rest of the build at the site
# root, Vite's content-hashed /assets/ with a year-long immutable cache. Read at start: a build
# made while the server runs is served after a restart (`make run` builds before it starts).
FRONTEND_DIST = Path(env_str("FRONTEND_DIST", str(BASE_DIR / "frontend" / "dist")))
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/assets/"


def _index_html_is_revalidated(headers, path, url):
    if url.endswith("/index.html"):
        headers["Cache-Control"] = "no-cache"


WHITENOISE_ADD_HEADERS_FUNCTION = _index_html_is_revalidated
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["shared_apps.core.parsers.JSONParser"],  # refuses NUL, surrogates, >64-bit ints
    "DEFAULT_PAGINATION_CLASS": "shared_apps.core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "shared_apps.core.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "login": env_str("THROTTLE_LOGIN", "10/min"),
        "register": env_str("THROTTLE_REGISTER", "20/hour"),
        "signup": env_str("THROTTLE_SIGNUP", "10/hour"),
        "slug_check": env_str("THROTTLE_SLUG_CHECK", "60/min"),
        "handover": env_str("THROTTLE_HANDOVER", "30/min"),
        "signin_links": env_str("THROTTLE_SIGNIN_LINKS", "5/hour"),
        # Per client: the signed-in account (per brand) or, for guests, the address.
        "quote": env_str("THROTTLE_QUOTE", "60/min"),
        "checkout": env_str("THROTTLE_CHECKOUT", "10/min"),
        "password_reset": env_str("THROTTLE_PASSWORD_RESET", "5/hour"),
    },
    # How many proxies (Nginx: 1) add X-Forwarded-For entries in front of us; the client address is
    # the entry the outermost one added. 0 (development: nobody in front) uses REMOTE_ADDR and
    # ignores the header. Never None: DRF would then trust the whole header, which anyone can send.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
}

SIMPLE_JWT = {
    # Short: an access token is not revoked by sign-out (stateless; docs/decisions.md, "Hardening").
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 5)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "SIGNING_KEY": env_str("JWT_SIGNING_KEY", SECRET_KEY),
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Every token names the schema it was issued in and is refused anywhere else (pitfall 3).
    "AUTH_TOKEN_CLASSES": ("shared_apps.accounts.tokens.SchemaBoundAccessToken",),
    "TOKEN_OBTAIN_SERIALIZER": "shared_apps.accounts.serializers.SchemaBoundTokenObtainSerializer",
    "UPDATE_LAST_LOGIN": True,
}
REST_AUTH = {
    "USE_JWT": True,
    "TOKEN_MODEL": None,
    "JWT_AUTH_HTTPONLY": False,
    "JWT_TOKEN_CLAIMS_SERIALIZER": "shared_apps.accounts.serializers.SchemaBoundTokenObtainSerializer",
    "LOGIN_SERIALIZER": "shared_apps.accounts.serializers.EmailLoginSerializer",
    "USER_DETAILS_SERIALIZER": "shared_apps.accounts.serializers.UserSerializer",
    "SESSION_LOGIN": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Brigade API",
    "DESCRIPTION": (
        "Brigade serves two documents from one path: on the platform host, /api/schema/ describes "
        "the platform API (plans, sign-up, platform admin); on a brand's host it describes that "
        "brand's API (storefront, ordering, staff, integrations). Errors always have the shape "
        '{"type", "code", "detail", "fields"}.'
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",  # webhooks, and scopes on the API-key scheme (docs/decisions.md)
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long Redis keeps a taken, unacknowledged message before giving it to another worker: after
# a worker is killed (acks_late), its task runs again once this has passed. Workers look for such
# messages when they start and then every CELERY_RESTORE_SECONDS (kombu's default is a scan every
# 10th 10 s tick: 100 s, which is nothing next to an hour). A scan at start that comes before the
# timeout has passed finds nothing; the message waits for the next scan.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_RESTORE_SECONDS", 100), "unacked_restore_throttle": 1,
}
CELERY_TASK_SERIALIZER = "json"
# Where tasks go unless routed elsewhere; several stacks sharing one Redis (the platform tests)
# each use their own.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_RESULT_EXPIRES = 3600
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "refill-spare-tenant-schemas": {"task": "tenants.tasks.refill_spare_pool", "schedule": 60.0},
}
# Worker-side gauges (shared_apps/observability/tasks.py). A tick that waited in the queue longer
# than a period expires instead of piling up; the heartbeat alert then sees the queue is stuck.
METRICS_BEAT_SECONDS = env_int("METRICS_BEAT_SECONDS", 60)
CELERY_BEAT_SCHEDULE["beat-heartbeat"] = {
    "task": "observability.beat_heartbeat", "schedule": float(METRICS_BEAT_SECONDS),
    "options": {"expires": METRICS_BEAT_SECONDS},
}
CELERY_BEAT_SCHEDULE["refresh-tenants-gauge"] = {
    "task": "observability.refresh_tenants_gauge", "schedule": float(METRICS_BEAT_SECONDS),
    "options": {"expires": METRICS_BEAT_SECONDS},
}

SESSION_COOKIE_HTTPONLY = True
# Admin sessions: read from Redis, written through to the schema's own django_session table (the
# cache key carries the schema, KEY_FUNCTION above, so a session never reaches another host).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# shared_apps/core/headers.py says why these values; Nginx sends the same (brigade-headers.inc).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data: https:; font-src 'self'; connect-src 'self' ws: wss:; "
                           "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")
CONTENT_SECURITY_POLICY_DOCS = ("default-src 'self'; script-src 'self' https://cdn.jsdelivr.net; "
                                "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
                                "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://cdn.jsdelivr.net; "
                                "worker-src blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
                                "form-action 'self'; object-src 'none'")
API_DOCS_PATHS = ("/api/docs/", "/api/redoc/")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(self)"
# Never SESSION_COOKIE_DOMAIN: a session must not travel between brands (pitfall 2).
CSRF_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"schema": {"()": "shared_apps.core.logging.SchemaFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(schema)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["schema"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every step of every invoice PDF at INFO; its warnings still show.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

# After a sign-up claims a spare schema, queue a refill of the pool (beat also refills every minute).
TENANT_REFILL_AFTER_CLAIM = env_bool("TENANT_REFILL_AFTER_CLAIM", True)

# E-mail (order notifications): console in development; set EMAIL_BACKEND and EMAIL_* for SMTP.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Brigade <orders@brigade.test>")

# The simulated card gateway signs its webhooks with this secret (tenant_apps/orders/payments.py).
PAYMENT_SIMULATOR_WEBHOOK_SECRET = env_str("PAYMENT_SIMULATOR_WEBHOOK_SECRET", "dev-simulated-gateway-secret")
# Checkout Idempotency-Key rows are kept at least this long (beat purges older ones hourly).
IDEMPOTENCY_KEY_TTL_HOURS = env_int("IDEMPOTENCY_KEY_TTL_HOURS", 48)
CELERY_BEAT_SCHEDULE["purge-idempotency-keys"] = {"task": "orders.purge_idempotency_keys_everywhere", "schedule": 3600.0}
# Order e-mails whose task could not be queued (Redis down) are found in the events and sent by
# this sweep (tenant_apps/orders/notifications.py, missed_emails).
ORDER_EMAIL_SWEEP_SECONDS = env_int("ORDER_EMAIL_SWEEP_SECONDS", 300)
ORDER_EMAIL_SWEEP_GRACE_SECONDS = env_int("ORDER_EMAIL_SWEEP_GRACE_SECONDS", 60)
ORDER_EMAIL_SWEEP_HOURS = env_int("ORDER_EMAIL_SWEEP_HOURS", 24)
ORDER_EMAIL_SWEEP_LIMIT = env_int("ORDER_EMAIL_SWEEP_LIMIT", 2000)
CELERY_BEAT_SCHEDULE["send-missed-order-emails"] = {
    "task": "orders.send_missed_emails_everywhere", "schedule": float(ORDER_EMAIL_SWEEP_SECONDS),
    "options": {"expires": ORDER_EMAIL_SWEEP_SECONDS},
}

# Billing, onboarding, branding, custom domains (issue 3).
BILLING_DEFAULT_PLAN = env_str("BILLING_DEFAULT_PLAN", "starter")
BRAND_LOGO_MAX_BYTES = env_int("BRAND_LOGO_MAX_BYTES", 512 * 1024)
BRAND_CACHE_SECONDS = env_int("BRAND_CACHE_SECONDS", 300)
TENANT_MAX_CUSTOM_DOMAINS = env_int("TENANT_MAX_CUSTOM_DOMAINS", 5)
# How custom domains are verified: a function (name) -> list of TXT strings (tenants.dns).
DOMAIN_TXT_RESOLVER = env_str("DOMAIN_TXT_RESOLVER", "tenants.dns.resolve_txt")
IMPERSONATION_MINUTES = env_int("IMPERSONATION_MINUTES", 15)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update({
    "TenantStatusEnum": "tenants.models.Tenant.Status",
    "InvoiceStatusEnum": "shared_apps.billing.models.Invoice.Status",
    "SubscriptionStatusEnum": "shared_apps.billing.models.Subscription.Status",
    "UserRoleEnum": "shared_apps.accounts.models.User.Role",
    "StaffRoleEnum": "shared_apps.onboarding.serializers.ASSIGNABLE_ROLE_CHOICES",
    "OrderStatusEnum": "tenant_apps.orders.states.Status",
    "PaymentStatusEnum": "tenant_apps.orders.models.Payment.Status",
    "OrderFulfillmentEnum": "tenant_apps.orders.models.Order.Fulfillment",
    "DeliveryZoneKindEnum": "tenant_apps.catalog.models.DeliveryZone.Kind",
    "OrderEventKindEnum": "tenant_apps.orders.models.OrderEvent.Kind",
})
# The billing cycle (ended trials, invoices, dunning) is a scheduled per-tenant job (billing.cycle).
BILLING_ISSUER = env_str("BILLING_ISSUER", "BRG")  # invoice numbers: BRG-000001, gapless per issuer
BILLING_GRACE_DAYS = env_int("BILLING_GRACE_DAYS", 7)  # due after this; past due, then suspended after as long again
BILLING_PAYMENT_PROVIDER = env_str("BILLING_PAYMENT_PROVIDER", "manual")  # shared_apps/billing/payments.py

# Integrations (issue 18, tenant_apps/integrations): API keys and outgoing webhooks.
# `Authorization: Api-Key <key>` after the JWT scheme; what a key may call is in integrations/scopes.py.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    *REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"], "tenant_apps.integrations.authentication.ApiKeyAuthentication",
]
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = [
    "drf_spectacular.hooks.postprocess_schema_enums", "tenant_apps.integrations.openapi.add_required_scopes",
    "tenant_apps.integrations.openapi.add_webhook_payloads",
    "shared_apps.core.openapi.declare_refusals",  # the request layer's 400/413 on every operation
]
API_KEY_HASH_SECRET = env_str("API_KEY_HASH_SECRET", SECRET_KEY)  # changing it invalidates every key
API_KEY_DEFAULT_RATE_PER_MINUTE = env_int("API_KEY_DEFAULT_RATE_PER_MINUTE", 600)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 15)
# How long a worker holds a delivery it is sending; after that a killed worker's delivery is retried.
WEBHOOK_LEASE_SECONDS = env_int("WEBHOOK_LEASE_SECONDS", 4 * WEBHOOK_TIMEOUT_SECONDS)
WEBHOOK_SWEEP_SECONDS = env_int("WEBHOOK_SWEEP_SECONDS", 30)
# http:// endpoints (development only) and non-public addresses let through ("127.0.0.1:8123", "10.0.0.0/8").
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", False)
WEBHOOK_ALLOWED_TARGETS = env_list("WEBHOOK_ALLOWED_TARGETS", "")
CELERY_BEAT_SCHEDULE["webhooks-sweep"] = {
    "task": "integrations.sweep_everywhere", "schedule": float(WEBHOOK_SWEEP_SECONDS),
    "options": {"expires": WEBHOOK_SWEEP_SECONDS},
}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({
    "ApiKeyScopeEnum": "tenant_apps.integrations.scopes.SCOPES",
    "WebhookEventTypeEnum": "tenant_apps.integrations.outbox.EVENT_TYPES",
    # A location's ways of ordering (a list), in the locations list and the menu tree's location.
    "LocationFulfillmentEnum": [("pickup", "pickup"), ("delivery", "delivery")],
})
# Per-tenant jobs (shared_apps/scheduling): one beat entry, the tick, claims the due schedule rows.
SCHEDULING_TICK_SECONDS = env_int("SCHEDULING_TICK_SECONDS", 60)
SCHEDULING_TICK_LIMIT = env_int("SCHEDULING_TICK_LIMIT", 5000)  # rows one tick claims; the next takes the rest
SCHEDULING_JITTER_SECONDS = env_int("SCHEDULING_JITTER_SECONDS", 60)  # spread of the sends
SCHEDULING_LEASE_SECONDS = env_int("SCHEDULING_LEASE_SECONDS", 1800)  # a lost run is sent again after this
SCHEDULING_RETRY_SECONDS = env_int("SCHEDULING_RETRY_SECONDS", 10)  # Celery's first retry of a failed run
SCHEDULING_BACKOFF_SECONDS = env_int("SCHEDULING_BACKOFF_SECONDS", 300)  # then the schedule waits this, doubling
SCHEDULING_NOT_READY_SECONDS = env_int("SCHEDULING_NOT_READY_SECONDS", 300)  # schema still migrating
SCHEDULING_CLOCK_KEY = env_str("SCHEDULING_CLOCK_KEY", "")  # tests only: a Redis key holding the time
CELERY_BEAT_SCHEDULE["scheduling-tick"] = {
    "task": "scheduling.tick", "schedule": float(SCHEDULING_TICK_SECONDS),
    "options": {"expires": SCHEDULING_TICK_SECONDS},
}
# Data rights (tenant_apps/privacy): a brand its owner closes is purged (schema dropped) this long after.
BRAND_CLOSURE_GRACE_DAYS = env_int("BRAND_CLOSURE_GRACE_DAYS", 30)
# Daily reports (tenant_apps/reports): built this long after each location's local midnight,
# catching up at most this many missed days per run (the backfill command goes further back).
REPORTS_GRACE_MINUTES = env_int("REPORTS_GRACE_MINUTES", 30)
REPORTS_CATCH_UP_DAYS = env_int("REPORTS_CATCH_UP_DAYS", 62)
