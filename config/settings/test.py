from .base import *  # noqa: F403
from .base import REST_FRAMEWORK

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests hash many passwords
TENANT_SPARE_POOL_SIZE = 2
# Per database, so two runs sharing a Redis database (two work trees) never read each other's
# host routes or themes; without `test_`, so the servers a test starts on the test database
# share the test process's keys.
CACHES["default"]["KEY_PREFIX"] = "brigade-test-" + DATABASES["default"]["NAME"].removeprefix("test_")  # noqa: F405
# Every throttle scope, whoever adds it, gets a rate tests never hit.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {scope: "1000/min" for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]},
}
TENANT_REFILL_AFTER_CLAIM = False  # tests fill the pool explicitly

# A tenant app that exists only in tests: proves a new migration reaches template, spares, tenants.
TENANT_APPS = [*TENANT_APPS, "tests.migration_probe"]  # noqa: F405
INSTALLED_APPS = [*INSTALLED_APPS, "tests.migration_probe"]  # noqa: F405
WEBHOOK_ALLOW_HTTP = True  # the tests' receivers are plain HTTP on loopback (each test allows its own port)
