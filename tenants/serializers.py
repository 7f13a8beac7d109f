from rest_framework import serializers


class BrandSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    logo_url = serializers.CharField(allow_null=True)
    colors = serializers.DictField(child=serializers.CharField())
    currency = serializers.CharField()
    timezone = serializers.CharField()
    status = serializers.CharField()
    realtime_url = serializers.CharField()
