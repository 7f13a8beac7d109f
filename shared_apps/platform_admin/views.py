from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.billing.dunning import mark_paid
from shared_apps.billing.selectors import all_invoices, invoice_by_number, usage_with_limits
from shared_apps.billing.serializers import InvoiceSerializer
from shared_apps.billing.views import PDF_SCHEMA, invoice_pdf_response
from shared_apps.core.openapi import errors
from shared_apps.scheduling.selectors import schedules
from shared_apps.scheduling.serializers import ScheduleQuerySerializer, ScheduleSerializer
from tenants.audit import actor_from_request
from tenants.models import Tenant

from . import selectors, services
from .permissions import IsPlatformAdmin
from .serializers import (
    AdminTenantDetailSerializer,
    AdminTenantSerializer,
    AdminTenantUpdateSerializer,
    AuditEventSerializer,
    AuditQuerySerializer,
    ImpersonationSerializer,
    InvoiceQuerySerializer,
    OptionalReasonSerializer,
    OverviewQuerySerializer,
    OverviewSerializer,
    ReasonSerializer,
    TenantListQuerySerializer,
)

TAG = "platform-admin"
ADMIN_ERRORS = errors(401, 404)
SLUG_PARAMETER = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The brand's slug.")


def _detail(tenant: Tenant) -> dict:
    tenant = selectors.tenant_by_slug(tenant.slug)  # fresh, with its subscription and plan
    subscription = getattr(tenant, "subscription", None)
    tenant.order_count = selectors.order_count_this_period(tenant)
    tenant.usage = usage_with_limits(subscription) if subscription else None
    tenant.owner_email = selectors.owner_email(tenant)
    tenant.last_order_at = selectors.last_order_of(tenant)
    return AdminTenantDetailSerializer(tenant).data


class AdminView(APIView):
    permission_classes = [IsPlatformAdmin]


