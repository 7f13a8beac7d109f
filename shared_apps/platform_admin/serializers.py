from rest_framework import serializers

from shared_apps.billing.serializers import SubscriptionSerializer, UsageSerializer
from tenants.models import AuditEvent, Domain, Tenant


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


class AdminTenantUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    plan = serializers.CharField(max_length=32, required=False, help_text="Move the brand to this plan code at once.")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ImpersonationSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Access token for the owner, valid on the brand's host only.")
    expires_at = serializers.DateTimeField()
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


class AuditQuerySerializer(serializers.Serializer):
    tenant = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    action = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class InvoiceQuerySerializer(serializers.Serializer):
    tenant = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
