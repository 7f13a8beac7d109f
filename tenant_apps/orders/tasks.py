"""Ordering's background work: the simulated card gateway's webhooks, the purge of old
Idempotency-Keys and the sweep of order e-mails that were never sent. The top of the orders app: it imports the services it runs, and
nothing in orders imports it (the gateway addresses its webhook task by name, see payments.py).

Every task takes ids, runs in the brand's schema it was sent from (`tenant_task`), and is
idempotent: webhooks carry event ids the handler applies once.
"""

import random

from celery import shared_task
from django.conf import settings
from django_tenants.utils import tenant_context

from shared_apps.core.tasks import tenant_task
from tenants.models import Tenant

from .idempotency import purge_expired
from .notifications import missed_emails, queue_order_email, send_order_email
from .payment_webhooks import handle_webhook
from .payments import sign, simulated_event_body

__all__ = ["deliver_simulated_webhook", "purge_idempotency_keys", "purge_idempotency_keys_everywhere",
           "send_missed_emails", "send_missed_emails_everywhere", "send_order_email"]  # send_order_email: Celery's autodiscovery finds the app's tasks here


@tenant_task(name="orders.deliver_simulated_webhook", bind=True, ignore_result=True, max_retries=8, default_retry_delay=10)
def deliver_simulated_webhook(self, kind: str, payment_ref: str, amount_cents: int) -> bool:
    """The simulated gateway reporting a capture or refund: a signed event through the same
    handler and signature check as /api/v1/payments/webhooks/card/."""
    body = simulated_event_body(kind, payment_ref, amount_cents)
    return handle_webhook("card", body, sign(body, secret=settings.PAYMENT_SIMULATOR_WEBHOOK_SECRET))


@tenant_task(name="orders.purge_idempotency_keys", ignore_result=True)
def purge_idempotency_keys() -> int:
    """Forget checkout Idempotency-Keys older than their retention (at least 24 h)."""
    return purge_expired()


@shared_task(name="orders.purge_idempotency_keys_everywhere", acks_late=True, ignore_result=True)
def purge_idempotency_keys_everywhere() -> int:
    """Beat's hourly entry: one purge task per brand, sent from inside the brand, with jitter."""
    brands = list(Tenant.objects.filter(kind=Tenant.Kind.BRAND))
    for tenant in brands:
        with tenant_context(tenant):
            purge_idempotency_keys.apply_async(countdown=random.uniform(0, 300))
    return len(brands)


@tenant_task(name="orders.send_missed_emails", ignore_result=True)
def send_missed_emails() -> int:
    """Queue the brand's order e-mails that were never sent (their task was not queued while
    Redis was down, or gave up): each once, as the e-mail task records it."""
    missed = missed_emails()
    for order_id, kind in missed:
        queue_order_email(order_id, kind)
    return len(missed)


@shared_task(name="orders.send_missed_emails_everywhere", acks_late=True, ignore_result=True)
def send_missed_emails_everywhere() -> int:
    """Beat's entry, every ORDER_EMAIL_SWEEP_SECONDS: one sweep task per brand, from inside it."""
    brands = list(Tenant.objects.filter(kind=Tenant.Kind.BRAND).exclude(status=Tenant.Status.CANCELLED))
    for tenant in brands:
        with tenant_context(tenant):
            send_missed_emails.delay()
    return len(brands)
