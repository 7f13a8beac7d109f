"""Staff endpoints: the brand's orders and their moves, ordering settings and promo codes."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.openapi import errors as error_responses
from shared_apps.core.pagination import StandardPagination

from .. import selectors, services
from ..errors import OrderNotFound
from ..models import Order, OrderEvent, OrderingSettings, PromoCode
from ..states import Status
from . import SETTINGS_TAG, STAFF_TAG
from .permissions import IsOwnerOrManager, IsStaff
from .serializers import (
    BoardSettingsSerializer,
    EtaRequestSerializer,
    OrderingSettingsSerializer,
    PromoCodeSerializer,
    StaffOrderDetailSerializer,
    StaffOrderFilterSerializer,
    StaffOrderSerializer,
    TransitionRequestSerializer,
)


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
            OpenApiParameter("fulfillment", OpenApiTypes.STR, enum=["pickup", "delivery"]),
        ],
        responses={200: StaffOrderSerializer(many=True), **error_responses(400, 401, 403)},
        description="The brand's orders for staff (owner, manager, kitchen, courier), newest first, with the moves "
        "the caller may make. A courier sees only delivery orders: those ready to go out and those they took out; "
        "the customer's contact (name and phone, never the e-mail) only on their own runs.",
    )
    def get(self, request):
        filters = StaffOrderFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queryset = selectors.staff_orders(status=_status_filter(request), location=filters.validated_data.get("location"),
                                          day=filters.validated_data.get("date"),
                                          fulfillment=filters.validated_data.get("fulfillment"), viewer=request.user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(StaffOrderSerializer(page, many=True, context={"request": request}).data)


class ManageOrderDetailView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(tags=[STAFF_TAG], operation_id="manage_orders_read",
                   responses={200: StaffOrderDetailSerializer, **error_responses(401, 403, 404)},
                   description="One order for staff, with its events (placed, status and ETA changes) in order.")
    def get(self, request, order_id):
        order = selectors.staff_orders(viewer=request.user).filter(pk=order_id).prefetch_related(
            Prefetch("events", queryset=OrderEvent.objects.order_by("seq"))).first()
        if order is None:
            raise OrderNotFound()
        return Response(StaffOrderDetailSerializer(order, context={"request": request}).data)


def _validated(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


def _order_staff_may_change(order_id, staff) -> Order:
    """The order, 404 if there is none, it still waits for its payment (not the staff's yet), or
    it is out of this staff member's reach (a courier's: selectors.within_reach_of)."""
    return get_object_or_404(selectors.within_reach_of(Order.objects.exclude(status=Status.PENDING_PAYMENT), staff),
                             pk=order_id)


def _staff_view_of(order: Order, request) -> Response:
    """The order as staff see it after a change, read again with what the staff view prefetches."""
    order = selectors.staff_orders(viewer=request.user).get(pk=order.pk)
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
        data, order = _validated(TransitionRequestSerializer, request), _order_staff_may_change(order_id, request.user)
        if data.eta() is not None:
            services.accept_order(order, actor=request.user, eta=data.eta())
        else:
            services.transition_order(order, data.validated_data["to"], actor=request.user,
                                      reason=data.validated_data["reason"])
        return _staff_view_of(order, request)


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
        data, order = _validated(EtaRequestSerializer, request), _order_staff_may_change(order_id, request.user)
        services.change_eta(order, data.eta(), actor=request.user, reason=data.validated_data["reason"])
        return _staff_view_of(order, request)




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


class BoardSettingsView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(tags=[STAFF_TAG], operation_id="manage_board_settings_read",
                   responses={200: BoardSettingsSerializer, **error_responses(401, 403)},
                   description="The kitchen board's settings for every staff member: the minutes after which a "
                   "card turns amber and red. Owners and managers change them in the ordering settings.")
    def get(self, request):
        return Response(BoardSettingsSerializer(OrderingSettings.current()).data)


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
