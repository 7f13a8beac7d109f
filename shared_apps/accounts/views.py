from dj_rest_auth.views import LoginView as RestAuthLoginView
from dj_rest_auth.views import UserDetailsView as RestAuthUserDetailsView
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.views import TokenRefreshView as SimpleJWTRefreshView

from shared_apps.core.openapi import errors

from . import services
from .serializers import (
    EmailLoginSerializer,
    LogoutSerializer,
    RegisterSerializer,
    SchemaBoundTokenObtainSerializer,
    SchemaBoundTokenRefreshSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from .tokens import SchemaBoundRefreshToken


def _token_pair(user) -> dict:
    refresh = SchemaBoundTokenObtainSerializer.get_token(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh), "user": UserSerializer(user).data}


@extend_schema_view(post=extend_schema(
    tags=["auth"], operation_id="auth_login", request=EmailLoginSerializer,
    responses={200: TokenPairSerializer, **errors(400, 401, 429)},
    description="Sign in with e-mail and password. Tokens are valid on this host only; on the platform "
    "host only platform admins may sign in.",
))
class LoginView(RestAuthLoginView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"


@extend_schema_view(post=extend_schema(
    tags=["auth"], operation_id="auth_register", request=RegisterSerializer,
    responses={201: TokenPairSerializer, **errors(400, 403, 409, 429)},
    description="Customer sign-up on a brand's host. Returns tokens valid on this host only.",
))
class RegisterView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "register"

    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.register_customer(**serializer.validated_data)
        return Response(_token_pair(user), status=status.HTTP_201_CREATED)


@extend_schema_view(post=extend_schema(
    tags=["auth"], operation_id="auth_token_refresh", responses={200: SchemaBoundTokenRefreshSerializer, **errors(400, 401)},
    description="Exchange a refresh token for a new access token (and a rotated refresh token). "
    "A refresh token from another host is refused with 401.",
))
class TokenRefreshView(SimpleJWTRefreshView):
    serializer_class = SchemaBoundTokenRefreshSerializer


@extend_schema_view(post=extend_schema(
    tags=["auth"], operation_id="auth_logout", request=LogoutSerializer,
    responses={200: None, **errors(400, 401)},
    description="Blacklist the refresh token so it can never be used again.",
))
class LogoutView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            SchemaBoundRefreshToken(serializer.validated_data["refresh"]).blacklist()
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from None
        return Response({"detail": "Signed out."})


@extend_schema_view(
    get=extend_schema(tags=["auth"], operation_id="auth_user_read", responses={200: UserSerializer, **errors(401)}),
    put=extend_schema(tags=["auth"], operation_id="auth_user_update", responses={200: UserSerializer, **errors(400, 401)}),
    patch=extend_schema(tags=["auth"], operation_id="auth_user_partial_update", responses={200: UserSerializer, **errors(400, 401)}),
)
class UserDetailsView(RestAuthUserDetailsView):
    """The signed-in user, with `role`."""
