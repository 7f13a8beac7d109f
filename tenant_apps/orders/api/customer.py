"""The customer's side after checkout: their orders, cancelling, public tracking, slots and saved
addresses."""

from zoneinfo import ZoneInfo

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.openapi import errors as error_responses
from tenant_apps.catalog.models import Location

from .. import quotes, selectors, services
from ..errors import AddressNotFound, OrderNotFound
from ..states import Status
from . import TAG
from .permissions import IsCustomer
from .serializers import (
    OrderSerializer,
    SavedAddressSerializer,
    SlotsQuerySerializer,
    SlotsSerializer,
    TrackingSerializer,
)


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
        query = SlotsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("date") or timezone.localdate(timezone=ZoneInfo(location.timezone))
        data = {"location": str(location.pk), "date": day, "timezone": location.timezone,
                "slots": quotes.available_slots(location, day)}
        return Response(SlotsSerializer(data).data)


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