class TenantListView(ListAPIView):
    permission_classes = [IsPlatformAdmin]
    serializer_class = AdminTenantSerializer

    @extend_schema(
        tags=[TAG], operation_id="admin_tenants_list",
        parameters=[TenantListQuerySerializer], responses={200: AdminTenantSerializer(many=True), **errors(400, 401, 404)},
        description="Brands, newest first unless `ordering` says otherwise: search a slug, name, domain or "
        "owner e-mail fragment; filter by status and plan. "
        "Platform admins only (404 for anyone else).",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = TenantListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.search_tenants(**query.validated_data).prefetch_related("domains")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        for tenant in page:  # counted for the page only: each count reads the brand's own schema
            tenant.order_count = selectors.order_count_this_period(tenant)
        return page


class TenantDetailView(AdminView):
    @extend_schema(tags=[TAG], operation_id="admin_tenants_read", parameters=[SLUG_PARAMETER],
                   responses={200: AdminTenantDetailSerializer, **ADMIN_ERRORS},
                   description="A brand with its plan, subscription (trial end, period), status, domains, usage "
                   "this period against the plan's limits, owner and last order.")
    def get(self, request, slug):
        return Response(_detail(selectors.tenant_by_slug(slug)))

    @extend_schema(tags=[TAG], operation_id="admin_tenants_update", parameters=[SLUG_PARAMETER],
                   request=AdminTenantUpdateSerializer,
                   responses={200: AdminTenantDetailSerializer, **errors(400, 401, 404, 409)},
                   description="Rename a brand or change its plan (takes effect at once; proration is left to "
                   "invoicing). Audited.")
    def patch(self, request, slug):
        serializer = AdminTenantUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tenant = services.update_tenant(selectors.tenant_by_slug(slug), by=actor_from_request(request),
                                        **serializer.validated_data)
        return Response(_detail(tenant))


def _status_change_view(name: str, change, *, operation_id: str, reason, description: str) -> type[AdminView]:
    """One view for suspend, reactivate and cancel: validate the reason, call `change`, answer the
    brand's detail. Each is its own class (its own schema: operation id, request, description)."""

    @extend_schema(tags=[TAG], operation_id=operation_id, parameters=[SLUG_PARAMETER], request=reason,
                   responses={200: AdminTenantDetailSerializer, **errors(400, 401, 404, 409)}, description=description)
    def post(self, request, slug):
        serializer = reason(data=request.data)
        serializer.is_valid(raise_exception=True)
        tenant = change(selectors.tenant_by_slug(slug), by=actor_from_request(request),
                        reason=serializer.validated_data["reason"])
        return Response(_detail(tenant))

    return type(name, (AdminView,), {"post": post, "__module__": __name__})


SuspendView = _status_change_view(
    "SuspendView", services.suspend_tenant, operation_id="admin_tenants_suspend", reason=ReasonSerializer,
    description="Suspend a brand: its storefront and API refuse orders and changes "
    "(403 `tenant_suspended`); its data is kept and staff can still sign in. Audited.")
ReactivateView = _status_change_view(
    "ReactivateView", services.reactivate_tenant, operation_id="admin_tenants_reactivate",
    reason=OptionalReasonSerializer,
    description="Reactivate a suspended or cancelled brand; its status follows its subscription again. Audited.")
CancelView = _status_change_view(
    "CancelView", services.cancel_tenant, operation_id="admin_tenants_cancel", reason=ReasonSerializer,
    description="Cancel a brand's subscription: the storefront shows it closed, its data is kept. Audited.")


class ImpersonateView(AdminView):
    @extend_schema(tags=[TAG], operation_id="admin_tenants_impersonate", parameters=[SLUG_PARAMETER],
                   request=OptionalReasonSerializer, responses={200: ImpersonationSerializer, **errors(400, 401, 404, 409)},
                   description="A hand-over code that opens the brand's staff console as its owner: exchanged on the "
                   "brand's host it gives a 15-minute access token with an `impersonated_by` claim (every audit entry "
                   "made with it names the admin) and no refresh token. Audited, with the reason.")
    def post(self, request, slug):
        serializer = OptionalReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actor = actor_from_request(request)
        tenant = selectors.tenant_by_slug(slug)
        result = services.impersonate_owner(tenant, by=actor, reason=serializer.validated_data["reason"])
        return Response(ImpersonationSerializer({
            "handover_code": result.code, "handover_url": result.url, "expires_at": result.expires_at,
            "tenant": tenant.slug, "host": tenant.primary_domain, "owner_email": result.user_email,
            "impersonated_by": actor.email,
        }).data)


class AuditListView(ListAPIView):
    permission_classes = [IsPlatformAdmin]
    serializer_class = AuditEventSerializer

    @extend_schema(tags=[TAG], operation_id="admin_audit_list", parameters=[AuditQuerySerializer],
                   responses={200: AuditEventSerializer(many=True), **errors(400, 401, 404)},
                   description="The append-only audit log, newest first; filter by brand slug, action "
                   "(e.g. `tenant.suspended`, `plan.changed`, `domain.added`, `tenant.impersonated`), actor e-mail "
                   "fragment (the actor or the admin impersonating) and time (`since` inclusive, `until` exclusive).")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = AuditQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return selectors.audit_events(tenant_slug=data["tenant"], action=data["action"], actor=data["actor"],
                                      since=data["since"], until=data["until"])


class InvoiceListView(ListAPIView):
    permission_classes = [IsPlatformAdmin]
    serializer_class = InvoiceSerializer

    @extend_schema(tags=[TAG], operation_id="admin_invoices_list", parameters=[InvoiceQuerySerializer],
                   responses={200: InvoiceSerializer(many=True), **errors(400, 401, 404)},
                   description="Invoices across brands, newest first; filter by brand slug, status, and billing "
                   "period (those overlapping `period_from`..`period_to`, days, both included), with their lines.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = InvoiceQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return all_invoices(tenant_slug=data["tenant"], status=data["status"], period_from=data["period_from"],
                            period_to=data["period_to"])


class OverviewView(AdminView):
    @extend_schema(tags=[TAG], operation_id="admin_overview", parameters=[OverviewQuerySerializer],
                   responses={200: OverviewSerializer, **errors(400, 401, 404)},
                   description="Brands by status, and sign-ups and orders (across every brand) per UTC day for the "
                   "last `days` days (default 30, at most 90), today included.")
    def get(self, request):
        query = OverviewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(OverviewSerializer(selectors.overview(days=query.validated_data["days"])).data)


class InvoicePaidView(AdminView):
    @extend_schema(tags=[TAG], operation_id="admin_invoices_mark_paid", request=None,
                   parameters=[OpenApiParameter("number", str, OpenApiParameter.PATH)],
                   responses={200: InvoiceSerializer, **errors(401, 404)},
                   description="Record an invoice as paid (the manual payment provider: a bank transfer seen by "
                   "an admin). A past-due or dunning-suspended brand with nothing else overdue is active again "
                   "at once. Audited; paying a paid invoice changes nothing.")
    def post(self, request, number):
        invoice = mark_paid(invoice_by_number(number), by=actor_from_request(request))
        return Response(InvoiceSerializer(invoice).data)


class InvoicePdfView(AdminView):
    @extend_schema(tags=[TAG], operation_id="admin_invoices_pdf", **PDF_SCHEMA,
                   description="Any brand's invoice as a PDF, as the owner receives it.")
    def get(self, request, number):
        return invoice_pdf_response(invoice_by_number(number))


class ScheduleListView(ListAPIView):
    permission_classes = [IsPlatformAdmin]
    serializer_class = ScheduleSerializer

    @extend_schema(tags=[TAG], operation_id="admin_schedules_list", parameters=[ScheduleQuerySerializer],
                   responses={200: ScheduleSerializer(many=True), **errors(400, 401, 404)},
                   description="Every brand's scheduled jobs (daily reports, billing cycle): next run, consecutive "
                   "failed attempts and the last error. `failing=true`: only those failing now.")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = ScheduleQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return schedules(tenant_slug=query.validated_data["tenant"], failing=query.validated_data["failing"])
