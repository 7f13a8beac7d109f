"""Pricing a cart and placing an order: the storefront's checkout endpoints."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from shared_apps.core.errors import DomainError, error_body
from shared_apps.core.openapi import errors as error_responses
from shared_apps.core.pagination import StandardPagination

from .. import checkout, idempotency, quotes, selectors
from . import TAG
from .serializers import (
    CheckoutRequestSerializer,
    OrderSerializer,
    QuoteRequestSerializer,
    QuoteSerializer,
    order_body,
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="A fresh random value (a UUID) per order, sent again unchanged on every retry. The same key and "
    "body replay the first response byte for byte (header `Idempotent-Replayed: true`); the same key with "
    "another body is 422 `idempotency_mismatch`; while the first request runs, 409 `idempotency_in_progress`.",
)




def _customer(request):
    user = request.user
    return user if user and user.is_authenticated else None


class QuoteView(APIView):
    permission_classes = [permissions.AllowAny]
    # Per client: the signed-in account (of this brand), else the address (THROTTLE_QUOTE).
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "quote"

    @extend_schema(
        tags=[TAG], operation_id="orders_quote", request=QuoteRequestSerializer,
        responses={200: QuoteSerializer, **error_responses(400, 401, 403, 422, 429)},
        description="Price a cart on the server: lines, subtotal, discount, tax, delivery fee, tip and total. "
        "Stores nothing. A cart that cannot be ordered is 422 with a precise code — `item_unavailable`, "
        "`modifier_invalid`, `outside_delivery_zone`, `below_minimum`, `location_closed`, `promo_invalid`, "
        "`slot_invalid`, `fulfillment_unavailable` — with `fields` per line (`items.<n>`) and `lines`, "
        "one entry per refused line. A signed-in customer may give `delivery_address_id` (a saved address) "
        "instead of `delivery_address`: 400 `unknown_address` if it is not theirs, 401 for a guest. "
        "Throttled per client (the signed-in account, else the address): 429 `throttled` with Retry-After.",
    )
    def post(self, request):
        serializer = QuoteRequestSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        customer = _customer(request)
        quote = quotes.build_quote(serializer.to_cart(), customer=customer, email=getattr(customer, "email", ""))
        return Response(QuoteSerializer(QuoteSerializer.from_quote(quote)).data)


def _render(data) -> bytes:
    return JSONRenderer().render(data)


class OrdersView(APIView):
    pagination_class = StandardPagination
    throttle_scope = "checkout"

    def get_throttles(self):
        # Placing orders is throttled per client (THROTTLE_CHECKOUT); reading one's own orders is not.
        return [ScopedRateThrottle()] if self.request.method == "POST" else []

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    @extend_schema(
        tags=[TAG], operation_id="orders_list", responses={200: OrderSerializer(many=True), **error_responses(401)},
        description="The signed-in customer's own orders, newest first.",
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.customer_orders(request.user), request, view=self)
        return paginator.get_paginated_response(OrderSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        tags=[TAG], operation_id="orders_create", request=CheckoutRequestSerializer, parameters=[IDEMPOTENCY_HEADER],
        responses={201: OrderSerializer, **error_responses(400, 401, 402, 403, 409, 422, 429)},
        description="Place an order. The server prices the cart again (client totals are ignored) and checks "
        "availability and opening hours at this moment. Guests give `contact`; a signed-in customer's account is "
        "used otherwise. A signed-in customer may deliver to a saved address with `delivery_address_id` (the order "
        "keeps a copy); 400 `unknown_address` if it is not theirs, 401 `not_authenticated` for a guest. "
        "`payment_method` `cash` places the order at once; `card` authorises first: a decline "
        "answers 402 `payment_failed` (with `order`) and the order stays `payment_failed`. 403 `plan_limit` when "
        "the brand's plan allows no more orders this month, `tenant_suspended` when the brand is suspended; 409 "
        "`slot_full` when the chosen slot has no place left. Throttled per client (the signed-in account, else "
        "the address): 429 `throttled` with Retry-After; a refused request claims no Idempotency-Key.",
    )
    def post(self, request):
        key = idempotency.validate_key(request.headers.get("Idempotency-Key"))
        customer = _customer(request)
        serializer = CheckoutRequestSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        contact = data.get("contact") or {}
        contact = checkout.Contact(
            email=contact.get("email") or customer.email, name=contact.get("name") or getattr(customer, "name", ""),
            phone=contact.get("phone", ""),
        )

        cart, host = serializer.to_cart(), request.get_host()

        def render(result) -> tuple[int, bytes]:  # an Order, or the DomainError that refused it
            if isinstance(result, DomainError):
                body = error_body(status_code=result.status_code, code=result.code, detail=result.detail, **result.extra)
                return result.status_code, _render(body)
            return 201, _render(order_body(result, host=host))

        status, body, replayed = idempotency.respond_once(
            idempotency.RequestKey(f"user:{customer.pk}" if customer else "guest", key,
                                   idempotency.fingerprint("POST", request.path, request.data)),
            place=lambda: checkout.place_order(cart, actor=customer, contact=contact,
                                               payment_method=data["payment_method"], note=data["note"]),
            pay=lambda order: checkout.take_payment(order, card_token=data["card_token"]),
            render=render,
        )
        response = HttpResponse(body, status=status, content_type="application/json")
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response
