from rest_framework import serializers

from shared_apps.accounts.serializers import UserSerializer


class HandoverRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=100, help_text="The code from the `#handover=` fragment.")


class HandoverResultSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Access token, valid on this host only.")
    refresh = serializers.CharField(allow_null=True, help_text="Refresh token; null for an impersonation, which "
                                    "ends when its access token does.")
    access_expires_at = serializers.DateTimeField()
    user = UserSerializer()
    impersonated_by = serializers.CharField(allow_blank=True, help_text="The platform admin's e-mail when this is an "
                                            "impersonation; empty otherwise.")
