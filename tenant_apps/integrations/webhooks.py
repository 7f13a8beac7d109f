"""Webhook endpoints: create, change, rotate the secret, delete, test; redelivery. Each change is
audited in the service's transaction."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tenants.audit import Actor

from . import audit, delivery, outbox, signing
from .errors import InvalidEndpointUrl, UnknownEventType
from .models import WebhookDelivery, WebhookEndpoint

ROTATION_OVERLAP = timedelta(hours=24)


def _check(url: str, event_types: list[str]) -> None:
    scheme = urlsplit(url).scheme
    if scheme != "https" and not (settings.WEBHOOK_ALLOW_HTTP and scheme == "http"):
        raise InvalidEndpointUrl("Webhook URLs must use https.", fields={"url": ["Must be an https:// URL."]})
    unknown = sorted(set(event_types) - set(outbox.EVENT_TYPES))
    if unknown or not event_types:
        raise UnknownEventType(f"Unknown event types: {', '.join(unknown)}." if unknown else "Name at least one event type.",
                               fields={"event_types": [f"Choose from {', '.join(outbox.EVENT_TYPES)}."]})


def create_endpoint(*, url: str, event_types: list[str], description: str = "", actor: Actor) -> WebhookEndpoint:
    _check(url, event_types)
    with transaction.atomic():
        outbox.start_collecting()
        endpoint = WebhookEndpoint.objects.create(url=url, event_types=sorted(set(event_types)),
                                                  description=description, secret=signing.new_secret())
        audit.record("webhook_endpoint.created", actor, f"webhook_endpoint:{endpoint.pk}", {"url": url, "event_types": endpoint.event_types})
        outbox.forget_endpoints()
    return endpoint


def update_endpoint(endpoint: WebhookEndpoint, *, actor: Actor, **changes) -> WebhookEndpoint:
    """Change url, event_types, description or enabled. Enabling again clears the failure record."""
    _check(changes.get("url", endpoint.url), changes.get("event_types", endpoint.event_types))
    with transaction.atomic():
        # Locked and saved by field: a rotation or a disable by the delivery worker in between
        # is neither undone nor overwritten with what the caller loaded before it.
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        for field, value in changes.items():
            setattr(endpoint, field, sorted(set(value)) if field == "event_types" else value)
        saved = list(changes)
        if changes.get("enabled"):
            endpoint.disabled_reason, endpoint.failing_since = "", None
            saved += ["disabled_reason", "failing_since"]
        endpoint.save(update_fields=saved)
        audit.record("webhook_endpoint.updated", actor, f"webhook_endpoint:{endpoint.pk}", dict(changes))
        outbox.forget_endpoints()
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint, *, actor: Actor, now=None) -> WebhookEndpoint:
    """A new secret signs from now on; the old one signs as well for 24 h (two signatures)."""
    now = now or timezone.now()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.previous_secret, endpoint.secret = endpoint.secret, signing.new_secret()
        endpoint.previous_secret_expires_at = now + ROTATION_OVERLAP
        endpoint.save(update_fields=["previous_secret", "secret", "previous_secret_expires_at"])
        audit.record("webhook_endpoint.secret_rotated", actor, f"webhook_endpoint:{endpoint.pk}", {"old_valid_until": endpoint.previous_secret_expires_at.isoformat()})
    return endpoint


def delete_endpoint(endpoint: WebhookEndpoint, *, actor: Actor) -> None:
    with transaction.atomic():
        # A worker records an attempt under its delivery's lock, and writers of new deliveries lock
        # the endpoint (outbox.subscribed_endpoints): taking the same locks, in that order (the
        # order a worker takes them in too), makes them finish before the cascade collects their
        # rows, or find the endpoint gone after.
        list(endpoint.deliveries.select_for_update().values_list("pk", flat=True))
        WebhookEndpoint.objects.select_for_update().filter(pk=endpoint.pk).first()
        audit.record("webhook_endpoint.deleted", actor, f"webhook_endpoint:{endpoint.pk}", {"url": endpoint.url})
        endpoint.delete()
        outbox.forget_endpoints()


def send_test_event(endpoint: WebhookEndpoint, *, actor: Actor) -> WebhookDelivery:
    with transaction.atomic():
        ids = outbox.emit(outbox.TEST_EVENT_TYPE, source=f"test:{outbox.new_event_id()}",
                          data={"message": "A test event from Brigade."}, endpoints=[endpoint])
        audit.record("webhook_endpoint.test_sent", actor, f"webhook_endpoint:{endpoint.pk}", {})
    return WebhookDelivery.objects.select_related("event").get(pk=ids[0])


def redeliver_one(delivery_: WebhookDelivery, *, actor: Actor) -> WebhookDelivery:
    with transaction.atomic():
        delivery.redeliver(WebhookDelivery.objects.filter(pk=delivery_.pk), now=timezone.now())
        audit.record("webhook_delivery.redelivered", actor, f"webhook_endpoint:{delivery_.endpoint.pk}", {"delivery": delivery_.pk})
    delivery_.refresh_from_db()
    return delivery_


def redeliver_failed(endpoint: WebhookEndpoint, *, since, actor: Actor) -> int:
    """Send again every failed delivery of `endpoint` created at or after `since`."""
    with transaction.atomic():
        count = delivery.redeliver(endpoint.deliveries.filter(status=WebhookDelivery.Status.FAILED, created__gte=since),
                                   now=timezone.now())
        audit.record("webhook_delivery.redelivered", actor, f"webhook_endpoint:{endpoint.pk}", {"since": since.isoformat(), "count": count})
    return count

