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

from . import password_reset, services
from .serializers import (
    DetailSerializer,
    EmailLoginSerializer,
    LogoutSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetRequestSerializer,
    RegisterSerializer,
    SchemaBoundTokenObtainSerializer,
    SchemaBoundTokenRefreshSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from .tasks import send_password_reset
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


RESET_PAGE = "/reset-password"  # the SPA's page on this host; the token travels in its fragment


@extend_schema_view(post=extend_schema(
    tags=["auth"], operation_id="auth_password_reset", request=PasswordResetRequestSerializer,
    responses={202: DetailSerializer, **errors(400, 429)},
    description="Ask for a password reset e-mail for an account of this host (a brand's staff or customer on "
    "its host; a platform admin on the platform host). The answer is the same whether or not the address has "
    "an account, and the lookup runs in the background, so neither it nor its timing tells. The e-mail links to "
    "`/reset-password#token=…` on this host; the token works once, for an hour, on this host only. At most one "
    "e-mail per account every two minutes; throttled per client IP (429 `throttled` with Retry-After).",
))
class PasswordResetView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "password_reset"
    ANSWER = "If this address has an account here, we have sent it a link to choose a new password."

    def post(self, request):
        serializer = PasswordResetRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The host was routed to this schema (unknown hosts are 404 before any view), so the link
        # built from it leads back to the account's own host.
        send_password_reset.delay(serializer.validated_data["email"].strip().lower(),
                                  request.build_absolute_uri(RESET_PAGE))
        return Response({"detail": self.ANSWER}, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(post=extend_schema(
    tags=["auth"], operation_id="auth_password_reset_confirm", request=PasswordResetConfirmSerializer,
    responses={200: DetailSerializer, **errors(400, 429)},
    description="Set a new password with the token from the reset e-mail. 400 `reset_token_invalid` when the "
    "token is unknown, used, expired or from another host; 400 `invalid_input` (`fields.password`) when the "
    "password is too weak (the token stays usable). Every session of the account is signed out (its refresh "
    "tokens are revoked). Throttled per client IP.",
))
class PasswordResetConfirmView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "password_reset"

    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset.reset_password(serializer.validated_data["token"], serializer.validated_data["password"])
        return Response({"detail": "Your password has been changed; sign in with it."})
