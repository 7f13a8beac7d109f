from rest_framework import serializers

from shared_apps.billing.models import Invoice
from shared_apps.billing.serializers import SubscriptionSerializer, UsageSerializer
from shared_apps.core import fields as core_fields
from tenants.models import AuditEvent, Domain, Tenant

from .selectors import TENANT_ORDERINGS


class AdminTenantSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=Tenant.Status.choices)
    plan = serializers.CharField(source="subscription.plan.code", allow_null=True, default=None)
    subscription_status = serializers.CharField(source="subscription.status", allow_null=True, default=None)
    domain = serializers.CharField(source="primary_domain", allow_null=True)
    created = serializers.DateTimeField()
    order_count = serializers.IntegerField(help_text="Orders this billing period.")


class AdminDomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["domain", "is_primary", "is_custom", "verification_status", "verified_at", "created"]


class AdminTenantDetailSerializer(AdminTenantSerializer):
    currency = serializers.CharField()
    timezone = serializers.CharField()
    status_changed = serializers.DateTimeField(allow_null=True)
    domains = AdminDomainSerializer(many=True, source="domains.all")
    subscription = SubscriptionSerializer(allow_null=True)
    usage = UsageSerializer(help_text="This billing period, against the plan's limits.")
    owner_email = serializers.EmailField(allow_null=True, help_text="The brand's first active owner.")
    last_order_at = serializers.DateTimeField(allow_null=True, help_text="When its newest order was placed.")


class AdminTenantUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    plan = serializers.CharField(max_length=32, required=False, help_text="Move the brand to this plan code at once.")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                   help_text="Why; kept in the audit log.")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ImpersonationSerializer(serializers.Serializer):
    handover_code = serializers.CharField(help_text="One-time code (60 s) the brand's host exchanges for the "
                                          "owner's impersonation token: POST /api/v1/auth/handover/ there.")
    handover_url = serializers.CharField(help_text="The brand's staff console with the code in the URL fragment.")
    expires_at = serializers.DateTimeField(help_text="When the code expires (the token then lasts 15 minutes).")
    tenant = serializers.CharField()
    host = serializers.CharField()
    owner_email = serializers.EmailField()
    impersonated_by = serializers.EmailField()


class AuditEventSerializer(serializers.ModelSerializer):
    tenant = serializers.CharField(source="tenant_slug")

    class Meta:
        model = AuditEvent
        fields = ["id", "created", "action", "tenant", "actor_id", "actor_email", "actor_schema",
                  "impersonated_by", "target", "data", "ip"]


class TenantListQuerySerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    status = serializers.ChoiceField(choices=Tenant.Status.choices, required=False, allow_blank=True, default="")
    plan = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    ordering = serializers.ChoiceField(choices=TENANT_ORDERINGS, required=False, default="-created",
                                       help_text="Sort key; a leading `-` sorts descending.")


class AuditQuerySerializer(serializers.Serializer):
    tenant = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    action = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    actor = serializers.CharField(required=False, allow_blank=True, default="", max_length=254,
                                  help_text="A fragment of the actor's or the impersonating admin's e-mail.")
    since = core_fields.DateTimeField(required=False, allow_null=True, default=None, help_text="From (inclusive).")
    until = core_fields.DateTimeField(required=False, allow_null=True, default=None, help_text="To (exclusive).")


class InvoiceQuerySerializer(serializers.Serializer):
    tenant = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    status = serializers.ChoiceField(choices=Invoice.Status.choices, required=False, allow_blank=True, default="")
    period_from = core_fields.DateField(required=False, allow_null=True, default=None,
                                        help_text="Invoices whose period reaches this day or later.")
    period_to = core_fields.DateField(required=False, allow_null=True, default=None,
                                      help_text="Invoices whose period starts on this day or earlier.")

    def validate(self, attrs):
        if attrs["period_from"] and attrs["period_to"] and attrs["period_from"] > attrs["period_to"]:
            raise serializers.ValidationError({"period_to": ["Must not be before period_from."]})
        return attrs


class OverviewQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=90, required=False, default=30)


class DayCountSerializer(serializers.Serializer):
    date = serializers.DateField()
    count = serializers.IntegerField()


class TenantsByStatusSerializer(serializers.Serializer):
    trial = serializers.IntegerField()
    active = serializers.IntegerField()
    past_due = serializers.IntegerField()
    suspended = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class OverviewSerializer(serializers.Serializer):
    tenants_by_status = TenantsByStatusSerializer()
    signups_per_day = DayCountSerializer(many=True, help_text="Brands created per UTC day, oldest first.")
    orders_per_day = DayCountSerializer(many=True, help_text="Orders across every brand per UTC day, oldest first.")
