"""Payments follow the lifecycle; customers are e-mailed after commit; provider webhooks are signed."""

import json
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.core import mail

from config.celery import app as celery_app
from tenant_apps.orders import errors
from tenant_apps.orders.models import Payment, PaymentWebhookEvent
from tenant_apps.orders.payment_webhooks import handle_webhook
from tenant_apps.orders.payments import sign, simulated_event_body, verify_signature
from tenant_apps.orders.services import transition_order
from tenant_apps.orders.states import Status
from tenant_apps.orders.tasks import deliver_simulated_webhook, send_order_email

from .conftest import make_user
from .factories import OrderFactory, OrderLineFactory, PaymentFactory

SECRET = "dev-simulated-gateway-secret"


def test_status_change_emails_the_customer_once_after_commit(in_a, django_capture_on_commit_callbacks):
    order = OrderFactory(contact_email="ada@example.test")
    OrderLineFactory(order=order, name="Fries", quantity=2)
    with django_capture_on_commit_callbacks(execute=True):
        transition_order(order, Status.ACCEPTED, actor=make_user("kitchen"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.test"]
    assert f"#{order.number}" in mail.outbox[0].subject and "2 × Fries" in mail.outbox[0].body


def test_no_email_leaves_before_the_transaction_commits(in_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        transition_order(OrderFactory(), Status.ACCEPTED, actor=make_user("kitchen"))
    assert mail.outbox == []


def test_cash_is_collected_on_delivery_and_voided_on_cancel(in_a):
    courier, manager = make_user("courier"), make_user("manager")
    delivered = PaymentFactory(order=OrderFactory(status=Status.OUT_FOR_DELIVERY)).order
    transition_order(delivered, Status.DELIVERED, actor=courier)
    assert Payment.objects.get(order=delivered).status == Payment.Status.COLLECTED
    cancelled = PaymentFactory(order=OrderFactory()).order
    transition_order(cancelled, Status.CANCELLED, actor=manager, reason="Customer called")
    assert Payment.objects.get(order=cancelled).status == Payment.Status.VOIDED


def test_card_is_captured_on_accept_through_the_signed_webhook(in_a, django_capture_on_commit_callbacks):
    order = OrderFactory(payment_method="card")
    PaymentFactory(order=order, provider="card", status=Payment.Status.AUTHORIZED, provider_ref="sim_pi_1")
    with django_capture_on_commit_callbacks(execute=True):
        transition_order(order, Status.ACCEPTED, actor=make_user("kitchen"))
    assert Payment.objects.get(order=order).status == Payment.Status.CAPTURED
    assert PaymentWebhookEvent.objects.filter(kind="payment.captured").count() == 1


def test_captured_card_is_refunded_when_the_order_is_cancelled(in_a, django_capture_on_commit_callbacks):
    order = OrderFactory(payment_method="card", status=Status.ACCEPTED)
    PaymentFactory(order=order, provider="card", status=Payment.Status.CAPTURED, provider_ref="sim_pi_2")
    with django_capture_on_commit_callbacks(execute=True):
        transition_order(order, Status.CANCELLED, actor=make_user("owner"), reason="Kitchen fire")
    assert Payment.objects.get(order=order).status == Payment.Status.REFUNDED


def test_authorised_card_is_voided_when_a_placed_order_is_rejected(in_a, django_capture_on_commit_callbacks):
    order = OrderFactory(payment_method="card")
    PaymentFactory(order=order, provider="card", status=Payment.Status.AUTHORIZED, provider_ref="sim_pi_3")
    with django_capture_on_commit_callbacks(execute=True):
        transition_order(order, Status.REJECTED, actor=make_user("manager"), reason="Closing early")
    assert Payment.objects.get(order=order).status == Payment.Status.VOIDED


def test_redelivered_webhook_is_applied_once(in_a):
    PaymentFactory(order=OrderFactory(), provider="card", status=Payment.Status.AUTHORIZED, provider_ref="sim_pi_4")
    body = simulated_event_body("payment.captured", "sim_pi_4", 1200)
    assert handle_webhook("card", body, sign(body, secret=SECRET)) is True
    assert handle_webhook("card", body, sign(body, secret=SECRET)) is False
    assert Payment.objects.get(provider_ref="sim_pi_4").status == Payment.Status.CAPTURED


def test_asynchronous_authorisation_webhook_places_a_pending_order(in_a):
    order = OrderFactory(status=Status.PENDING_PAYMENT, payment_method="card")
    PaymentFactory(order=order, provider="card", provider_ref="sim_pi_5")
    body = simulated_event_body("payment.authorized", "sim_pi_5", 1200)
    handle_webhook("card", body, sign(body, secret=SECRET))
    order.refresh_from_db()
    assert order.status == Status.PLACED and order.events.get().actor_role == "system"


@pytest.mark.parametrize("header", [
    "", "t=abc,v1=00", "v1=00", f"t={int(time.time())},v1=" + "0" * 64,
    sign(b'{"other": "body"}', secret=SECRET), sign(b"{}", secret="wrong-secret"),
])
def test_webhook_with_a_bad_signature_is_refused(in_a, header):
    body = simulated_event_body("payment.captured", "sim_pi_6", 1)
    with pytest.raises(errors.InvalidWebhookSignature):
        handle_webhook("card", body, header)


def test_stale_webhook_signature_is_refused():
    body = json.dumps({"id": "x"}).encode()
    header = sign(body, secret=SECRET, timestamp=int(time.time()) - 3600)
    with pytest.raises(errors.InvalidWebhookSignature):
        verify_signature(body, header, secret=SECRET)


def test_webhook_endpoint_applies_a_signed_event_and_refuses_a_forged_one(in_a, client_a):
    PaymentFactory(order=OrderFactory(), provider="card", status=Payment.Status.AUTHORIZED, provider_ref="sim_pi_http")
    body = simulated_event_body("payment.captured", "sim_pi_http", 1200)
    forged = client_a.post("/api/v1/payments/webhooks/card/", body, content_type="application/json",
                           HTTP_BRIGADE_SIM_SIGNATURE=sign(body, secret="guess"))
    assert forged.status_code == 400 and forged.json()["code"] == "invalid_signature"
    response = client_a.post("/api/v1/payments/webhooks/card/", body, content_type="application/json",
                             HTTP_BRIGADE_SIM_SIGNATURE=sign(body, secret=SECRET))
    assert response.json() == {"received": True, "applied": True}
    assert Payment.objects.get(provider_ref="sim_pi_http").status == Payment.Status.CAPTURED
    assert client_a.post("/api/v1/payments/webhooks/cash/", body, content_type="application/json").status_code == 404


def test_webhook_of_another_brands_payment_changes_nothing_here(in_a, tenant_b, client_b):
    PaymentFactory(order=OrderFactory(), provider="card", status=Payment.Status.AUTHORIZED, provider_ref="sim_pi_a")
    body = simulated_event_body("payment.captured", "sim_pi_a", 1200)
    response = client_b.post("/api/v1/payments/webhooks/card/", body, content_type="application/json",
                             HTTP_BRIGADE_SIM_SIGNATURE=sign(body, secret=SECRET))
    assert response.status_code == 200
    from django.db import connection

    connection.set_tenant(in_a)
    assert Payment.objects.get(provider_ref="sim_pi_a").status == Payment.Status.AUTHORIZED


@pytest.mark.parametrize("task", [send_order_email, deliver_simulated_webhook], ids=lambda t: t.name)
def test_tasks_sent_from_a_checkout_leave_the_sender_subscribed_to_no_result_channel(in_a, task):
    # With a result backend, Celery's sender subscribes to each task's result channel in Redis
    # (two round trips in the request thread); nobody reads these results.
    queue = f"test-no-result-{uuid.uuid4().hex}"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        result = task.apply_async(args=["order-id", "confirmation"] if task is send_order_email else
                                  ["payment.captured", "ref", 100], queue=queue)
        channel = celery_app.backend.get_key_for_task(result.id)
        subscribers = redis.Redis.from_url(settings.CELERY_RESULT_BACKEND).pubsub_numsub(channel)
    finally:
        celery_app.conf.task_always_eager = previous
        for key in broker.scan_iter(match=f"*{queue}*"):  # the queue and kombu's binding of it
            broker.delete(key)
    assert subscribers == [(channel, 0)]
