"""The staff API of integrations: API keys (owner, people only) and webhook endpoints with their
delivery log (owner, or a key with `webhooks:write`). Views validate, call one service, serialise."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.openapi import errors
from tenants.audit import actor_from_request
from tenants.permissions import IsBrandOwner

from .. import keys, webhooks
from ..errors import NotFoundHere
from ..models import ApiKey, WebhookDelivery, WebhookEndpoint
from . import serializers as s

OWNER = [IsAuthenticated, IsBrandOwner]
KEYS_TAG, HOOKS_TAG = "manage-api-keys", "manage-webhooks"
KEY_ID = OpenApiParameter("key_id", str, OpenApiParameter.PATH, description="The key's id (UUID).")
ENDPOINT_ID = OpenApiParameter("endpoint_id", str, OpenApiParameter.PATH, description="The endpoint's id (UUID).")
DELIVERY_ID = OpenApiParameter("delivery_id", int, OpenApiParameter.PATH, description="The delivery's id.")


def _get(queryset, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFoundHere()
    return found


class ApiKeyListView(ListAPIView):
    permission_classes = OWNER
    serializer_class = s.ApiKeySerializer
    queryset = ApiKey.objects.all()

    @extend_schema(tags=[KEYS_TAG], operation_id="manage_api_keys_list", responses={200: s.ApiKeySerializer(many=True),
                   **errors(401, 403)}, description="The brand's API keys, revoked ones too (owner only). Secrets are never shown again.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=[KEYS_TAG], operation_id="manage_api_keys_create", request=s.ApiKeyCreateSerializer,
                   responses={201: s.ApiKeyCreatedSerializer, **errors(400, 401, 403)},
                   description="A new key (owner only) with a name, scopes, and optionally an expiry, one location "
                   "and a rate per minute. The secret `key` (`bk_live_…`) is in this response only. Audited.")
    def post(self, request):
        serializer = s.ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = keys.create_key(by=request.user, actor=actor_from_request(request), **serializer.validated_data)
        body = {**s.ApiKeySerializer(created.key).data, "key": created.secret}
        return Response(body, status=status.HTTP_201_CREATED)


class ApiKeyDetailView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=[KEYS_TAG], operation_id="manage_api_keys_read", parameters=[KEY_ID],
                   responses={200: s.ApiKeySerializer, **errors(401, 403, 404)}, description="One key, without its secret.")
    def get(self, request, key_id):
        return Response(s.ApiKeySerializer(_get(ApiKey.objects, pk=key_id)).data)


class ApiKeyRevokeView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=[KEYS_TAG], operation_id="manage_api_keys_revoke", parameters=[KEY_ID], request=None,
                   responses={200: s.ApiKeySerializer, **errors(401, 403, 404)},
                   description="Revoke a key: refused (401) from the next request on. Audited.")
    def post(self, request, key_id):
        key = keys.revoke_key(_get(ApiKey.objects, pk=key_id), actor=actor_from_request(request))
        return Response(s.ApiKeySerializer(key).data)


class EndpointListView(ListAPIView):
    permission_classes = OWNER
    serializer_class = s.WebhookEndpointSerializer
    queryset = WebhookEndpoint.objects.all()

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhooks_list",
                   responses={200: s.WebhookEndpointSerializer(many=True), **errors(401, 403)},
                   description="The brand's webhook endpoints.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhooks_create", request=s.WebhookEndpointWriteSerializer,
                   responses={201: s.WebhookEndpointSecretSerializer, **errors(400, 401, 403)},
                   description="A new endpoint subscribed to `event_types`, with its own `whsec_` secret. https only "
                   "in production (`invalid_webhook_url`). Events from now on are delivered, signed per Standard Webhooks.")
    def post(self, request):
        serializer = s.WebhookEndpointWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        endpoint = webhooks.create_endpoint(url=data["url"], event_types=data["event_types"],
                                            description=data.get("description", ""), actor=actor_from_request(request))
        return Response(s.WebhookEndpointSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)


class EndpointDetailView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhooks_read", parameters=[ENDPOINT_ID],
                   responses={200: s.WebhookEndpointSecretSerializer, **errors(401, 403, 404)},
                   description="One endpoint with its signing secret.")
    def get(self, request, endpoint_id):
        return Response(s.WebhookEndpointSecretSerializer(_get(WebhookEndpoint.objects, pk=endpoint_id)).data)

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhooks_update", parameters=[ENDPOINT_ID],
                   request=s.WebhookEndpointWriteSerializer(partial=True),
                   responses={200: s.WebhookEndpointSecretSerializer, **errors(400, 401, 403, 404)},
                   description="Change the URL, event types, description, or `enabled` (enabling again after a 410 or "
                   "5 days of failures clears them; redeliver what failed meanwhile).")
    def patch(self, request, endpoint_id):
        endpoint = _get(WebhookEndpoint.objects, pk=endpoint_id)
        serializer = s.WebhookEndpointWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        endpoint = webhooks.update_endpoint(endpoint, actor=actor_from_request(request), **serializer.validated_data)
        return Response(s.WebhookEndpointSecretSerializer(endpoint).data)

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhooks_delete", parameters=[ENDPOINT_ID],
                   responses={204: None, **errors(401, 403, 404)}, description="Delete the endpoint and its delivery log.")
    def delete(self, request, endpoint_id):
        webhooks.delete_endpoint(_get(WebhookEndpoint.objects, pk=endpoint_id), actor=actor_from_request(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class EndpointRotateView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhooks_rotate_secret", parameters=[ENDPOINT_ID], request=None,
                   responses={200: s.WebhookEndpointSecretSerializer, **errors(401, 403, 404)},
                   description="A new secret; for 24 h every delivery carries a signature with each (space-separated).")
    def post(self, request, endpoint_id):
        endpoint = webhooks.rotate_secret(_get(WebhookEndpoint.objects, pk=endpoint_id), actor=actor_from_request(request))
        return Response(s.WebhookEndpointSecretSerializer(endpoint).data)


class EndpointTestView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhooks_send_test", parameters=[ENDPOINT_ID], request=None,
                   responses={202: s.WebhookDeliverySerializer, **errors(401, 403, 404)},
                   description="Queue a `webhook.test` event to this endpoint only; follow it in the delivery log.")
    def post(self, request, endpoint_id):
        queued = webhooks.send_test_event(_get(WebhookEndpoint.objects, pk=endpoint_id), actor=actor_from_request(request))
        return Response(s.WebhookDeliverySerializer(queued).data, status=status.HTTP_202_ACCEPTED)


class EndpointRedeliverView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhooks_redeliver_failed", parameters=[ENDPOINT_ID],
                   request=s.RedeliverSinceSerializer, responses={202: s.RedeliveredSerializer, **errors(400, 401, 403, 404)},
                   description="Send again every failed delivery of this endpoint created since `since` (same ids).")
    def post(self, request, endpoint_id):
        endpoint = _get(WebhookEndpoint.objects, pk=endpoint_id)
        serializer = s.RedeliverSinceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        count = webhooks.redeliver_failed(endpoint, since=serializer.validated_data["since"], actor=actor_from_request(request))
        return Response({"redelivered": count}, status=status.HTTP_202_ACCEPTED)


class DeliveryListView(ListAPIView):
    permission_classes = OWNER
    serializer_class = s.WebhookDeliverySerializer

    def get_queryset(self):
        endpoint = _get(WebhookEndpoint.objects, pk=self.kwargs["endpoint_id"])
        deliveries = endpoint.deliveries.select_related("event").prefetch_related("attempt_log").order_by("-created", "-id")
        wanted = self.request.query_params.get("status")
        return deliveries.filter(status=wanted) if wanted else deliveries

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhook_deliveries_list", parameters=[
        ENDPOINT_ID, OpenApiParameter("status", str, enum=WebhookDelivery.Status.values, required=False)],
        responses={200: s.WebhookDeliverySerializer(many=True), **errors(401, 403, 404)},
        description="The endpoint's deliveries, newest first, each with every attempt (time, status, duration, "
        "the first 4 KB of the response).")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DeliveryRedeliverView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=[HOOKS_TAG], operation_id="manage_webhook_delivery_redeliver",
                   parameters=[ENDPOINT_ID, DELIVERY_ID], request=None,
                   responses={202: s.WebhookDeliverySerializer, **errors(401, 403, 404)},
                   description="Send this event again (same `webhook-id`), from the start of the retry schedule.")
    def post(self, request, endpoint_id, delivery_id):
        found = _get(WebhookDelivery.objects.select_related("event", "endpoint"), pk=delivery_id, endpoint_id=endpoint_id)
        found = webhooks.redeliver_one(found, actor=actor_from_request(request))
        return Response(s.WebhookDeliverySerializer(found).data, status=status.HTTP_202_ACCEPTED)
