import pytest
from django_tenants.utils import tenant_context

from config.celery import app as celery_app
from shared_apps.accounts.models import User

from ..factories import UserFactory


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks sent after commit run in the test's thread, in the sender's schema."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = True, True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def in_b(tenant_b):
    with tenant_context(tenant_b):
        yield tenant_b


def make_user(role: str, **fields) -> User:
    return UserFactory(role=role, **fields)
