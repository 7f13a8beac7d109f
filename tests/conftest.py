"""Fixtures: two brands made once per session by the real provisioning service, and clients per host.

Tests run inside a transaction (pytest-django's `db`); tests that need commits from several
threads (concurrency, rollback of provisioning) use `committed_db`, which removes every tenant
the test made afterwards.
"""

from contextlib import contextmanager

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from rest_framework.test import APIClient

from config.celery import app as celery_app
from shared_apps.accounts.models import User
from tenant_apps.orders import event_bus as order_events
from tenant_apps.orders import numbering as order_numbering
from tenants import provisioning
from tenants.models import Tenant
from tenants.routing import forget_hosts
from tenants.services import provision_tenant

from .factories import PASSWORD

PLATFORM_HOST = "localhost"


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(node, call, report):
    """pytest-timeout stops a test's timer as soon as the test fails (so that pdb can sit there),
    which leaves the teardown after a failure with no limit at all: an async fixture that hangs
    then hangs the run until CI kills it, with no stack. Re-arm the timer, unless pdb is on."""
    if not isinstance(node, pytest.Item) or node.config.getoption("usepdb"):
        return
    from pytest_timeout import _get_item_settings  # private, but the hook needs its settings

    settings = _get_item_settings(node)
    if settings.timeout and not settings.func_only:
        node.config.pluginmanager.hook.pytest_timeout_set_timer(item=node, settings=settings)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """Receivers of order events run in a dispatcher thread (tenant_apps/orders/event_bus.py). Before
    any fixture is torn down (while the test's database access, transaction and tenants still
    exist), wait for the test's announcements, so none runs during the next test, and let the
    thread close its connection (the test database is dropped at the end)."""
    assert order_events.drain(), "order_event_committed receivers still busy after 10 s"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # pytest-django creates the test database only when a collected test asks for `db` (or has a
    # django_db mark). A run of `committed_db` tests alone would reach the development database.
    if not connection.settings_dict["NAME"].startswith("test_"):
        pytest.fail("No test database: run `committed_db` tests together with one that uses `db`.", pytrace=False)
    with django_db_blocker.unblock():
        provisioning.fill_spare_pool()
        for slug in ("alpha", "bravo"):
            provision_tenant(slug, slug.title(), owner_email=f"owner@{slug}.test", owner_password=PASSWORD)
        provisioning.fill_spare_pool()
    yield
    order_numbering.close()  # its own connection would keep the test database from being dropped


@pytest.fixture(autouse=True)
def _fresh_host_routing():
    """A test's rolled-back Tenant/Domain changes must not stay cached for the next test (tenants/routing.py)."""
    forget_hosts()
    yield


@pytest.fixture(autouse=True)
def _no_cached_brand_rules():
    """Test data never commits, so tenant_apps.orders.brand_rules' after-commit deletes never run:
    no test may start with rules another test cached. Nor with another test's wrong passwords
    counted against an account (shared_apps/accounts/signin_limit.py)."""
    client = django_cache._cache.get_client(write=True)
    stale = [key for pattern in ("*orders:brand-rules:*", "*accounts:signin-failures:*")
             for key in client.scan_iter(match=pattern)]
    if stale:
        client.delete(*stale)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads (logos, item images; seed_demo uploads the demo logos) go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _back_to_public_schema():
    yield
    connection.set_schema_to_public()


@pytest.fixture
def tenant_a(db) -> Tenant:
    return Tenant.objects.get(slug="alpha")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return Tenant.objects.get(slug="bravo")


@pytest.fixture
def in_a(tenant_a):
    """Run the test body in brand A's schema."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def in_b(tenant_b):
    with tenant_context(tenant_b):
        yield tenant_b


@contextmanager
def eager_tasks():
    """Tasks sent after commit (order e-mails, payment webhooks) run in the caller's thread, in the
    sender's schema, not on a broker."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def eager_celery():
    with eager_tasks():
        yield


def host_of(tenant: Tenant) -> str:
    return tenant.primary_domain


def client_for(host: str) -> APIClient:
    return APIClient(HTTP_HOST=host)


@pytest.fixture
def platform_client(db) -> APIClient:
    return client_for(PLATFORM_HOST)


@pytest.fixture
def client_a(tenant_a) -> APIClient:
    return client_for(host_of(tenant_a))


@pytest.fixture
def client_b(tenant_b) -> APIClient:
    return client_for(host_of(tenant_b))


def login(client: APIClient, email: str, password: str = PASSWORD) -> dict:
    response = client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def platform_admin(db) -> User:
    with schema_context(get_public_schema_name()):
        return User.objects.create_superuser("root@platform.test", PASSWORD)


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Real commits (for threads and rollback checks); every tenant made here is dropped after."""
    with django_db_blocker.unblock():
        before = set(Tenant.objects.values_list("id", flat=True))
        yield
        connection.set_schema_to_public()
        for tenant in Tenant.objects.exclude(id__in=before):
            tenant.delete(force_drop=True)
        provisioning.fill_spare_pool()
        connection.close()


def schemas_in_database() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%%'")
        return {row[0] for row in cursor.fetchall()}
