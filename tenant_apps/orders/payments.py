"""Payments behind one provider interface: `cash` and a simulated `card` gateway.

A provider authorises at checkout (synchronously, as a card gateway's "confirm" call does),
captures when the kitchen accepts the order and refunds (or voids) when it is cancelled or
rejected. Capture and refund are asynchronous at a real gateway: their results arrive through
the provider's signed webhook (`handle_webhook`, served at /api/v1/payments/webhooks/<provider>/),
and the webhook is the source of truth for them. The simulated gateway delivers its webhooks
from a Celery task through the very same handler and signature check as the HTTP endpoint.
"""

import hashlib
import hmac
import json
import logging
import time
import uuid
from dataclasses import dataclass

from celery import current_app
from django.db import transaction

from . import errors
from .models import Order, Payment
from .states import Status

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "Brigade-Sim-Signature"
SIGNATURE_TOLERANCE_SECONDS = 300
DECLINING_TOKENS = {"tok_declined": "card_declined", "tok_insufficient_funds": "insufficient_funds"}


@dataclass(frozen=True)
class Authorization:
    ok: bool
    provider_ref: str = ""
    failure_code: str = ""


class PaymentProvider:
    """What checkout and the lifecycle need from a payment provider."""

    name: str = ""
    takes_payment_at_checkout = False  # True: the order waits in `pending_payment` for `authorize`

    def authorize(self, payment: Payment, *, token: str) -> Authorization:
        raise NotImplementedError

    def capture(self, payment: Payment) -> None:
        """Ask for the authorised money; the result comes back through `handle_webhook`."""

    def refund(self, payment: Payment) -> None:
        """Give the money back (or release the authorisation); result through `handle_webhook`."""


class CashProvider(PaymentProvider):
    """Pay on delivery or pickup: nothing to authorise; collected when the order is handed over."""

    name = "cash"

    def authorize(self, payment: Payment, *, token: str) -> Authorization:
        return Authorization(ok=True)


class SimulatedCardProvider(PaymentProvider):
    """A card gateway without a network: tokens `tok_declined` and `tok_insufficient_funds`
    decline, any other token authorises. Capture and refund are answered by signed webhooks."""

    name = "card"
    takes_payment_at_checkout = True

    def authorize(self, payment: Payment, *, token: str) -> Authorization:
        if token in DECLINING_TOKENS:
            return Authorization(ok=False, failure_code=DECLINING_TOKENS[token])
        return Authorization(ok=True, provider_ref=f"sim_pi_{uuid.uuid4().hex}")

    def capture(self, payment: Payment) -> None:
        _answer_later("payment.captured", payment)

    def refund(self, payment: Payment) -> None:
        _answer_later("payment.refunded" if payment.status == Payment.Status.CAPTURED else "payment.voided", payment)


# The task that delivers the simulated gateway's webhook (tasks.deliver_simulated_webhook), by its
# registered name, as a real gateway is given the webhook's URL: its handler transitions orders,
# and transitions ask the gateway to capture, so importing it here would be an import cycle.
DELIVER_WEBHOOK_TASK = "orders.deliver_simulated_webhook"


def _answer_later(kind: str, payment: Payment) -> None:
    current_app.tasks[DELIVER_WEBHOOK_TASK].delay(kind, payment.provider_ref, payment.amount_cents)


PROVIDERS: dict[str, PaymentProvider] = {p.name: p for p in (CashProvider(), SimulatedCardProvider())}


def provider_for(method: str) -> PaymentProvider:
    return PROVIDERS[method]


# ---------------------------------------------------------------------------------------------
# Following the order's lifecycle (called inside transition_order's transaction)


def follow_transition(order: Order, from_status: str, to: str) -> None:
    payment = Payment.objects.select_for_update().filter(order=order).first()
    if payment is None:
        return
    provider = provider_for(payment.provider)
    if payment.provider == CashProvider.name:
        if to in (Status.DELIVERED, Status.PICKED_UP):
            set_status(payment, Payment.Status.COLLECTED)
        elif to in (Status.CANCELLED, Status.REJECTED):
            set_status(payment, Payment.Status.VOIDED)
        return
    if to == Status.ACCEPTED and payment.status == Payment.Status.AUTHORIZED:
        transaction.on_commit(lambda: provider.capture(payment))
    elif to in (Status.CANCELLED, Status.REJECTED) and payment.status in (Payment.Status.AUTHORIZED, Payment.Status.CAPTURED):
        transaction.on_commit(lambda: provider.refund(payment))


def set_status(payment: Payment, status: str, *, failure_code: str = "") -> None:
    payment.status = status
    payment.failure_code = failure_code
    payment.save(update_fields=["status", "failure_code", "updated"])


# ---------------------------------------------------------------------------------------------
# Signing the provider's webhooks (applied by payment_webhooks.handle_webhook)


def sign(body: bytes, *, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(body: bytes, header: str, *, secret: str, now: float | None = None) -> None:
    """Raise `InvalidWebhookSignature` unless `header` signs `body` with `secret`, recently."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
        given = parts["v1"]
    except (KeyError, ValueError):
        raise errors.InvalidWebhookSignature() from None
    now = time.time() if now is None else now
    if abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS:
        raise errors.InvalidWebhookSignature("The webhook timestamp is too old.")
    expected = sign(body, secret=secret, timestamp=timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, given):
        raise errors.InvalidWebhookSignature()


def simulated_event_body(kind: str, payment_ref: str, amount_cents: int) -> bytes:
    # One id per (kind, payment): a redelivered event is recognised and applied once.
    event_id = "sim_evt_" + hashlib.sha256(f"{kind}:{payment_ref}".encode()).hexdigest()[:32]
    return json.dumps({
        "id": event_id, "type": kind, "created": int(time.time()),
        "data": {"payment_ref": payment_ref, "amount": amount_cents},
    }).encode()
