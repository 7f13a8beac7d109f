"""The data-rights endpoints: a customer's download and erasure, a brand's export and closing."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.openapi import errors
from tenant_apps.orders.api.permissions import IsCustomer
from tenants.audit import actor_from_request

from . import customer_data
from .serializers import TAG, AccountDeleteSerializer, CustomerDataSerializer, DetailSerializer


class CustomerDataView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=[TAG], operation_id="account_data_export", responses={200: CustomerDataSerializer, **errors(401, 403)},
        description="Download everything this brand holds about the signed-in account (GDPR articles 15 and 20): "
        "the account, its saved addresses and its orders with lines, payment and status history, as one JSON "
        "document (`Content-Disposition: attachment`). Only this brand's data: each brand keeps its own accounts. "
        "Orders placed as a guest are not linked to the account and are not included. Audited "
        "(`customer.data_exported`, by account id). Not for API keys.",
    )
    def get(self, request):
        data = customer_data.export_customer_data(request.user, tenant=request.tenant, by=actor_from_request(request))
        body = CustomerDataSerializer({
            "exported_at": data.exported_at, "brand": {"name": request.tenant.name, "slug": request.tenant.slug},
            "user": data.user, "addresses": data.addresses, "orders": data.orders,
        }, context={"request": request}).data
        response = Response(body)
        response["Content-Disposition"] = f'attachment; filename="{request.tenant.slug}-my-data.json"'
        return response


class AccountDeleteView(APIView):
    permission_classes = [IsCustomer]

    @extend_schema(
        tags=[TAG], operation_id="account_delete", request=AccountDeleteSerializer,
        responses={200: DetailSerializer, **errors(400, 401, 403, 409, 429)},
        description="Delete the signed-in customer's account on this brand (GDPR article 17), confirmed with its "
        "password (400 `password_incorrect`; wrong passwords count toward the sign-in delay, 429). Name, e-mail, "
        "phone, saved addresses, order notes and delivery addresses are erased and every session signed out; the "
        "orders stay for the brand's accounting, their customer replaced by a tombstone "
        "(`deleted-<id>@deleted.invalid`). 409 `open_orders` (with `orders`) while an order is not finished. "
        "Staff accounts are removed by the owner, not here (403). Audited (`customer.erased`, by account id). "
        "Allowed while the brand is suspended or closed.",
    )
    def post(self, request):
        serializer = AccountDeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer_data.erase_customer(request.user, password=serializer.validated_data["password"],
                                     tenant=request.tenant, by=actor_from_request(request))
        return Response({"detail": "Your account has been deleted."}, status=status.HTTP_200_OK)
