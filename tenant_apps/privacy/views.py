"""The data-rights endpoints: a customer's download and erasure, a brand's export and closing."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.openapi import errors, paginated
from shared_apps.core.pagination import StandardPagination
from tenant_apps.orders.api.permissions import IsCustomer
from tenants.audit import actor_from_request
from tenants.permissions import IsBrandOwner

from . import closing, customer_data, exports
from .models import BrandExport
from .serializers import (
    TAG,
    AccountDeleteSerializer,
    BrandClosedSerializer,
    BrandCloseSerializer,
    BrandExportRequestSerializer,
    BrandExportSerializer,
    CustomerDataSerializer,
    DetailSerializer,
)


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


EXPORT_TAG = "brand data"


class BrandExportsView(APIView):
    permission_classes = [IsBrandOwner]
    pagination_class = StandardPagination

    @extend_schema(tags=[EXPORT_TAG], operation_id="manage_exports_list",
                   responses={200: paginated(BrandExportSerializer), **errors(401, 403)},
                   description="The brand's exports, newest first, with their progress (owner only).")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(BrandExport.objects.all(), request, view=self)
        return paginator.get_paginated_response(
            [BrandExportSerializer.of(e, progress=exports.progress_of(e), request=request) for e in page])

    @extend_schema(
        tags=[EXPORT_TAG], operation_id="manage_exports_create", request=BrandExportRequestSerializer,
        responses={202: BrandExportSerializer, **errors(400, 401, 403, 409)},
        description="Export the whole brand: every table of its schema, one file per table (`tables/<name>.json`, "
        "a JSON array of rows, or `tables/<name>.csv` with a header) plus `manifest.json`, in one ZIP, read as one "
        "consistent snapshot. Built in the background: poll the export for `progress`, then fetch `download_url`. "
        "Credentials (password hashes, refresh tokens, sessions, key hashes, webhook secrets, tracking tokens) are "
        "written as null. One at a time (409 `export_in_progress`). Owner only; allowed while the brand is "
        "suspended or closed. Audited (`brand.export_requested`).",
    )
    def post(self, request):
        serializer = BrandExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        export = exports.request_export(request.tenant, fmt=serializer.validated_data["format"],
                                        by=actor_from_request(request), user=request.user)
        return Response(BrandExportSerializer.of(export, progress=exports.progress_of(export), request=request),
                        status=status.HTTP_202_ACCEPTED)


class BrandExportDetailView(APIView):
    permission_classes = [IsBrandOwner]

    @extend_schema(tags=[EXPORT_TAG], operation_id="manage_exports_read",
                   responses={200: BrandExportSerializer, **errors(401, 403, 404)},
                   description="One export: `status` (`pending`, `running`, `done`, `failed`), `progress` (tables and "
                   "rows written so far) and, once done, `download_url`.")
    def get(self, request, export_id):
        export = exports.get_export(export_id)
        return Response(BrandExportSerializer.of(export, progress=exports.progress_of(export), request=request))


class BrandExportDownloadView(APIView):
    permission_classes = [IsBrandOwner]

    @extend_schema(tags=[EXPORT_TAG], operation_id="manage_exports_download",
                   responses={(200, "application/zip"): OpenApiTypes.BINARY, **errors(401, 403, 404, 409)},
                   description="The finished export's ZIP file. 409 `export_not_ready` (with `status`) before it is done.")
    def get(self, request, export_id):
        export = exports.get_export(export_id)
        return FileResponse(exports.open_file(export), as_attachment=True, content_type="application/zip",
                            filename=f"{request.tenant.slug}-export-{export.created:%Y%m%d-%H%M%S}.zip")


class BrandCloseView(APIView):
    permission_classes = [IsBrandOwner]

    @extend_schema(
        tags=[EXPORT_TAG], operation_id="manage_brand_close", request=BrandCloseSerializer,
        responses={200: BrandClosedSerializer, **errors(400, 401, 403, 409, 429)},
        description="Close the brand: it is cancelled at once (the storefront and API refuse orders and changes; "
        "reads, sign-in and exports still work) and its data is deleted for good after the grace period "
        "(`purge_after`, 30 days by default): the schema is dropped by a scheduled job and its hosts stop "
        "answering; the platform keeps its invoices and audit trail. Confirm with the brand's slug (`confirm`, 400 "
        "`confirmation_mismatch`) and the owner's password (400 `password_incorrect`; counts toward the sign-in "
        "delay, 429). 409 `already_closed`. Until `purge_after` the platform's support can reactivate it. "
        "Owner only; audited (`tenant.closed`).",
    )
    def post(self, request):
        serializer = BrandCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        tenant = closing.close_brand(request.tenant, owner=request.user, password=data["password"],
                                     confirm=data["confirm"], reason=data["reason"], by=actor_from_request(request))
        return Response({"status": tenant.status, "purge_after": tenant.purge_after})
