import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer

from shared_apps.core.openapi import errors
from tenant_apps.orders.api.permissions import IsOwnerOrManager

from . import days, selectors
from .serializers import CSV_HEADER, DailyReportQuerySerializer, DailyReportSerializer, csv_row


class _Echo:
    """csv.writer writes to this; each row goes straight into the streamed response."""

    def write(self, value):
        return value


def _param(name, kind, description, **extra):
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, description=description, **extra)


class DailyReportsView(GenericAPIView):
    permission_classes = [IsOwnerOrManager]
    serializer_class = DailyReportSerializer

    def perform_content_negotiation(self, request, force=False):
        # `format=csv` picks the streamed download below, not a DRF renderer: errors stay JSON.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        tags=["manage-reports"], operation_id="manage_reports_daily",
        parameters=[
            _param("from", OpenApiTypes.DATE, "First business date (default: 6 days before `to`)."),
            _param("to", OpenApiTypes.DATE, "Last business date (default: today in the brand's zone); at most 93 days."),
            _param("location", OpenApiTypes.UUID, "One location only."),
            _param("format", OpenApiTypes.STR, "`csv`: the same rows as a streamed CSV download.", enum=["json", "csv"]),
        ],
        responses={200: DailyReportSerializer(many=True), **errors(400, 401, 403)},
        description="Sales per location and business date, newest first: the reports built after each "
        "location's local midnight (`final: true`), and today so far computed live (`final: false`). "
        "Money in minor units of `currency`. Owner and manager.",
    )
    def get(self, request):
        tenant = request.tenant
        now = timezone.now()
        today = days.local_today(tenant.timezone, now)
        query = DailyReportQuerySerializer(data=request.query_params, today=today)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        reports = selectors.daily_reports(first=params["from"], last=params["to"], location_id=params.get("location"),
                                          currency=tenant.currency, now=now)
        if params["format"] == "csv":
            return self._csv(reports, f"daily-{tenant.slug}-{params['from']}-{params['to']}.csv")
        page = self.paginate_queryset(reports)
        return self.get_paginated_response(DailyReportSerializer(page, many=True).data)

    def _csv(self, reports, filename: str):
        writer = csv.writer(_Echo())
        rows = (writer.writerow(row) for row in [CSV_HEADER, *(csv_row(r) for r in reports)])
        response = StreamingHttpResponse(rows, content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
