from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from shared_apps.core.openapi import errors
from tenants.audit import actor_from_request
from tenants.permissions import IsBrandOwner

from . import staff
from .selectors import slug_availability, staff_members
from .serializers import (
    AcceptedSerializer,
    SignInLinksSerializer,
    SignUpResultSerializer,
    SignUpSerializer,
    SlugCheckQuerySerializer,
    SlugCheckSerializer,
    StaffCreateSerializer,
    StaffSerializer,
    StaffUpdateSerializer,
)
from .services import sign_up_brand
from .tasks import send_signin_links


class SignUpView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "signup"

    @extend_schema(
        tags=["signup"], operation_id="signup_create", request=SignUpSerializer,
        responses={201: SignUpResultSerializer, **errors(400, 409, 429, 503)},
        description="Create a brand: its storefront at `<slug>.<base domain>` is live when this returns. "
        "The brand starts in trial on `plan` (default: the starter plan). Returns the owner's tokens, "
        "valid on the new brand's host only, and `handover_url`: the brand's console with a one-time code in its "
        "fragment, which a browser opens to arrive there signed in. Bad input: 400 `invalid_input` with `fields`; a taken slug: "
        "409 `slug_taken`. Nothing is created unless everything succeeds. Throttled per client IP.",
    )
    def post(self, request):
        serializer = SignUpSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = sign_up_brand(
            data["brand_name"], data["slug"], owner_email=data["owner_email"], owner_password=data["owner_password"],
            plan=data["plan"], currency=data["currency"], timezone=data["timezone"], by=actor_from_request(request),
        )
        tenant = result.tenant
        body = {
            "tenant": {"slug": tenant.slug, "name": tenant.name, "status": tenant.status, "domain": tenant.primary_domain},
            "plan": result.plan_code,
            "storefront_url": result.storefront_url,
            "dashboard_url": result.dashboard_url,
            "access": result.access,
            "refresh": result.refresh,
            "handover_code": result.handover.code,
            "handover_url": result.handover.url,
        }
        return Response(SignUpResultSerializer(body).data, status=status.HTTP_201_CREATED)


class SlugCheckView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "slug_check"

    @extend_schema(
        tags=["signup"], operation_id="signup_slug_check",
        parameters=[OpenApiParameter("slug", str, required=True, description="The slug to check.")],
        responses={200: SlugCheckSerializer, **errors(400, 429)},
        description="Whether a slug can name a new brand; `reason` says why not.",
    )
    def get(self, request):
        query = SlugCheckQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(SlugCheckSerializer(slug_availability(query.validated_data["slug"])).data)


class SignInLinksView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "signin_links"
    ANSWER = "If this address belongs to a brand's team, we have sent it a link to each of its brands."

    @extend_schema(
        tags=["signup"], operation_id="signin_links_create", request=SignInLinksSerializer,
        responses={202: AcceptedSerializer, **errors(400, 429)},
        description="\"Sign in to my brand\": e-mail this address the console link of every brand where it "
        "belongs to an owner or staff account. The answer is the same whether or not it does, and the lookup "
        "runs in the background, so neither the answer nor its timing tells whether an address is known. "
        "Throttled per client IP.",
    )
    def post(self, request):
        serializer = SignInLinksSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        send_signin_links.delay(serializer.validated_data["email"].strip().lower())
        return Response({"detail": self.ANSWER}, status=status.HTTP_202_ACCEPTED)


class StaffListView(ListAPIView):
    permission_classes = [IsAuthenticated, IsBrandOwner]
    serializer_class = StaffSerializer

    def get_queryset(self):
        return staff_members()

    @extend_schema(tags=["staff"], operation_id="manage_staff_list",
                   responses={200: StaffSerializer(many=True), **errors(401, 403)},
                   description="The brand's staff: owner, managers, kitchen and couriers (owner only).")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=["staff"], operation_id="manage_staff_create", request=StaffCreateSerializer,
                   responses={201: StaffSerializer, **errors(400, 401, 403, 409)},
                   description="Add a manager, kitchen or courier account; they sign in on this host. "
                   "403 `plan_limit` past the plan's staff limit (the owner counts); 409 `email_taken`.")
    def post(self, request):
        serializer = StaffCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = staff.add_staff_member(request.tenant, data["email"], data["password"], role=data["role"],
                                      name=data["name"], by=actor_from_request(request))
        return Response(StaffSerializer(user).data, status=status.HTTP_201_CREATED)


class StaffDetailView(APIView):
    permission_classes = [IsAuthenticated, IsBrandOwner]

    @extend_schema(tags=["staff"], operation_id="manage_staff_update", request=StaffUpdateSerializer,
                   parameters=[OpenApiParameter("user_id", str, OpenApiParameter.PATH, description="The staff member's id.")],
                   responses={200: StaffSerializer, **errors(400, 401, 403, 404)},
                   description="Change a staff member's role or name, or deactivate (`is_active: false`) or "
                   "reactivate them; reactivating counts against the plan's staff limit. The owner is not "
                   "changed here.")
    def patch(self, request, user_id):
        serializer = StaffUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = staff.update_staff_member(request.tenant, user_id, by=actor_from_request(request),
                                         **serializer.validated_data)
        return Response(StaffSerializer(user).data)
