"""Where the payment provider reports results."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.openapi import errors as error_responses

from .. import payment_webhooks, payments
from ..errors import OrderNotFound
from .serializers import (
    WebhookAckSerializer,
)


class PaymentWebhookView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=["payments"], operation_id="payments_webhook", request=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter(payments.SIGNATURE_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                                     description="`t=<unix>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`")],
        responses={200: WebhookAckSerializer, **error_responses(400, 404)},
        description="Where the payment provider reports results (authorised, captured, refunded, voided, failed). "
        "Signed; each event id is applied once.",
    )
    def post(self, request, provider):
        if provider not in payments.PROVIDERS or provider == "cash":
            raise OrderNotFound("No such payment provider.")
        applied = payment_webhooks.handle_webhook(provider, request.body, request.headers.get(payments.SIGNATURE_HEADER, ""))
        return Response({"received": True, "applied": applied})
