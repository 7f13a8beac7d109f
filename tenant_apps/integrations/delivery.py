"""One delivery attempt, and what follows from its outcome. Every function takes `now`, so tests
drive the retry schedule with their own clock.

A worker first leases the delivery (one UPDATE that only one claimant can win), posts without
holding a transaction or a row lock, then records the attempt and the next step in one
transaction. A worker killed mid-request leaves a pending delivery with a lease that runs out;
the sweep then hands it to another worker, which sends the same event (same `webhook-id`) again:
at least once, never silently dropped.
"""

import json
import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from shared_apps.accounts.models import User

from . import outbound, outbox, signing
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

# Standard Webhooks' schedule: the first attempt at once, then these waits after each failure.
RETRY_DELAYS = (timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
                timedelta(hours=5), timedelta(hours=10), timedelta(hours=14), timedelta(hours=20),
                timedelta(hours=24))
JITTER = 0.1  # each wait is stretched or shrunk by up to 10 %, so retries of many events spread out
MAX_RETRY_AFTER = timedelta(hours=24)
DISABLE_AFTER_FAILING = timedelta(days=5)
Status = WebhookDelivery.Status


def claim(delivery_id: int, *, now) -> WebhookDelivery | None:
    """Lease a due, pending delivery for one attempt; None if it is not due, done, or held."""
    lease = now + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    taken = (WebhookDelivery.objects
             .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now),
                     pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now)
             .update(leased_until=lease))
    if not taken:
        return None
    return WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)


def body_of(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    return json.dumps({"type": event.type, "timestamp": event.created.isoformat(), "data": event.data},
                      separators=(",", ":")).encode()


def attempt(delivery_id: int, *, now) -> WebhookAttempt | None:
    """Claim, post, record. None if there was nothing to attempt."""
    delivery = claim(delivery_id, now=now)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    if not endpoint.enabled:
        _finish(delivery, Status.FAILED, now)
        return None
    body = body_of(delivery)
    headers = signing.headers(endpoint.signing_secrets(now), delivery.event_id, int(now.timestamp()), body)
    outcome = outbound.post(endpoint.url, body, headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    return record(delivery, outcome, now=now)


def record(delivery: WebhookDelivery, outcome: outbound.Outcome, *, now) -> WebhookAttempt | None:
    """The attempt and what follows, in one transaction; None if the endpoint was deleted meanwhile."""
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(of=("self",)).select_related("endpoint")
                    .filter(pk=delivery.pk).first())
        if delivery is None:
            return None
        delivery.attempts += 1
        logged = WebhookAttempt.objects.create(
            delivery=delivery, number=delivery.attempt_log.count() + 1, started_at=now,
            duration_ms=outcome.duration_ms, status_code=outcome.status_code, error=outcome.error,
            response_body=outcome.body)
        code = outcome.status_code
        if code is not None and 200 <= code < 300:
            _finish(delivery, Status.SUCCEEDED, now)
            WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, failing_since__isnull=False).update(failing_since=None)
        elif code == 410:
            _finish(delivery, Status.FAILED, now)
            disable(delivery.endpoint, reason="The receiver answered 410 Gone.", now=now)
        else:
            _retry_or_give_up(delivery, outcome, now)
            _note_failure(delivery.endpoint, now)
    return logged


def _finish(delivery: WebhookDelivery, status: str, now) -> None:
    delivery.status, delivery.finished_at, delivery.leased_until, delivery.next_attempt_at = status, now, None, None
    delivery.save(update_fields=["status", "finished_at", "leased_until", "next_attempt_at", "attempts"])


def next_delay(attempts_made: int, retry_after: float | None = None) -> timedelta | None:
    """The wait before the next attempt after `attempts_made` failed ones; None: give up."""
    if attempts_made > len(RETRY_DELAYS):
        return None
    delay = RETRY_DELAYS[attempts_made - 1] * random.uniform(1 - JITTER, 1 + JITTER)
    if retry_after is not None:  # the receiver asked for more time: grant it, within reason
        delay = max(delay, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    return delay


def _retry_or_give_up(delivery: WebhookDelivery, outcome: outbound.Outcome, now) -> None:
    delay = next_delay(delivery.attempts, outcome.retry_after)
    if delay is None:
        _finish(delivery, Status.FAILED, now)
        return
    delivery.next_attempt_at, delivery.leased_until = now + delay, None
    delivery.save(update_fields=["next_attempt_at", "leased_until", "attempts"])
    if delay < timedelta(seconds=settings.WEBHOOK_SWEEP_SECONDS):  # sooner than the sweep would
        pk = delivery.pk
        transaction.on_commit(lambda: outbox.send_delivery(pk, countdown=delay.total_seconds()))


def _note_failure(endpoint: WebhookEndpoint, now) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(failing_since=now)
    endpoint.refresh_from_db(fields=["failing_since", "enabled"])
    if endpoint.enabled and now - endpoint.failing_since >= DISABLE_AFTER_FAILING:
        disable(endpoint, reason="Every delivery failed for 5 days.", now=now)
        transaction.on_commit(lambda: _tell_owners(endpoint))


def disable(endpoint: WebhookEndpoint, *, reason: str, now) -> None:
    """Stop sending to `endpoint`; its pending deliveries fail (redeliver brings them back)."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(enabled=False, disabled_reason=reason)
    endpoint.enabled, endpoint.disabled_reason = False, reason
    WebhookDelivery.objects.filter(endpoint=endpoint, status=Status.PENDING).update(
        status=Status.FAILED, finished_at=now, next_attempt_at=None, leased_until=None)
    outbox.forget_endpoints()


def _tell_owners(endpoint: WebhookEndpoint) -> None:
    owners = list(User.objects.filter(role=User.Role.OWNER, is_active=True).values_list("email", flat=True))
    if owners:
        send_mail("A webhook endpoint was disabled",
                  f"Every delivery to {endpoint.url} failed for 5 days, so it was disabled. Fix the receiver, "
                  "then enable it again and redeliver the failed events from the console or the API.",
                  settings.DEFAULT_FROM_EMAIL, owners)


def due(*, now, limit: int = 1000) -> list[int]:
    """Pending deliveries whose time has come and that no live lease holds (the sweep's work)."""
    return list(WebhookDelivery.objects
                .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now),
                        status=Status.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def redeliver(deliveries, *, now) -> int:
    """Send these deliveries again from the start of the schedule (same event, same id)."""
    ids = list(deliveries.values_list("pk", flat=True))
    WebhookDelivery.objects.filter(pk__in=ids).update(
        status=Status.PENDING, attempts=0, next_attempt_at=now, finished_at=None, leased_until=None)
    outbox.hand_over_on_commit(ids)
    return len(ids)

