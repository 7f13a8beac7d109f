import zoneinfo

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from shared_apps.accounts.models import User
from shared_apps.accounts.serializers import RegisterSerializer
from shared_apps.billing.models import Plan
from tenants.services import is_known_currency
from tenants.slugs import slug_problem


class SignUpSerializer(serializers.Serializer):
    """Everything a sign-up needs, validated before anything touches the database."""

    brand_name = serializers.CharField(max_length=120)
    slug = serializers.CharField(max_length=40, help_text="Becomes <slug>.<base domain>.")
    owner_email = serializers.EmailField(max_length=254)
    owner_password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    plan = serializers.CharField(required=False, allow_blank=True, default="", max_length=40, help_text="A plan code; default: the starter plan.")
    currency = serializers.CharField(required=False, default="EUR", max_length=3, help_text="ISO 4217, e.g. EUR.")
    timezone = serializers.CharField(required=False, default="UTC", max_length=64, help_text="IANA time zone, e.g. Europe/Berlin.")

    def validate_slug(self, value):
        problem = slug_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate_owner_email(self, value):
        return value.strip().lower()

    def validate_plan(self, value):
        if value and not Plan.objects.filter(code=value, is_active=True).exists():
            raise serializers.ValidationError(f"Unknown plan {value!r}.")
        return value

    def validate_currency(self, value):
        if not is_known_currency(value):
            raise serializers.ValidationError("Use a three-letter ISO 4217 code such as EUR.")
        return value

    def validate_timezone(self, value):
        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(f"Unknown time zone {value!r}.")
        return value

    def validate(self, attrs):
        candidate = User(email=attrs["owner_email"], name=attrs["brand_name"])
        try:
            password_validation.validate_password(attrs["owner_password"], candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"owner_password": list(exc.messages)}) from None
        return attrs


class SignUpTenantSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    domain = serializers.CharField()


class SignUpResultSerializer(serializers.Serializer):
    tenant = SignUpTenantSerializer()
    plan = serializers.CharField()
    storefront_url = serializers.CharField()
    dashboard_url = serializers.CharField()
    access = serializers.CharField(help_text="The owner's access token; valid on the new brand's host only.")
    refresh = serializers.CharField(help_text="The owner's refresh token; valid on the new brand's host only.")
    handover_code = serializers.CharField(help_text="One-time code (60 s) the new brand's host exchanges for the "
                                          "owner's tokens: POST /api/v1/auth/handover/ there.")
    handover_url = serializers.CharField(help_text="The brand's console with the code in the URL fragment; open it "
                                         "to arrive signed in.")


class SlugCheckQuerySerializer(serializers.Serializer):
    slug = serializers.CharField(max_length=100)


class SlugCheckSerializer(serializers.Serializer):
    slug = serializers.CharField()
    available = serializers.BooleanField()
    reason = serializers.CharField(required=False, help_text="Why the slug cannot be used; absent when available.")


class StaffSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "is_active", "date_joined"]


ASSIGNABLE_ROLE_CHOICES = [(role.value, role.label) for role in (User.Role.MANAGER, User.Role.KITCHEN, User.Role.COURIER)]


# A new staff member: what a customer registers with (the same password rules), and a role.
class StaffCreateSerializer(RegisterSerializer):
    role = serializers.ChoiceField(choices=ASSIGNABLE_ROLE_CHOICES)


class StaffUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ASSIGNABLE_ROLE_CHOICES, required=False)
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, help_text="false: the member can no longer sign in.")


class SignInLinksSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class AcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()
