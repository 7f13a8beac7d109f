"""API keys and outgoing webhooks of one brand (rows live in the brand's schema).

Webhooks are a durable outbox: an event to send is a `WebhookEvent` row and, per subscribed
endpoint, a `WebhookDelivery` row, both written in a transaction that commits before anything is
sent. Tasks only move deliveries forward; a lost task, a killed worker or a restarted Redis leaves
rows that the sweep (tasks.sweep) finds again. Every HTTP attempt is a `WebhookAttempt` row.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class ApiKey(models.Model):
    """A key an integrator holds. Only its keyed hash is stored (keys.hash_key says why)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=20, help_text="`bk_live_` and the key's first characters, shown for support.")
    hashed_key = models.CharField(max_length=64, unique=True)
    scopes = ArrayField(models.CharField(max_length=32))
    location = models.ForeignKey("catalog.Location", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 help_text="Only this location's data, if set.")
    rate_limit_per_minute = models.PositiveIntegerField()
    # The key acts with its creator's authority, narrowed to its scopes; it stops working if that
    # person is no longer an active owner.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable_at(self, at) -> bool:
        return self.revoked_at is None and (self.expires_at is None or at < self.expires_at)


class WebhookEndpoint(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    event_types = ArrayField(models.CharField(max_length=64))
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    secret = models.CharField(max_length=80)
    # After a rotation the old secret still signs (a second signature) until this instant, so a
    # receiver can switch without dropping a delivery.
    previous_secret = models.CharField(max_length=80, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    # Start of the current run of failed attempts; None after a success. 5 days of it disables.
    failing_since = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return self.url

    def signing_secrets(self, at) -> list[str]:
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_expires_at and at < self.previous_secret_expires_at:
            secrets.append(self.previous_secret)
        return secrets


class WebhookEvent(models.Model):
    """One event to announce. `id` is the `webhook-id` header, the same on every attempt.
    `source` is unique: the same order event or catalog change never becomes two events."""

    id = models.CharField(primary_key=True, max_length=40)
    type = models.CharField(max_length=64)
    source = models.CharField(max_length=80, unique=True)
    seq = models.BigIntegerField(null=True, blank=True, help_text="The order event's seq, for order events.")
    data = models.JSONField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return f"{self.type} {self.id}"


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        SUCCEEDED = "succeeded"
        FAILED = "failed", "Failed: gave up, or the endpoint was disabled"

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker that takes the delivery holds it until this instant; one killed mid-request lets go
    # of it when the lease runs out, and the sweep hands the delivery to another.
    leased_until = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "endpoint"], name="integrations_delivery_once")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="integrations_delivery_due")]

    def __str__(self):
        return f"{self.event_id} → {self.endpoint_id}: {self.status}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response_body = models.TextField(blank=True, help_text="The first 4 KB of the response.")

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self):
        return f"attempt {self.number}: {self.status_code or self.error}"


class CollectorState(models.Model):
    """One row: the last `OrderEvent.seq` turned into webhook events. seq order is commit order
    (orders.event_bus), so everything at or below it has been seen."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    order_seq = models.BigIntegerField(default=0)

    def __str__(self):
        return f"collected up to seq {self.order_seq}"
