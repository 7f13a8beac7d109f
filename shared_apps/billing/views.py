from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.openapi import errors
from tenants.permissions import IsBrandOwner

from . import documents
from .models import Invoice
from .selectors import billing_overview, invoices_of, offered_plans
from .serializers import BillingOverviewSerializer, PlanSerializer


class PlanListView(ListAPIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = PlanSerializer

    @extend_schema(tags=["plans"], operation_id="plans_list", responses={200: PlanSerializer(many=True)},
                   description="The plans a brand can sign up for or move to. Public; prices in minor units.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return offered_plans()


class BillingView(APIView):
    permission_classes = [IsAuthenticated, IsBrandOwner]

    @extend_schema(
        tags=["billing"], operation_id="billing_read", responses={200: BillingOverviewSerializer, **errors(401, 403, 404)},
        description="The brand's plan, subscription (status, trial end, current period), usage this period "
        "against the plan's limits, and its latest invoices. Owner only. A usage item with "
        "`counted: false` is a placeholder 0 until the app that owns it counts.",
    )
    def get(self, request):
        return Response(BillingOverviewSerializer(billing_overview(request.tenant)).data)


def invoice_pdf_response(invoice: Invoice) -> HttpResponse:
    """The invoice's PDF as a download (also the platform admins' view of it)."""
    response = HttpResponse(documents.invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.pdf_filename(invoice)}"'
    return response


PDF_SCHEMA = {
    "parameters": [OpenApiParameter("number", str, OpenApiParameter.PATH, description="The invoice number (BRG-000042).")],
    "responses": {(200, "application/pdf"): OpenApiTypes.BINARY, **errors(401, 403, 404)},
}


class InvoicePdfView(APIView):
    permission_classes = [IsAuthenticated, IsBrandOwner]

    @extend_schema(tags=["billing"], operation_id="billing_invoice_pdf", **PDF_SCHEMA,
                   description="One of the brand's invoices as a PDF (the e-mailed invoice, amounts in the "
                   "brand's locale). Owner only; another brand's number is 404.")
    def get(self, request, number):
        invoice = invoices_of(request.tenant).filter(number=number).first()
        if invoice is None:
            raise Http404
        return invoice_pdf_response(invoice)
