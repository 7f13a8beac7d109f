from rest_framework import serializers

from shared_apps.accounts.models import User
from shared_apps.accounts.serializers import DetailSerializer  # noqa: F401  one "Detail" component for both
from tenant_apps.orders.api.serializers import OrderEventSerializer, OrderSerializer, SavedAddressSerializer

from .models import BrandExport

TAG = "account"


class AccountExportSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "date_joined", "last_login"]


class OrderExportSerializer(OrderSerializer):
    events = OrderEventSerializer(many=True, read_only=True)  # the staff detail's own, in order

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



class ExportProgressSerializer(serializers.Serializer):
    tables_done = serializers.IntegerField()
    tables_total = serializers.IntegerField(help_text="0 until the build has listed the schema's tables.")
    rows_done = serializers.IntegerField()


class BrandExportSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    format = serializers.ChoiceField(choices=BrandExport.Format.choices)
    status = serializers.ChoiceField(choices=BrandExport.Status.choices)
    progress = ExportProgressSerializer()
    size_bytes = serializers.IntegerField(allow_null=True)
    created = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.CharField(allow_null=True, help_text="Set once `status` is `done`.")

    @classmethod
    def of(cls, export: BrandExport, *, progress: dict, request) -> dict:
        done = export.status == BrandExport.Status.DONE
        return cls({
            "id": export.pk, "format": export.format, "status": export.status, "progress": progress,
            "size_bytes": export.size_bytes, "created": export.created, "started_at": export.started_at,
            "finished_at": export.finished_at,
            "download_url": request.build_absolute_uri(f"/api/v1/manage/exports/{export.pk}/download/") if done else None,
        }).data


class BrandExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=BrandExport.Format.choices, default=BrandExport.Format.JSON)


class BrandCloseSerializer(serializers.Serializer):
    confirm = serializers.CharField(max_length=40, help_text="The brand's slug, typed again.")
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BrandClosedSerializer(serializers.Serializer):
    status = serializers.CharField()
    purge_after = serializers.DateTimeField(help_text="When the brand's data is deleted for good.")
