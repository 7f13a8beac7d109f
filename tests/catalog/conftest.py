import pytest
from django.core.cache import cache as django_cache
from django.db import connection

from shared_apps.accounts.models import User
from tenant_apps.catalog import cache
from tests.conftest import login
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Test data never commits, so versions never move between tests: start from empty caches."""
    django_cache.clear()
    cache.clear_local()
    yield
    cache.clear_local()


def staff_client(client, tenant, role: str):
    """`client` signed in as a new user of `role` in `tenant`."""
    connection.set_tenant(tenant)
    user = UserFactory(role=role)
    connection.set_schema_to_public()
    tokens = login(client, user.email)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    return client


@pytest.fixture
def manager_a(client_a, tenant_a):
    return staff_client(client_a, tenant_a, User.Role.MANAGER)
