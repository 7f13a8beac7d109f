"""Plans, each brand's subscription to one, the record of plan changes, and invoices.

Money is integer minor units (`*_cents`) plus an ISO currency, never floats. A limit of None
means "no limit".
"""

from django.db import models

from tenants.models import Tenant


class Plan(models.Model):
    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=280, blank=True)
    monthly_price_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="EUR")
    per_order_fee_cents = models.PositiveIntegerField(default=0)
    max_locations = models.PositiveIntegerField(null=True, blank=True)
    max_staff = models.PositiveIntegerField(null=True, blank=True, help_text="Staff users (owner included).")
    max_orders_per_month = models.PositiveIntegerField(null=True, blank=True)
    included_orders = models.PositiveIntegerField(
        default=0, help_text="Orders a month the fee covers; each one over costs per_order_fee_cents.")
    trial_days = models.PositiveIntegerField(default=14)
    is_active = models.BooleanField(default=True, help_text="Offered to new sign-ups and plan changes.")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "monthly_price_cents"]

    def __str__(self):
        return self.code

    def limit_for(self, resource: str) -> int | None:
        return {
            "locations": self.max_locations,
            "staff": self.max_staff,
            "orders": self.max_orders_per_month,
        }[resource]


class Subscription(models.Model):
    """A brand's one subscription. Its status is about money; Tenant.status gates the storefront."""

    class Status(models.TextChoices):
        TRIALING = "trialing"
        ACTIVE = "active"
        PAST_DUE = "past_due"
        SUSPENDED = "suspended"  # by dunning: unpaid past the second grace period
        CANCELLED = "cancelled"

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="subscription")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TRIALING, db_index=True)
    trial_end = models.DateTimeField(null=True, blank=True)
    current_period_start = models.DateTimeField()
    current_period_end = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.tenant} on {self.plan} ({self.status})"


class PlanChange(models.Model):
    """When a subscription moved between plans, and who moved it: invoicing prorates from these."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="plan_changes")
    from_plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    to_plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["changed_at"]

    def __str__(self):
        return f"{self.from_plan} → {self.to_plan} at {self.changed_at:%Y-%m-%d %H:%M}"


class Invoice(models.Model):
    """One billing period's invoice: the plan fee (prorated over plan changes) and the orders over
    the plan's included ones. One per tenant and period; numbered without gaps per issuer."""

    class Status(models.TextChoices):
        DRAFT = "draft"
        OPEN = "open"
        PAID = "paid"
        VOID = "void"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="invoices")
    number = models.CharField(max_length=32, unique=True)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    total_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    orders_placed = models.PositiveIntegerField(default=0, help_text="Metered: orders placed in the period.")
    due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(max_length=20, default="manual")
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [models.UniqueConstraint(fields=["tenant", "period_start"], name="billing_invoice_period_unique")]

    def __str__(self):
        return self.number


class InvoiceLine(models.Model):
    class Kind(models.TextChoices):
        PLAN_FEE = "plan_fee"
        ORDER_FEES = "order_fees"

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.CharField(max_length=200)
    quantity = models.PositiveIntegerField(default=1)
    unit_amount_cents = models.PositiveIntegerField()
    amount_cents = models.PositiveIntegerField()

    class Meta:
        ordering = ["invoice", "position"]

    def __str__(self):
        return self.description


class InvoiceCounter(models.Model):
    """The last invoice number given by one issuer. Its row lock makes numbers gapless: a number is
    taken in the invoice's own transaction, so a rollback gives it back."""

    issuer = models.CharField(max_length=16, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.issuer}: {self.last_number}"
