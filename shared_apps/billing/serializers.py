from rest_framework import serializers

from .models import Invoice, InvoiceLine, Plan, Subscription


class PlanLimitsSerializer(serializers.Serializer):
    locations = serializers.IntegerField(source="max_locations", allow_null=True, help_text="null: no limit")
    staff = serializers.IntegerField(source="max_staff", allow_null=True, help_text="null: no limit")
    orders_per_month = serializers.IntegerField(source="max_orders_per_month", allow_null=True, help_text="null: no limit")


class PlanSerializer(serializers.ModelSerializer):
    limits = PlanLimitsSerializer(source="*", read_only=True)

    class Meta:
        model = Plan
        fields = ["code", "name", "description", "monthly_price_cents", "currency", "per_order_fee_cents",
                  "included_orders", "trial_days", "limits"]


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = ["kind", "description", "quantity", "unit_amount_cents", "amount_cents"]


class InvoiceSerializer(serializers.ModelSerializer):
    tenant = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)

    class Meta:
        model = Invoice
        fields = ["number", "tenant", "period_start", "period_end", "total_cents", "currency", "status", "issued_at",
                  "due_at", "paid_at", "orders_placed", "lines"]


class UsageItemSerializer(serializers.Serializer):
    used = serializers.IntegerField()
    limit = serializers.IntegerField(allow_null=True, help_text="null: no limit")
    counted = serializers.BooleanField(help_text="false while the count is a placeholder (the owning app does not count yet)")


class UsageSerializer(serializers.Serializer):
    locations = UsageItemSerializer()
    staff = UsageItemSerializer()
    orders = UsageItemSerializer()


class SubscriptionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Subscription.Status.choices)
    trial_end = serializers.DateTimeField(allow_null=True)
    current_period_start = serializers.DateTimeField()
    current_period_end = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True)


class BillingOverviewSerializer(serializers.Serializer):
    plan = PlanSerializer()
    subscription = SubscriptionSerializer()
    usage = UsageSerializer()
    invoices = InvoiceSerializer(many=True)
