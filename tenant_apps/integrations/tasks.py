"""Webhook work on Celery. Every task takes ids, runs in its brand's schema (`tenant_task`), is
acknowledged only after it ran (`acks_late`, rejected if the worker dies) and is safe to run twice:
a delivery is leased before it is sent, and a finished one is never sent again.
"""

import random

from celery import shared_task
from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.core.tasks import tenant_task
from tenants.models import Tenant

from . import delivery, outbox


@tenant_task(name="integrations.deliver", ignore_result=True)
def deliver(delivery_id: int) -> bool:
    """One attempt at one delivery, if it is due and nobody else holds it."""
    return delivery.attempt(delivery_id, now=timezone.now()) is not None


@tenant_task(name="integrations.collect", ignore_result=True)
def collect() -> int:
    """Order events committed since the last collection become webhook events."""
    return outbox.collect_order_events()


@tenant_task(name="integrations.sweep", ignore_result=True)
def sweep() -> int:
    """Collect, then hand every due delivery that no live lease holds to a worker: retries whose
    time has come, and anything a lost message or a killed worker left behind."""
    outbox.collect_order_events()
    due = delivery.due(now=timezone.now())
    for pk in due:
        deliver.delay(pk)
    return len(due)


@shared_task(name="integrations.sweep_everywhere", acks_late=True, ignore_result=True)
def sweep_everywhere() -> int:
    """Beat's entry: one sweep per brand, sent from inside the brand, spread over a few seconds."""
    brands = list(Tenant.objects.filter(kind=Tenant.Kind.BRAND))
    for tenant in brands:
        with tenant_context(tenant):
            sweep.apply_async(countdown=random.uniform(0, 5))
    return len(brands)
