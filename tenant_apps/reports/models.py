"""Daily sales per location and business date, in the brand's schema.

Built once the location's local day is over (`build.build_daily_report`); the figures are a
snapshot of the orders of that business date then. Money in minor units of `currency`.
"""

from django.db import models


class DailyReport(models.Model):
    location = models.ForeignKey("catalog.Location", null=True, on_delete=models.SET_NULL, related_name="daily_reports")
    location_name = models.CharField(max_length=120)
    business_date = models.DateField()
    timezone = models.CharField(max_length=64)
    # The local day in UTC: 23, 24 or 25 hours long (DST).
    day_start = models.DateTimeField()
    day_end = models.DateTimeField()
    currency = models.CharField(max_length=3)

    orders = models.PositiveIntegerField(help_text="Orders of the day, whatever became of them.")
    sales_orders = models.PositiveIntegerField(help_text="Orders that count as sales (not cancelled, rejected, unpaid).")
    revenue_cents = models.BigIntegerField(help_text="Total paid by customers for the sales orders.")
    subtotal_cents = models.BigIntegerField()
    tax_cents = models.BigIntegerField()
    discount_cents = models.BigIntegerField()
    tip_cents = models.BigIntegerField()
    delivery_fee_cents = models.BigIntegerField()
    average_ticket_cents = models.PositiveIntegerField()
    # {status: {"orders", "total_cents"}}, and the same by fulfillment and by payment method (sales only).
    by_status = models.JSONField(default=dict)
    by_fulfillment = models.JSONField(default=dict)
    by_payment_method = models.JSONField(default=dict)
    # [{"start" (ISO, local offset), "orders", "revenue_cents"}], one per hour of the local day.
    hourly = models.JSONField(default=list)
    top_items = models.JSONField(default=list)  # [{"name", "quantity", "revenue_cents"}]
    top_modifiers = models.JSONField(default=list)  # [{"name", "quantity"}]
    cancellations = models.JSONField(default=list)  # [{"status", "reason", "orders"}]
    average_prep_seconds = models.PositiveIntegerField(null=True, help_text="Placed to ready.")
    average_delivery_seconds = models.PositiveIntegerField(null=True, help_text="Out for delivery to delivered.")
    built_at = models.DateTimeField()

    class Meta:
        ordering = ["-business_date", "location_name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "business_date"], name="reports_daily_location_date_unique"),
        ]
        indexes = [models.Index(fields=["business_date"], name="reports_daily_date")]

    def __str__(self):
        return f"{self.location_name} {self.business_date}"
