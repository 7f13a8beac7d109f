from rest_framework import serializers

from shared_apps.accounts.models import User
from tenant_apps.orders.api.serializers import OrderSerializer, SavedAddressSerializer
from tenant_apps.orders.models import OrderEvent

TAG = "account"


class AccountExportSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "date_joined", "last_login"]


class OrderEventExportSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderEvent
        fields = ["kind", "from_status", "to_status", "reason", "estimated_ready_at", "estimated_delivery_at", "created"]


class OrderExportSerializer(OrderSerializer):
    events = OrderEventExportSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "events"]


class CustomerDataSerializer(serializers.Serializer):
    """What `GET /api/v1/account/data/` answers: the account, its saved addresses, its orders."""

    exported_at = serializers.DateTimeField()
    brand = serializers.DictField(child=serializers.CharField(), help_text="`name` and `slug` of the brand asked.")
    account = AccountExportSerializer(source="user")
    addresses = SavedAddressSerializer(many=True)
    orders = OrderExportSerializer(many=True)


class AccountDeleteSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128,
                                     help_text="The account's password, asked again.")


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
