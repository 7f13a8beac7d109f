"""The ordering API: quote, checkout, the customer's orders, tracking, slots, staff orders and
transitions, and the payment provider's webhook. Thin: validate, call one service, serialise."""

from datetime import date
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.models import User
from shared_apps.core.errors import error_body
from shared_apps.core.openapi import errors as error_responses
from shared_apps.core.pagination import StandardPagination
from tenant_apps.catalog.models import Location

from . import checkout, idempotency, payments, quotes, selectors, services
from .errors import AddressNotFound, OrderNotFound
from .models import Order, OrderingSettings, PromoCode
from .serializers import (
    CheckoutRequestSerializer,
    EtaRequestSerializer,
    OrderingSettingsSerializer,
    OrderSerializer,
    PromoCodeSerializer,
    QuoteRequestSerializer,
    QuoteSerializer,
    SavedAddressSerializer,
    SlotsSerializer,
    StaffOrderFilterSerializer,
    StaffOrderSerializer,
    TrackingSerializer,
    TransitionRequestSerializer,
    WebhookAckSerializer,
    order_body,
)
from .states import Status

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    description="A fresh random value (a UUID) per order, sent again unchanged on every retry. The same key and "
    "body replay the first response byte for byte (header `Idempotent-Replayed: true`); the same key with "
    "another body is 422 `idempotency_mismatch`; while the first request runs, 409 `idempotency_in_progress`.",
)
TAG = "orders"
STAFF_TAG = "manage-orders"


class IsStaff(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role in User.STAFF_ROLES)


def _customer(request):
    user = request.user
    return user if user and user.is_authenticated else None


class QuoteView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=[TAG], operation_id="orders_quote", request=QuoteRequestSerializer,
        responses={200: QuoteSerializer, **error_responses(400, 401, 403, 422)},
        description="Price a cart on the server: lines, subtotal, discount, tax, delivery fee, tip and total. "
        "Stores nothing. A cart that cannot be ordered is 422 with a precise code — `item_unavailable`, "
        "`modifier_invalid`, `outside_delivery_zone`, `below_minimum`, `location_closed`, `promo_invalid`, "
        "`slot_invalid`, `fulfillment_unavailable` — with `fields` per line (`items.<n>`) and `lines`, "
        "one entry per refused line. A signed-in customer may give `delivery_address_id` (a saved address) "
        "instead of `delivery_address`: 400 `unknown_address` if it is not theirs, 401 for a guest.",
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
        responses={201: OrderSerializer, **error_responses(400, 401, 402, 403, 409, 422)},
        description="Place an order. The server prices the cart again (client totals are ignored) and checks "
        "availability and opening hours at this moment. Guests give `contact`; a signed-in customer's account is "
        "used otherwise. A signed-in customer may deliver to a saved address with `delivery_address_id` (the order "
        "keeps a copy); 400 `unknown_address` if it is not theirs, 401 `not_authenticated` for a guest. "
        "`payment_method` `cash` places the order at once; `card` authorises first: a decline "
        "answers 402 `payment_failed` (with `order`) and the order stays `payment_failed`. 403 `plan_limit` when "
        "the brand's plan allows no more orders this month, `tenant_suspended` when the brand is suspended; 409 "
        "`slot_full` when the chosen slot has no place left.",
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

        def respond(order, error):
            if error is not None:
                body = error_body(status_code=error.status_code, code=error.code, detail=error.detail, **error.extra)
                return error.status_code, _render(body)
            return 201, _render(order_body(order, host=request.get_host()))

        status, body, replayed = checkout.place_order(
            serializer.to_cart(), customer=customer, contact=contact, payment_method=data["payment_method"],
            card_token=data["card_token"], note=data["note"],
            idempotency_scope=f"user:{customer.pk}" if customer else "guest", idempotency_key=key,
            request_hash=idempotency.fingerprint("POST", request.path, request.data), respond=respond,
        )
        response = HttpResponse(body, status=status, content_type="application/json")
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class OrderDetailView(APIView):
    @extend_schema(tags=[TAG], operation_id="orders_read", responses={200: OrderSerializer, **error_responses(401, 404)},
                   description="One of the signed-in customer's own orders; anyone else's is 404.")
    def get(self, request, order_id):
        order = selectors.customer_orders(request.user).filter(pk=order_id).first()
        if order is None:
            raise OrderNotFound()
        return Response(OrderSerializer(order, context={"request": request}).data)


class OrderCancelView(APIView):
    @extend_schema(
        tags=[TAG], operation_id="orders_cancel", request=None,
        responses={200: OrderSerializer, **error_responses(401, 403, 404, 409)},
        description="The customer cancels their own order while it is still `placed` (not yet accepted).",
    )
    def post(self, request, order_id):
        order = selectors.customer_orders(request.user).filter(pk=order_id).first()
        if order is None:
            raise OrderNotFound()
        order = services.transition_order(order, Status.CANCELLED, actor=request.user, reason="Cancelled by the customer")
        return Response(OrderSerializer(selectors.customer_orders(request.user).get(pk=order.pk), context={"request": request}).data)


