"""A base for tasks that belong to one brand (ARCHITECTURE.md pitfall 5)."""

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.task import TenantTask


class MissingTenantSchema(RuntimeError):
    """A tenant task arrived without its schema header; running it in `public` would be wrong."""


class TenantBoundTask(TenantTask):
    """Refuses to run in the public schema: a tenant task must be sent from inside its tenant.

    tenant-schemas-celery switches to the sender's schema before the task body runs; a message
    without that header would silently run in `public`, so here it fails loudly instead.
    """

    abstract = True

    def __call__(self, *args, **kwargs):
        if connection.schema_name == get_public_schema_name():
            raise MissingTenantSchema(f"Task {self.name} must be sent from a tenant's schema.")
        return super().__call__(*args, **kwargs)


def tenant_task(*args, **options):
    """`@tenant_task(...)`: a shared task that only ever runs inside one tenant's schema."""
    options.setdefault("acks_late", True)
    return shared_task(*args, base=TenantBoundTask, **options)
