from datetime import timedelta

from rest_framework import serializers

from shared_apps.core import fields as core_fields

from .models import DailyReport

FIGURES = ["orders", "sales_orders", "revenue_cents", "subtotal_cents", "tax_cents", "discount_cents", "tip_cents",
           "delivery_fee_cents", "average_ticket_cents", "average_prep_seconds", "average_delivery_seconds"]
BREAKDOWNS = ["by_status", "by_fulfillment", "by_payment_method", "hourly", "top_items", "top_modifiers",
              "cancellations"]


class DailyReportQuerySerializer(serializers.Serializer):
    to = core_fields.DateField(required=False, help_text="Last business date; default: today (the brand's zone).")
    location = serializers.UUIDField(required=False, help_text="One location only.")
    format = serializers.ChoiceField(choices=["json", "csv"], required=False, default="json")

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def get_fields(self):
        # `from` is a Python keyword: it cannot be declared as an attribute.
        return {"from": core_fields.DateField(required=False, help_text="First business date; default: 6 days "
                                              "before `to`."), **super().get_fields()}

    def validate(self, attrs):
        attrs["to"] = attrs.get("to") or self.today
        attrs["from"] = attrs.get("from") or attrs["to"] - timedelta(days=6)
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"from": ["`from` is after `to`."]})
        return attrs


class DailyReportSerializer(serializers.ModelSerializer):
    location = serializers.UUIDField(source="location_id", allow_null=True)
    final = serializers.BooleanField(help_text="false: the day is not over (or in its grace period): live figures.")
    built_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = DailyReport
        fields = ["location", "location_name", "business_date", "final", "currency", "timezone", "day_start",
                  "day_end", *FIGURES, *BREAKDOWNS, "built_at"]


CSV_COLUMNS = ["business_date", "location", "location_name", "final", "currency", *FIGURES]


def csv_row(report) -> list:
    by_status = report.by_status or {}
    values = {"business_date": report.business_date.isoformat(), "location": report.location_id or "",
              "location_name": report.location_name, "final": report.final, "currency": report.currency}
    return [values[c] if c in values else getattr(report, c) for c in CSV_COLUMNS] + [
        by_status.get(status, {}).get("orders", 0) for status in ("cancelled", "rejected")]


CSV_HEADER = [*CSV_COLUMNS, "cancelled", "rejected"]