class TrackingView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(tags=[TAG], operation_id="orders_track", responses={200: TrackingSerializer, **error_responses(404)},
                   description="Public tracking by the order's unguessable token (from the confirmation e-mail "
                   "and `tracking_url`): status, timeline and lines, no contact details.")
    def get(self, request, token):
        order = selectors.order_by_tracking_token(token)
        if order is None:
            raise OrderNotFound()
        return Response(TrackingSerializer(order).data)


class SlotsView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=[TAG], operation_id="locations_slots",
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, required=False, description="Local date; default today.")],
        responses={200: SlotsSerializer, **error_responses(400, 404)},
        description="Times a scheduled order can be placed for on that local day, each with this location's "
        "capacity (its own `slot_capacity`, else the brand's default from ordering settings) and the places left. "
        "Built from opening hours, prep time and busy mode.",
    )
    def get(self, request, location_id):
        location = get_object_or_404(Location, pk=location_id, is_active=True)
        raw = request.query_params.get("date")
        try:
            day = date.fromisoformat(raw) if raw else timezone.localdate(timezone=ZoneInfo(location.timezone))
        except ValueError:
            raise ValidationError({"date": ["Use YYYY-MM-DD."]}) from None
        data = {"location": str(location.pk), "date": day, "timezone": location.timezone,
                "slots": quotes.available_slots(location, day)}
        return Response(SlotsSerializer(data).data)


def _status_filter(request) -> list[str]:
    raw = [s for value in request.query_params.getlist("status") for s in value.split(",") if s]
    unknown = [s for s in raw if s not in Status.values]
    if unknown:
        raise ValidationError({"status": [f"Unknown status: {', '.join(unknown)}."]})
    return raw


class ManageOrdersView(APIView):
    permission_classes = [IsStaff]
    pagination_class = StandardPagination

    @extend_schema(
        tags=[STAFF_TAG], operation_id="manage_orders_list",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, description="One or more statuses, comma-separated."),
            OpenApiParameter("location", OpenApiTypes.UUID),
            OpenApiParameter("date", OpenApiTypes.DATE, description="The location's local business day."),
        ],
        responses={200: StaffOrderSerializer(many=True), **error_responses(400, 401, 403)},
        description="The brand's orders for staff (owner, manager, kitchen, courier), newest first, with the moves "
        "the caller may make.",
    )
    def get(self, request):
        filters = StaffOrderFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = selectors.staff_orders(status=_status_filter(request), location=filters.validated_data.get("location"),
                                          day=filters.validated_data.get("date"))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(StaffOrderSerializer(page, many=True, context={"request": request}).data)


class ManageOrderDetailView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(tags=[STAFF_TAG], operation_id="manage_orders_read",
                   responses={200: StaffOrderSerializer, **error_responses(401, 403, 404)})
    def get(self, request, order_id):
        order = selectors.staff_orders().filter(pk=order_id).first()
        if order is None:
            raise OrderNotFound()
        return Response(StaffOrderSerializer(order, context={"request": request}).data)


class ManageOrderTransitionView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=[STAFF_TAG], operation_id="manage_orders_transition", request=TransitionRequestSerializer,
        responses={200: StaffOrderSerializer, **error_responses(400, 401, 403, 404, 409)},
        description="Move an order along the state machine. An illegal move is 409 `illegal_transition`, a move "
        "your role may not make is 403 `transition_forbidden`; both list `allowed` moves. Kitchen: accept → "
        "ready (and picked up); courier: out for delivery → delivered; manager and owner: everything, cancel "
        "and reject with a `reason`. Accepting may carry the kitchen's estimate (`estimated_ready_at`, "
        "`estimated_delivery_at` or `delay_minutes`, as in `.../eta/`): both happen or neither.",
    )
    def post(self, request, order_id):
        serializer = TransitionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = get_object_or_404(Order.objects.exclude(status=Status.PENDING_PAYMENT), pk=order_id)
        eta = serializer.eta()
        if eta is not None:
            services.accept_order(order, actor=request.user, eta=eta)
        else:
            services.transition_order(order, serializer.validated_data["to"], actor=request.user,
                                      reason=serializer.validated_data["reason"])
        order = selectors.staff_orders().get(pk=order.pk)
        return Response(StaffOrderSerializer(order, context={"request": request}).data)


