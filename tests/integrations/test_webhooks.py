"""Outgoing webhooks: signed per Standard Webhooks (verified with its own library against a real
receiver on loopback), the retry schedule on a clock the test drives, 410, SSRF refusals, the
staff API. Delivery attempts are made in the test's thread (delivery.attempt), with `now` given."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from tenant_apps.integrations import delivery, outbox
from tenant_apps.integrations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tenant_apps.orders.services import transition_order
from tenant_apps.orders.states import Status as S
from tests.catalog.factories import ItemFactory, LocationFactory
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory

from .conftest import Receiver, key_client, make_key

Status = WebhookDelivery.Status


def make_endpoint(owner, url: str, event_types=("item.availability_changed",)) -> dict:
    response = owner.post("/api/v1/manage/webhooks/", {"url": url, "event_types": list(event_types)}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def sold_out(owner, tenant) -> str:
    connection.set_tenant(tenant)
    item = ItemFactory()
    connection.set_schema_to_public()
    response = owner.post(f"/api/v1/manage/items/{item.id}/availability/", {"available": False}, format="json")
    assert response.status_code == 200, response.content
    return str(item.id)


def only_delivery(tenant) -> WebhookDelivery:
    connection.set_tenant(tenant)
    return WebhookDelivery.objects.select_related("event").get()


def verify(secret: str, request: dict) -> dict:
    return Webhook(secret).verify(request["body"], request["headers"])


def test_a_delivery_is_signed_so_that_the_standardwebhooks_library_verifies_it(owner_a, tenant_a, receiver):
    endpoint = make_endpoint(owner_a, receiver.url)
    assert endpoint["secret"].startswith("whsec_")
    item_id = sold_out(owner_a, tenant_a)
    pending = only_delivery(tenant_a)
    assert delivery.attempt(pending.pk, now=timezone.now()).status_code == 200
    [request] = receiver.wait_for(1)
    payload = verify(endpoint["secret"], request)
    assert payload["type"] == "item.availability_changed"
    assert payload["data"]["tenant"] == "alpha" and payload["data"]["item_id"] == item_id
    assert payload["data"]["available"] is False
    assert request["headers"]["webhook-id"] == pending.event_id
    tampered = {**request, "body": request["body"].replace(b"false", b"true")}
    with pytest.raises(WebhookVerificationError):
        verify(endpoint["secret"], tampered)
    pending.refresh_from_db()
    assert pending.status == Status.SUCCEEDED and pending.attempts == 1


def test_order_events_become_webhooks_from_their_committed_rows_once_each_with_their_seq(owner_a, tenant_a):
    make_endpoint(owner_a, "https://pos.example.com/hooks", ["order.created", "order.status_changed"])
    connection.set_tenant(tenant_a)
    order = OrderFactory()
    kitchen = UserFactory(role="kitchen")
    transition_order(order, S.ACCEPTED, actor=kitchen)
    transition_order(order, S.PREPARING, actor=kitchen)
    assert outbox.collect_order_events() == 2
    assert outbox.collect_order_events() == 0  # nothing twice
    events = list(order.events.order_by("seq"))[-2:]
    webhooks = list(WebhookDelivery.objects.select_related("event").order_by("event__seq"))
    assert [(d.event.type, d.event.seq, d.event.data["event"]["to_status"]) for d in webhooks] == [
        ("order.status_changed", events[0].seq, "accepted"), ("order.status_changed", events[1].seq, "preparing")]
    assert webhooks[0].event.data["order"]["id"] == str(order.pk) and webhooks[0].event.data["seq"] == events[0].seq


def test_events_before_the_first_endpoint_are_not_sent_and_unsubscribed_types_are_skipped(owner_a, tenant_a):
    connection.set_tenant(tenant_a)
    order = OrderFactory()
    transition_order(order, S.ACCEPTED, actor=UserFactory(role="kitchen"))  # before any endpoint
    connection.set_schema_to_public()
    make_endpoint(owner_a, "https://pos.example.com/hooks", ["order.eta_changed"])
    connection.set_tenant(tenant_a)
    transition_order(order, S.PREPARING, actor=UserFactory(role="kitchen"))
    assert outbox.collect_order_events() == 1
    assert not WebhookDelivery.objects.exists()


def test_the_receiver_failing_then_answering_200_gets_one_success_with_the_same_id_on_the_schedule(
        owner_a, tenant_a, receiver):
    receiver.statuses = [500, 500, 500, 200]
    make_endpoint(owner_a, receiver.url)
    sold_out(owner_a, tenant_a)
    pending = only_delivery(tenant_a)
    now, waits = timezone.now(), []
    for expected in (500, 500, 500, 200):
        assert delivery.attempt(pending.pk, now=now).status_code == expected
        pending.refresh_from_db()
        if pending.status == Status.PENDING:
            not_yet = pending.next_attempt_at - timedelta(milliseconds=1)
            assert delivery.attempt(pending.pk, now=not_yet) is None  # the clock has not reached it
            waits.append(pending.next_attempt_at - now)
            now = pending.next_attempt_at
    requests = receiver.wait_for(4)
    assert {r["headers"]["webhook-id"] for r in requests} == {pending.event_id}
    assert pending.status == Status.SUCCEEDED
    assert [a.status_code for a in WebhookAttempt.objects.filter(delivery=pending)] == [500, 500, 500, 200]
    for wait, planned in zip(waits, delivery.RETRY_DELAYS, strict=False):
        assert planned * 0.9 <= wait <= planned * 1.1
    assert len(waits) == 3


def test_the_whole_schedule_is_ten_attempts_with_jitter_then_the_delivery_fails(owner_a, tenant_a, receiver):
    receiver.statuses = [500]
    make_endpoint(owner_a, receiver.url)
    sold_out(owner_a, tenant_a)
    pending = only_delivery(tenant_a)
    now, waits = timezone.now(), []
    for _ in range(10):
        assert delivery.attempt(pending.pk, now=now) is not None
        pending.refresh_from_db()
        if pending.next_attempt_at:
            waits.append(pending.next_attempt_at - now)
            now = pending.next_attempt_at
    assert pending.status == Status.FAILED and pending.attempts == 10 and len(receiver.requests) == 10
    assert len(waits) == 9
    for wait, planned in zip(waits, delivery.RETRY_DELAYS, strict=True):
        assert planned * 0.9 <= wait <= planned * 1.1
    assert len({w.total_seconds() / p.total_seconds() for w, p in zip(waits, delivery.RETRY_DELAYS, strict=True)}) > 1


def test_retry_after_from_the_receiver_is_honoured(owner_a, tenant_a, receiver):
    receiver.statuses, receiver.extra_headers = [503], {"Retry-After": "900"}
    make_endpoint(owner_a, receiver.url)
    sold_out(owner_a, tenant_a)
    pending = only_delivery(tenant_a)
    now = timezone.now()
    delivery.attempt(pending.pk, now=now)
    pending.refresh_from_db()
    assert pending.next_attempt_at - now >= timedelta(seconds=900)


def test_410_disables_the_endpoint_and_fails_what_was_pending_until_it_is_enabled_and_redelivered(
        owner_a, tenant_a, receiver):
    receiver.statuses = [410, 200]
    endpoint = make_endpoint(owner_a, receiver.url)
    sold_out(owner_a, tenant_a)
    sold_out(owner_a, tenant_a)
    connection.set_tenant(tenant_a)
    first, second = WebhookDelivery.objects.order_by("id")
    assert delivery.attempt(first.pk, now=timezone.now()).status_code == 410
    assert delivery.attempt(second.pk, now=timezone.now()) is None
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {Status.FAILED}
    assert len(receiver.requests) == 1
    connection.set_schema_to_public()
    shown = owner_a.get(f"/api/v1/manage/webhooks/{endpoint['id']}/").json()
    assert shown["enabled"] is False and "410" in shown["disabled_reason"]
    assert owner_a.patch(f"/api/v1/manage/webhooks/{endpoint['id']}/", {"enabled": True}, format="json").json()["enabled"]
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    redone = owner_a.post(f"/api/v1/manage/webhooks/{endpoint['id']}/redeliver/", {"since": since}, format="json")
    assert redone.status_code == 202 and redone.json() == {"redelivered": 2}
    connection.set_tenant(tenant_a)
    assert delivery.attempt(first.pk, now=timezone.now()).status_code == 200
    assert receiver.requests[1]["headers"]["webhook-id"] == first.event_id


def test_an_endpoint_failing_for_five_days_is_disabled_and_the_owner_is_told(
        owner_a, tenant_a, receiver, django_capture_on_commit_callbacks):
    receiver.statuses = [500]
    endpoint = make_endpoint(owner_a, receiver.url)
    sold_out(owner_a, tenant_a)
    pending = only_delivery(tenant_a)
    now = timezone.now()
    delivery.attempt(pending.pk, now=now)
    assert WebhookEndpoint.objects.get(pk=endpoint["id"]).failing_since == now
    pending.refresh_from_db()
    later = now + timedelta(days=5)
    WebhookDelivery.objects.filter(pk=pending.pk).update(next_attempt_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        delivery.attempt(pending.pk, now=later)
    assert WebhookEndpoint.objects.get(pk=endpoint["id"]).enabled is False
    assert [m.to for m in mail.outbox] == [["owner@alpha.test"]] and receiver.url in mail.outbox[0].body


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/hooks", "http://10.0.0.1/hooks", "http://169.254.169.254/latest/meta-data/",
    "http://localhost:{port}/hooks", "http://[::1]:{port}/hooks", "http://[::ffff:127.0.0.1]:{port}/hooks",
])
def test_requests_to_private_loopback_or_link_local_addresses_are_refused_before_connecting(
        owner_a, tenant_a, url):
    target = Receiver()  # a loopback server that must hear nothing: its port is not let through
    try:
        make_endpoint(owner_a, url.format(port=target.port))
        sold_out(owner_a, tenant_a)
        pending = only_delivery(tenant_a)
        logged = delivery.attempt(pending.pk, now=timezone.now())
        assert logged.status_code is None and "blocked_address" in logged.error
        assert target.requests == []
    finally:
        target.close()


def test_a_redirect_is_a_failed_attempt_and_is_never_followed(owner_a, tenant_a, receiver):
    target = Receiver()  # a redirect could point anywhere: loopback, another origin, plain http
    try:
        receiver.statuses, receiver.extra_headers = [307], {"Location": target.url}
        make_endpoint(owner_a, receiver.url)
        sold_out(owner_a, tenant_a)
        logged = delivery.attempt(only_delivery(tenant_a).pk, now=timezone.now())
        assert len(receiver.requests) == 1 and target.requests == []
        assert logged.status_code == 307
        assert only_delivery(tenant_a).status == "pending"  # retried on the schedule
    finally:
        target.close()


@override_settings(WEBHOOK_ALLOW_HTTP=False)
def test_endpoints_must_use_https_where_http_is_not_allowed(owner_a):
    response = owner_a.post("/api/v1/manage/webhooks/", {"url": "http://pos.example.com/h",
                                                          "event_types": ["order.created"]}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_webhook_url"


def test_after_a_rotation_both_secrets_verify_for_24_hours_then_only_the_new_one(owner_a, tenant_a, receiver):
    endpoint = make_endpoint(owner_a, receiver.url)
    rotated = owner_a.post(f"/api/v1/manage/webhooks/{endpoint['id']}/rotate-secret/").json()
    assert rotated["secret"] != endpoint["secret"]
    sold_out(owner_a, tenant_a)
    sold_out(owner_a, tenant_a)
    connection.set_tenant(tenant_a)
    first, second = WebhookDelivery.objects.order_by("id")
    delivery.attempt(first.pk, now=timezone.now())
    request = receiver.wait_for(1)[0]
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    assert verify(endpoint["secret"], request) and verify(rotated["secret"], request)
    delivery.attempt(second.pk, now=timezone.now() + timedelta(hours=24, seconds=1))
    late = receiver.wait_for(2)[1]
    assert len(late["headers"]["webhook-signature"].split(" ")) == 1


def test_the_delivery_log_shows_each_attempt_and_one_event_can_be_redelivered(owner_a, tenant_a, receiver):
    receiver.statuses = [500, 200]
    endpoint = make_endpoint(owner_a, receiver.url)
    sold_out(owner_a, tenant_a)
    pending = only_delivery(tenant_a)
    delivery.attempt(pending.pk, now=timezone.now())
    connection.set_schema_to_public()
    log = owner_a.get(f"/api/v1/manage/webhooks/{endpoint['id']}/deliveries/").json()["results"]
    assert [(d["event_id"], d["status"], [a["status_code"] for a in d["attempt_log"]]) for d in log] == [
        (pending.event_id, "pending", [500])]
    assert json.loads(log[0]["attempt_log"][0]["response_body"]) == {"received": 0}
    again = owner_a.post(f"/api/v1/manage/webhooks/{endpoint['id']}/deliveries/{pending.pk}/redeliver/")
    assert again.status_code == 202 and again.json()["attempts"] == 0
    connection.set_tenant(tenant_a)
    assert delivery.attempt(pending.pk, now=timezone.now()).status_code == 200


def test_a_test_event_goes_to_that_endpoint_only(owner_a, tenant_a, receiver):
    endpoint = make_endpoint(owner_a, receiver.url)
    make_endpoint(owner_a, "https://other.example.com/h")
    queued = owner_a.post(f"/api/v1/manage/webhooks/{endpoint['id']}/test/")
    assert queued.status_code == 202 and queued.json()["event_type"] == "webhook.test"
    connection.set_tenant(tenant_a)
    assert delivery.attempt(queued.json()["id"], now=timezone.now()).status_code == 200
    assert verify(endpoint["secret"], receiver.wait_for(1)[0])["type"] == "webhook.test"
    assert WebhookDelivery.objects.count() == 1


def test_pausing_a_location_is_one_location_paused_and_one_menu_updated_event(owner_a, tenant_a):
    connection.set_tenant(tenant_a)
    location = LocationFactory()
    connection.set_schema_to_public()
    make_endpoint(owner_a, "https://pos.example.com/h", ["location.paused", "menu.updated"])
    paused = owner_a.patch(f"/api/v1/manage/locations/{location.pk}/", {"busy_mode": "paused"}, format="json")
    assert paused.status_code == 200, paused.content
    connection.set_tenant(tenant_a)
    events = {d.event.type: d.event.data for d in WebhookDelivery.objects.select_related("event")}
    assert sorted(events) == ["location.paused", "menu.updated"]
    assert events["location.paused"]["location_id"] == str(location.pk) and events["location.paused"]["paused"] is True


def test_another_brand_cannot_see_or_change_an_endpoint(owner_a, owner_b):
    endpoint = make_endpoint(owner_a, "https://pos.example.com/h")
    assert owner_b.get(f"/api/v1/manage/webhooks/{endpoint['id']}/").status_code == 404
    assert owner_b.get(f"/api/v1/manage/webhooks/{endpoint['id']}/deliveries/").status_code == 404
    assert owner_b.get("/api/v1/manage/webhooks/").json()["results"] == []


def test_a_key_with_webhooks_write_manages_endpoints_and_others_get_insufficient_scope(owner_a, tenant_a):
    writer = key_client(tenant_a, make_key(owner_a, scopes=["webhooks:write"])["key"])
    reader = key_client(tenant_a, make_key(owner_a, scopes=["menu:read"])["key"])
    body = {"url": "https://pos.example.com/h", "event_types": ["order.created"]}
    assert writer.post("/api/v1/manage/webhooks/", body, format="json").status_code == 201
    refused = reader.get("/api/v1/manage/webhooks/")
    assert refused.status_code == 403 and refused.json()["required_scope"] == "webhooks:write"
