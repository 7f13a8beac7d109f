"""Orders, their lines and events, checkout idempotency keys and payments. All in the brand's schema.

Money is integer minor units (`*_cents`) in the order's `currency` (the brand's currency when the
order was placed). Every change of `Order.status` goes through `services.transition_order`, which
writes an `OrderEvent` with a per-brand increasing `seq` in the same transaction.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from .states import CLOSED_STATUSES, Status


def new_tracking_token() -> str:
    # 32 url-safe characters (192 bits): unguessable, so the public tracking page needs no login.
    return secrets.token_urlsafe(24)


class Order(models.Model):
    Status = Status

    class Fulfillment(models.TextChoices):
        PICKUP = "pickup"
        DELIVERY = "delivery"

    class PaymentMethod(models.TextChoices):
        CASH = "cash"
        CARD = "card"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # SET_NULL, not PROTECT: deleting a location must not fail on its history; the order keeps
    # the location's name as a snapshot.
    location = models.ForeignKey("catalog.Location", null=True, on_delete=models.SET_NULL, related_name="orders")
    location_name = models.CharField(max_length=120, blank=True, help_text="Snapshot for receipts.")
    # Per location and local business day: 1, 2, 3, ... (what the kitchen calls out).
    number = models.PositiveIntegerField()
    business_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    fulfillment = models.CharField(max_length=10, choices=Fulfillment.choices)

    customer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="orders")
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40, blank=True)
    delivery_address = models.JSONField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    # None: as soon as possible; otherwise the start of the chosen slot.
    scheduled_for = models.DateTimeField(null=True, blank=True)
    estimated_ready_at = models.DateTimeField(null=True, blank=True)
    # Delivery orders only, and empty until staff give one (`services.change_eta`): delivery zones
    # carry no travel time, so checkout cannot estimate it.
    estimated_delivery_at = models.DateTimeField(null=True, blank=True)

    currency = models.CharField(max_length=3)
    prices_include_tax = models.BooleanField()
    subtotal_cents = models.PositiveIntegerField()
    discount_cents = models.PositiveIntegerField(default=0)
    tax_cents = models.PositiveIntegerField()
    delivery_fee_cents = models.PositiveIntegerField(default=0)
    tip_cents = models.PositiveIntegerField(default=0)
    total_cents = models.PositiveIntegerField()
    promo_code = models.CharField(max_length=40, blank=True)

    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    tracking_token = models.CharField(max_length=64, unique=True, default=new_tracking_token, editable=False)

    created = models.DateTimeField(default=timezone.now, db_index=True)
    placed_at = models.DateTimeField(null=True, blank=True)
    status_changed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["location", "business_date", "number"], name="orders_order_number_unique"),
        ]
        indexes = [
            models.Index(fields=["location", "status", "created"], name="orders_location_status"),
            # Promo usage is counted at every checkout that carries a code.
            models.Index(fields=["promo_code"], condition=~models.Q(promo_code=""), name="orders_promo_code"),
        ]

    def __str__(self):
        return f"#{self.number} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES


class OrderLine(models.Model):
    """A snapshot of what was ordered: names and prices are copied, so menu edits never change it."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    item_id = models.UUIDField(null=True, blank=True, help_text="The catalog item, for reference only.")
    name = models.CharField(max_length=120)
    quantity = models.PositiveIntegerField()
    unit_price_cents = models.PositiveIntegerField()
    # [{"id", "name", "quantity", "unit_price_cents", "charged_cents"}], charged per unit of the item.
    modifiers = models.JSONField(default=list)
    modifiers_cents = models.PositiveIntegerField(default=0, help_text="Charged modifiers per unit of the item.")
    tax_category = models.CharField(max_length=12)
    tax_rate_bp = models.PositiveIntegerField(help_text="Tax rate in basis points (1900 = 19%).")
    subtotal_cents = models.PositiveIntegerField(help_text="(unit price + modifiers) × quantity, as listed.")
    discount_cents = models.PositiveIntegerField(default=0)
    tax_cents = models.PositiveIntegerField()
    total_cents = models.PositiveIntegerField(help_text="What the customer pays for this line, tax included.")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["order", "position"]
        constraints = [models.UniqueConstraint(fields=["order", "position"], name="orders_line_position_unique")]

    def __str__(self):
        return f"{self.quantity} × {self.name}"


class OrderEvent(models.Model):
    """One change of an order: who, when, from, to, why. `seq` increases per brand without gaps
    in commit order (see events.INSERT_SQL), so a client that saw `seq` N has seen every event
    up to N and can ask for the ones after it."""

    class Kind(models.TextChoices):
        CREATED = "created"
        STATUS_CHANGED = "status_changed"
        # The estimated ready/delivery time changed; from_status == to_status == the order's status.
        ETA_CHANGED = "eta_changed"

    seq = models.BigIntegerField(unique=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    # The order's location, copied when the event is written: a location's kitchen stream is read
    # by (location_id, seq) from one index, whatever the brand's size, not through a join that
    # scans every event of the brand. Not a key: it outlives a deleted location, as the event does.
    location_id = models.UUIDField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_role = models.CharField(max_length=20, help_text="The actor's role then, or `system`.")
    reason = models.CharField(max_length=500, blank=True)
    # The order's estimates as this event left them: the record of what the customer was told
    # then (the order itself only holds the latest).
    estimated_ready_at = models.DateTimeField(null=True, blank=True)
    estimated_delivery_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["location_id", "seq"], name="orders_event_location_seq")]

    def __str__(self):
        return f"{self.seq}: {self.from_status or '-'} → {self.to_status}"


