"""Applying the payment provider's signed webhooks: a payment's status, and for an order still
waiting for its authorisation, placing or failing it. Above `services` (it transitions orders),
which is why it is not in `payments` (which transitions call for capture and refund)."""

import json

from django.conf import settings
from django.db import IntegrityError, transaction

from . import errors
from .models import Order, Payment, PaymentWebhookEvent
from .payments import SimulatedCardProvider, set_status, verify_signature
from .services import transition_order
from .states import Status

WEBHOOK_STATUS = {
    "payment.authorized": Payment.Status.AUTHORIZED,
    "payment.failed": Payment.Status.FAILED,
    "payment.captured": Payment.Status.CAPTURED,
    "payment.refunded": Payment.Status.REFUNDED,
    "payment.voided": Payment.Status.VOIDED,
}


def handle_webhook(provider: str, body: bytes, signature: str) -> bool:
    """Apply one signed provider event; False when it was already applied (providers retry).

    Unknown payments are acknowledged and ignored: a gateway account may serve other systems.
    """
    if provider != SimulatedCardProvider.name:
        raise errors.InvalidWebhookSignature("Unknown payment provider.")
    verify_signature(body, signature, secret=settings.PAYMENT_SIMULATOR_WEBHOOK_SECRET)
    try:
        event = json.loads(body)
        event_id, kind, ref = str(event["id"]), str(event["type"]), str(event["data"]["payment_ref"])
    except (ValueError, KeyError, TypeError):
        raise errors.InvalidWebhookSignature("The webhook body is not a provider event.") from None
    if kind not in WEBHOOK_STATUS:
        return False
    try:
        with transaction.atomic():
            PaymentWebhookEvent.objects.create(provider=provider, event_id=event_id, kind=kind, payload=event)
            payment = Payment.objects.select_for_update().select_related("order").filter(
                provider=provider, provider_ref=ref).first()
            if payment is None:
                return True
            set_status(payment, WEBHOOK_STATUS[kind], failure_code=str(event["data"].get("failure_code", ""))[:40])
            _settle_pending_order(payment.order, kind)
    except IntegrityError:  # the same event id again: already applied
        return False
    return True


def _settle_pending_order(order: Order, kind: str) -> None:
    # An authorisation that completes asynchronously (3-D Secure at a real gateway) places the
    # order, or fails it, when its webhook arrives.
    if order.status != Status.PENDING_PAYMENT:
        return
    if kind == "payment.authorized":
        transition_order(order, Status.PLACED, actor=None)
    elif kind == "payment.failed":
        transition_order(order, Status.PAYMENT_FAILED, actor=None)