class ManageOrderEtaView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=[STAFF_TAG], operation_id="manage_orders_eta", request=EtaRequestSerializer,
        responses={200: StaffOrderSerializer, **error_responses(400, 401, 403, 404, 409)},
        description="Change an open order's estimated ready time (`estimated_ready_at`), its estimated delivery time "
        "(`estimated_delivery_at`, delivery orders), or push both back by `delay_minutes` (from the old estimate, or "
        "from now if it has passed). Recorded as an `eta_changed` event, which kitchen and tracking sockets receive "
        "and the tracking timeline lists. Kitchen, manager and owner (others 403 `eta_forbidden`). A closed order "
        "is 409 `order_closed`; the ready time of an order that is ready, or a delivery time of a pickup order, is "
        "409 `eta_not_applicable`; a time in the past is 400 `eta_in_past`; a delivery before the ready time is "
        "400 `invalid_eta`. Setting the times it already has changes nothing and records no event.",
    )
    def post(self, request, order_id):
        serializer = EtaRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = get_object_or_404(Order.objects.exclude(status=Status.PENDING_PAYMENT), pk=order_id)
        services.change_eta(order, serializer.eta(), actor=request.user, reason=serializer.validated_data["reason"])
        order = selectors.staff_orders().get(pk=order.pk)
        return Response(StaffOrderSerializer(order, context={"request": request}).data)


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
        applied = payments.handle_webhook(provider, request.body, request.headers.get(payments.SIGNATURE_HEADER, ""))
        return Response({"received": True, "applied": applied})


class IsCustomer(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role == User.Role.CUSTOMER)


class SavedAddressesView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(tags=[TAG], operation_id="addresses_list", responses={200: SavedAddressSerializer(many=True),
                                                                         **error_responses(401, 403)},
                   description="The signed-in customer's saved delivery addresses (not paginated; at most 20).")
    def get(self, request):
        addresses = request.user.saved_addresses.all()
        return Response(SavedAddressSerializer(addresses, many=True).data)

    @extend_schema(tags=[TAG], operation_id="addresses_create", request=SavedAddressSerializer,
                   responses={201: SavedAddressSerializer, **error_responses(400, 401, 403, 409)},
                   description="Save a delivery address for later checkouts.")
    def post(self, request):
        serializer = SavedAddressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        address = services.save_address(customer=request.user, **serializer.validated_data)
        return Response(SavedAddressSerializer(address).data, status=201)


class SavedAddressDetailView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(tags=[TAG], operation_id="addresses_delete", request=None,
                   responses={204: None, **error_responses(401, 403, 404)},
                   description="Forget one of the signed-in customer's addresses; anyone else's is 404.")
    def delete(self, request, address_id):
        address = request.user.saved_addresses.filter(pk=address_id).first()
        if address is None:
            raise AddressNotFound()
        services.delete_address(address, customer=request.user)
        return Response(status=204)


class IsOwnerOrManager(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated
                    and request.user.role in (User.Role.OWNER, User.Role.MANAGER))


SETTINGS_TAG = "manage-ordering"


class OrderingSettingsView(APIView):
    permission_classes = [IsOwnerOrManager]

    @extend_schema(tags=[SETTINGS_TAG], operation_id="manage_ordering_settings_read",
                   responses={200: OrderingSettingsSerializer, **error_responses(401, 403)},
                   description="Taxes (basis points per catalog tax category, inclusive or exclusive) and slot rules. "
                   "`slot_capacity` is the default per slot; a location's own `slot_capacity` "
                   "(`/api/v1/manage/locations/{id}/`) overrides it.")
    def get(self, request):
        return Response(OrderingSettingsSerializer(OrderingSettings.current()).data)

    @extend_schema(tags=[SETTINGS_TAG], operation_id="manage_ordering_settings_update", request=OrderingSettingsSerializer,
                   responses={200: OrderingSettingsSerializer, **error_responses(400, 401, 403)})
    def patch(self, request):
        serializer = OrderingSettingsSerializer(OrderingSettings.current(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        settings = services.update_ordering_settings(actor=request.user, **serializer.validated_data)
        return Response(OrderingSettingsSerializer(settings).data)


class PromoCodesView(APIView):
    permission_classes = [IsOwnerOrManager]
    pagination_class = StandardPagination

    @extend_schema(tags=[SETTINGS_TAG], operation_id="manage_promo_codes_list",
                   responses={200: PromoCodeSerializer(many=True), **error_responses(401, 403)})
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(PromoCode.objects.order_by("-created"), request, view=self)
        return paginator.get_paginated_response(PromoCodeSerializer(page, many=True).data)

    @extend_schema(tags=[SETTINGS_TAG], operation_id="manage_promo_codes_create", request=PromoCodeSerializer,
                   responses={201: PromoCodeSerializer, **error_responses(400, 401, 403, 409)},
                   description="`kind` percent: `value` in basis points (1000 = 10 %); fixed: in minor units.")
    def post(self, request):
        serializer = PromoCodeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        promo = services.save_promo_code(actor=request.user, **serializer.validated_data)
        return Response(PromoCodeSerializer(promo).data, status=201)


class PromoCodeDetailView(APIView):
    permission_classes = [IsOwnerOrManager]

    @extend_schema(tags=[SETTINGS_TAG], operation_id="manage_promo_codes_update", request=PromoCodeSerializer,
                   responses={200: PromoCodeSerializer, **error_responses(400, 401, 403, 404, 409)},
                   description="Change a promo code; set `is_active` false to retire it (orders keep its name).")
    def patch(self, request, promo_id):
        promo = get_object_or_404(PromoCode, pk=promo_id)
        serializer = PromoCodeSerializer(promo, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        promo = services.save_promo_code(promo, actor=request.user, **serializer.validated_data)
        return Response(PromoCodeSerializer(promo).data)
