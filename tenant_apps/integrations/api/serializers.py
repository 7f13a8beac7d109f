from django.utils import timezone
from rest_framework import serializers

from shared_apps.core import fields as core_fields
from tenant_apps.catalog.models import Location

from .. import outbox, scopes
from ..models import ApiKey, WebhookAttempt, WebhookDelivery, WebhookEndpoint


class ApiKeySerializer(serializers.ModelSerializer):
    location = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    usable = serializers.SerializerMethodField()

    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "scopes", "location", "rate_limit_per_minute", "created", "expires_at",
                  "revoked_at", "last_used_at", "last_used_ip", "usable"]
        read_only_fields = fields

    def get_usable(self, key) -> bool:
        return key.is_usable_at(timezone.now())


class ApiKeyCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=scopes.SCOPES), min_length=1)
    expires_at = core_fields.DateTimeField(required=False, allow_null=True)
    location = serializers.PrimaryKeyRelatedField(queryset=Location.objects.all(), required=False, allow_null=True)
    rate_limit_per_minute = serializers.IntegerField(required=False, min_value=1, max_value=100_000)

    def validate_expires_at(self, value):
        if value is not None and value <= timezone.now():
            raise serializers.ValidationError("Must be in the future.")
        return value


class ApiKeyCreatedSerializer(ApiKeySerializer):
    key = serializers.CharField(help_text="The secret. Shown this once; store it now.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
        read_only_fields = fields


class WebhookEndpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "event_types", "enabled", "disabled_reason", "failing_since", "created"]
        read_only_fields = ["id", "disabled_reason", "failing_since", "created"]


class WebhookEndpointSecretSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="`whsec_…`: verify signatures with it.")
    previous_secret_expires_at = serializers.DateTimeField(read_only=True, allow_null=True,
                                                           help_text="After a rotation, the old secret also signs until then.")

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret", "previous_secret_expires_at"]


class WebhookEndpointWriteSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=outbox.EVENT_TYPES), min_length=1)
    enabled = serializers.BooleanField(required=False)


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "started_at", "duration_ms", "status_code", "error", "response_body"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.CharField(help_text="The `webhook-id` header of every attempt.")
    event_type = serializers.CharField(source="event.type")
    attempt_log = WebhookAttemptSerializer(many=True)

    class Meta:
        model = WebhookDelivery
        fields = ["id", "event_id", "event_type", "status", "attempts", "next_attempt_at", "created", "finished_at",
                  "attempt_log"]


class RedeliverSinceSerializer(serializers.Serializer):
    since = core_fields.DateTimeField(help_text="Every failed delivery created at or after this instant.")


class RedeliveredSerializer(serializers.Serializer):
    redelivered = serializers.IntegerField()