class EventCounter(models.Model):
    """One row per schema: the last `OrderEvent.seq` handed out. Its row lock orders event writes."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)

    def __str__(self):
        return f"last seq {self.last_seq}"


class OrderNumberCounter(models.Model):
    """The last order number given at a location on one local business day."""

    location_id = models.UUIDField()
    business_date = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["location_id", "business_date"], name="orders_number_counter_unique"),
        ]

    def __str__(self):
        return f"{self.location_id} {self.business_date}: {self.last_number}"


class IdempotencyKey(models.Model):
    """The first response to a checkout with this `Idempotency-Key`, kept to replay it byte for byte.

    `scope` separates clients (a user id, or `guest`), so one customer's key never replays
    another's order. A row `in_progress` is a checkout being worked on right now.
    """

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress"
        COMPLETED = "completed"

    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.BinaryField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="orders_idempotency_key_unique")]

    def __str__(self):
        return f"{self.scope}/{self.key} ({self.state})"


class Payment(models.Model):
    """The money side of one order, through one provider (`payments.PROVIDERS`)."""

    class Status(models.TextChoices):
        PENDING = "pending"  # cash: to be collected; card: authorisation asked
        AUTHORIZED = "authorized"
        CAPTURED = "captured"
        FAILED = "failed"
        VOIDED = "voided"  # an authorisation released without capture
        REFUNDED = "refunded"
        COLLECTED = "collected"  # cash taken on delivery or pickup

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="payment")
    provider = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    provider_ref = models.CharField(max_length=100, blank=True, db_index=True)
    failure_code = models.CharField(max_length=40, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.provider} {self.status} {self.amount_cents} {self.currency}"


class PaymentWebhookEvent(models.Model):
    """A provider webhook already applied: providers retry, so each event id is processed once."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=100)
    kind = models.CharField(max_length=40)
    payload = models.JSONField()
    received = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="orders_webhook_event_unique")]

    def __str__(self):
        return f"{self.provider} {self.event_id} {self.kind}"


class SlotBooking(models.Model):
    """How many scheduled orders a location holds in one time slot (capacity checked on write)."""

    location_id = models.UUIDField()
    slot_start = models.DateTimeField()
    taken = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location_id", "slot_start"], name="orders_slot_unique")]

    def __str__(self):
        return f"{self.location_id} {self.slot_start:%Y-%m-%d %H:%M}: {self.taken}"


class OrderingSettings(models.Model):
    """The brand's ordering rules: taxes and scheduled-order slots. One row per schema (id 1)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    prices_include_tax = models.BooleanField(default=True, help_text="Menu prices include tax (EU style).")
    # Basis points per catalog tax category: 1900 = 19 %.
    tax_rate_standard_bp = models.PositiveIntegerField(default=1900)
    tax_rate_reduced_bp = models.PositiveIntegerField(default=700)
    tax_rate_zero_bp = models.PositiveIntegerField(default=0)
    slot_minutes = models.PositiveSmallIntegerField(default=15)
    slot_capacity = models.PositiveSmallIntegerField(
        default=5, help_text="Scheduled orders per slot at a location without its own `slot_capacity`.")
    schedule_days_ahead = models.PositiveSmallIntegerField(default=7)
    # The kitchen board's age timer: a card turns amber, then red, this many minutes after the
    # order reached its column (a kitchen sees at a glance what is waiting too long).
    board_amber_minutes = models.PositiveSmallIntegerField(default=10)
    board_red_minutes = models.PositiveSmallIntegerField(default=20)

    def __str__(self):
        return "Ordering settings"

    def capacity_at(self, location) -> int:
        """Places per slot at `location`: its own capacity if it has one, else the brand's default."""
        return self.slot_capacity if location.slot_capacity is None else location.slot_capacity

    @classmethod
    def current(cls) -> "OrderingSettings":
        return cls.objects.get_or_create(id=1)[0]

    def tax_rates_bp(self) -> dict[str, int]:
        return {"standard": self.tax_rate_standard_bp, "reduced": self.tax_rate_reduced_bp, "zero": self.tax_rate_zero_bp}


class PromoCode(models.Model):
    class Kind(models.TextChoices):
        PERCENT = "percent"
        FIXED = "fixed"

    code = models.CharField(max_length=40, unique=True, help_text="Stored upper-case; matched case-insensitively.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # percent: basis points (1000 = 10 %); fixed: minor units.
    value = models.PositiveIntegerField()
    min_subtotal_cents = models.PositiveIntegerField(default=0)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: unlimited.")
    max_uses_per_customer = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: unlimited.")
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.code


class OrderNotification(models.Model):
    """An e-mail sent about an order; the unique key makes a retried task send it once."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, help_text="`confirmation` or the status it announces.")
    sent = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order", "kind"], name="orders_notification_unique")]

    def __str__(self):
        return f"{self.order_id} {self.kind}"


class SavedAddress(models.Model):
    """A registered customer's delivery address, offered again at checkout."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_addresses")
    label = models.CharField(max_length=40, blank=True, help_text="Home, Work, …")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    lat = models.FloatField()
    lng = models.FloatField()
    instructions = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=models.Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                                   name="orders_saved_address_coordinates"),
        ]

    def __str__(self):
        return self.label or self.line1

    def as_delivery_address(self) -> dict:
        """What an order copies: the inline `delivery_address` shape, so a later edit or delete of
        this row never changes an order placed with it."""
        return {"line1": self.line1, "line2": self.line2, "city": self.city, "postcode": self.postcode,
                "lat": self.lat, "lng": self.lng, "instructions": self.instructions}
