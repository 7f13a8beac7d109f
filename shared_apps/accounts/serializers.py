from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django_tenants.utils import get_public_schema_name
from rest_framework import serializers
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer

from . import signin_limit
from .errors import InvalidCredentials
from .models import User
from .tokens import SchemaBoundRefreshToken


class SchemaBoundTokenObtainSerializer(TokenObtainPairSerializer):
    """dj-rest-auth and simplejwt issue tokens through this: every token names its schema."""

    token_class = SchemaBoundRefreshToken


# Ours are about 300 characters; a longer string is not a token of ours, and is refused unread.
TOKEN_MAX_LENGTH = 2048


class SchemaBoundTokenRefreshSerializer(TokenRefreshSerializer):
    token_class = SchemaBoundRefreshToken
    refresh = serializers.CharField(max_length=TOKEN_MAX_LENGTH)


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role"]
        read_only_fields = ["id", "email", "role"]


class EmailLoginSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, max_length=128)

    def validate(self, attrs):
        email = attrs["email"].strip().lower()
        signin_limit.claim_attempt(email)  # counted as a failure until it succeeds (atomic; see there)
        user = authenticate(self.context["request"], email=email, password=attrs["password"])
        # On the platform host only platform admins may sign in.
        if user is None or (connection.schema_name == get_public_schema_name() and not user.is_staff):
            raise InvalidCredentials()
        signin_limit.succeeded(email)
        attrs["user"] = user
        return attrs


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        try:
            password_validation.validate_password(attrs["password"], User(email=attrs["email"], name=attrs["name"]))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from None
        return attrs


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=TOKEN_MAX_LENGTH)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = UserSerializer()


class PasswordResetRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=256, help_text="From the e-mailed link's fragment (`#token=…`).")
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
