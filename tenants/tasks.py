from celery import shared_task
from django.db import connection

from . import provisioning


@shared_task(name="tenants.tasks.refill_spare_pool", acks_late=True, ignore_result=True)
def refill_spare_pool() -> int:
    """Keep the pool of spare schemas full so a sign-up claims one instead of running DDL."""
    provisioning.discard_stale_spares()
    return provisioning.fill_spare_pool()


@shared_task(name="tenants.tasks.current_schema")
def current_schema() -> str:
    """Which schema a task runs in: the smoke test that tasks re-enter their sender's tenant."""
    return connection.schema_name
