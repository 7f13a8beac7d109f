"""Ordering's background work: customer e-mails and the simulated card gateway's webhooks.

Every task takes ids, runs in the brand's schema it was sent from (`tenant_task`), and is
idempotent: an e-mail is recorded in `OrderNotification` (unique per order and kind) before it
is sent, and webhooks carry event ids the handler applies once.
"""

import logging
import random

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import tenant_context

from shared_apps.core.tasks import tenant_task
from tenants.hosts import tenant_url
from tenants.models import Domain, Tenant

from .models import Order, OrderEvent, OrderNotification
from .states import Status

logger = logging.getLogger(__name__)

SUBJECTS = {
    "confirmation": "Your order #{number} is in",
    Status.PLACED: "Your order #{number} is in",
    Status.ACCEPTED: "Order #{number} accepted",
    Status.PREPARING: "Order #{number} is being prepared",
    Status.READY: "Order #{number} is ready",
    Status.OUT_FOR_DELIVERY: "Order #{number} is on its way",
    Status.DELIVERED: "Order #{number} delivered",
    Status.PICKED_UP: "Order #{number} picked up — enjoy",
    Status.CANCELLED: "Order #{number} cancelled",
    Status.REJECTED: "Order #{number} could not be accepted",
}


def _body(order: Order, kind: str) -> str:
    total = f"{order.total_cents / 100:.2f} {order.currency}"
    lines = "\n".join(f"  {line.quantity} × {line.name}" for line in order.lines.all())
    track = tracking_url(order)
    reason = ""
    if kind in (Status.CANCELLED, Status.REJECTED):
        event = order.events.filter(kind=OrderEvent.Kind.STATUS_CHANGED, to_status=kind).last()
        reason = f"\nReason: {event.reason}\n" if event and event.reason else ""
    return (f"Order #{order.number} at {order.location_name}: {kind.replace('_', ' ')}.\n{reason}\n{lines}\n\n"
            f"Total: {total}\n{('Track it: ' + track) if track else ''}\n")


def tracking_url(order: Order, host: str | None = None) -> str:
    """The storefront's tracking page of `order`, on `host` or the brand's primary domain."""
    if host is None:
        domain = Domain.objects.filter(tenant__schema_name=connection.schema_name, is_primary=True).first()
        if domain is None:
            return ""
        host = domain.domain
    return f"{tenant_url(host)}/track/{order.tracking_token}"


# No result is stored for these (ignore_result): nobody reads it, and with a result backend
# configured Celery's sender subscribes to (then unsubscribes from) each task's result channel in
# Redis — two round trips and pub/sub bookkeeping in every checkout's request thread.
@tenant_task(name="orders.send_order_email", bind=True, ignore_result=True, max_retries=5, default_retry_delay=30)
def send_order_email(self, order_id: str, kind: str) -> bool:
    """E-mail the customer about their order (confirmation or a status change), once."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None or not order.contact_email or kind not in SUBJECTS:
        return False
    try:
        with transaction.atomic():
            OrderNotification.objects.create(order=order, kind=kind)
            # Sent inside the transaction: if sending fails the record rolls back and the retry
            # sends; if it succeeds and the commit then fails, the customer may get it twice.
            send_mail(SUBJECTS[kind].format(number=order.number), _body(order, kind), settings.DEFAULT_FROM_EMAIL,
                      [order.contact_email])
    except IntegrityError:
        return False  # already sent
    except OSError as exc:  # SMTP down: try again later
        raise self.retry(exc=exc) from None
    return True


def send_order_status_email_on_commit(order: Order, status: str) -> None:
    kind = "confirmation" if status == Status.PLACED else status
    order_id = str(order.pk)
    transaction.on_commit(lambda: send_order_email.delay(order_id, kind))


@tenant_task(name="orders.deliver_simulated_webhook", bind=True, ignore_result=True, max_retries=8, default_retry_delay=10)
def deliver_simulated_webhook(self, kind: str, payment_ref: str, amount_cents: int) -> bool:
    """The simulated gateway reporting a capture or refund: a signed event through the same
    handler and signature check as /api/v1/payments/webhooks/card/."""
    from .payments import handle_webhook, sign, simulated_event_body

    body = simulated_event_body(kind, payment_ref, amount_cents)
    return handle_webhook("card", body, sign(body, secret=settings.PAYMENT_SIMULATOR_WEBHOOK_SECRET))


@tenant_task(name="orders.purge_idempotency_keys", ignore_result=True)
def purge_idempotency_keys() -> int:
    """Forget checkout Idempotency-Keys older than their retention (at least 24 h)."""
    from .idempotency import purge_expired

    return purge_expired()


@shared_task(name="orders.purge_idempotency_keys_everywhere", acks_late=True, ignore_result=True)
def purge_idempotency_keys_everywhere() -> int:
    """Beat's hourly entry: one purge task per brand, sent from inside the brand, with jitter."""
    brands = list(Tenant.objects.filter(kind=Tenant.Kind.BRAND))
    for tenant in brands:
        with tenant_context(tenant):
            purge_idempotency_keys.apply_async(countdown=random.uniform(0, 300))
    return len(brands)
