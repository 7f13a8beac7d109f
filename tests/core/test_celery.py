"""Tasks run in the schema they were sent from, in eager mode and on a real worker."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name, tenant_context

from shared_apps.core.tasks import MissingTenantSchema, tenant_task
from tenants.tasks import current_schema


@tenant_task(name="tests.core.schema_of_tenant_task")
def schema_of_tenant_task() -> str:
    return connection.schema_name


def test_task_applied_inside_a_tenant_runs_in_that_tenant(tenant_a):
    with tenant_context(tenant_a):
        assert current_schema.apply().get() == tenant_a.schema_name


def test_tenant_task_sent_from_public_fails_loudly(db):
    assert connection.schema_name == get_public_schema_name()
    with pytest.raises(MissingTenantSchema):
        schema_of_tenant_task.apply(throw=True).get()


def test_tenant_task_runs_when_sent_from_a_tenant(tenant_b):
    with tenant_context(tenant_b):
        assert schema_of_tenant_task.apply().get() == tenant_b.schema_name


@pytest.fixture(scope="module")
def real_worker(django_db_setup, django_db_blocker):
    """A real Celery worker process, on a queue of its own, against the test database."""
    db = settings.DATABASES["default"]
    queue = f"smoke-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", "solo", "-l", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=settings.BASE_DIR,
    )
    yield queue
    worker.terminate()
    worker.wait(timeout=20)


def test_real_worker_runs_the_task_in_the_senders_schema(real_worker, tenant_a, tenant_b):
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            result = current_schema.apply_async(queue=real_worker)
        assert result.get(timeout=60) == tenant.schema_name
