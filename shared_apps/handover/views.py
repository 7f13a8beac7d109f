from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from shared_apps.core.openapi import errors
from tenants.audit import client_ip

from .serializers import HandoverRequestSerializer, HandoverResultSerializer
from .services import exchange_code


class HandoverView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "handover"

    @extend_schema(
        tags=["auth"], operation_id="auth_handover", request=HandoverRequestSerializer,
        responses={200: HandoverResultSerializer, **errors(400, 429)},
        description="Exchange a hand-over code from the platform host (after sign-up, or a platform admin's "
        "impersonation) for this brand's tokens. The code is single use, valid 60 s, and bound to this brand "
        "and one of its users; anything else is 400 `handover_invalid`. An impersonation gets a "
        "15-minute access token marked with the admin and no refresh token.",
    )
    def post(self, request):
        serializer = HandoverRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = exchange_code(serializer.validated_data["code"], request.tenant, ip=client_ip(request))
        return Response(HandoverResultSerializer(result).data)
