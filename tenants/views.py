from django.conf import settings
from django.http import Http404
from django.views.static import serve
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.openapi import errors
from shared_apps.core.parsers import JSONParser

from . import services
from .audit import actor_from_request
from .permissions import IsBrandOwner
from .selectors import brand_theme, domains_of
from .serializers import BrandSerializer, DomainCreateSerializer, DomainSerializer, ThemeUpdateSerializer

OWNER = [IsAuthenticated, IsBrandOwner]
DOMAIN_ID = OpenApiParameter("domain_id", int, OpenApiParameter.PATH, description="The domain's id.")


class BrandView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(tags=["brand"], operation_id="brand_read", responses={200: BrandSerializer},
                   description="The brand's public theme and where to open WebSockets. No authentication; cached.")
    def get(self, request):
        return Response(brand_theme(request.tenant, request))


class ManageBrandView(APIView):
    permission_classes = OWNER
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        tags=["brand"], operation_id="manage_brand_update",
        request={"application/json": ThemeUpdateSerializer, "multipart/form-data": ThemeUpdateSerializer},
        responses={200: BrandSerializer, **errors(400, 401, 403)},
        description="Edit the brand's theme (owner only): display name, hex colours (primary, accent, page background, text), "
        "font, hero text, storefront language (`locale`, BCP 47) and "
        "logo (multipart upload: PNG, JPEG, WebP or GIF, checked by content, size-limited; `invalid_logo`).",
    )
    def patch(self, request):
        serializer = ThemeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_theme(request.tenant, by=actor_from_request(request), **serializer.validated_data)
        return Response(brand_theme(request.tenant, request))


class DomainListView(ListAPIView):
    permission_classes = OWNER
    serializer_class = DomainSerializer

    def get_queryset(self):
        return domains_of(self.request.tenant)

    @extend_schema(tags=["domains"], operation_id="manage_domains_list",
                   responses={200: DomainSerializer(many=True), **errors(401, 403)},
                   description="The brand's host names: its own subdomain and its custom domains (owner only).")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=["domains"], operation_id="manage_domains_create", request=DomainCreateSerializer,
                   responses={201: DomainSerializer, **errors(400, 401, 403, 409)},
                   description="Add a custom domain. It routes to the brand at once and stays `pending` until "
                   "the TXT record in `txt_record` is published and verified. Unique across the platform; "
                   "platform hosts and names under the platform's domain are refused (`invalid_domain`).")
    def post(self, request):
        serializer = DomainCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        domain = services.add_custom_domain(request.tenant, serializer.validated_data["domain"],
                                            by=actor_from_request(request))
        return Response(DomainSerializer(domain).data, status=status.HTTP_201_CREATED)


class DomainDetailView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=["domains"], operation_id="manage_domains_delete", parameters=[DOMAIN_ID],
                   responses={204: None, **errors(401, 403, 404)},
                   description="Remove a custom domain; it stops routing at once. The brand's own subdomain cannot be removed.")
    def delete(self, request, domain_id):
        services.remove_custom_domain(request.tenant, domain_id, by=actor_from_request(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DomainVerifyView(APIView):
    permission_classes = OWNER

    @extend_schema(tags=["domains"], operation_id="manage_domains_verify", request=None, parameters=[DOMAIN_ID],
                   responses={200: DomainSerializer, **errors(401, 403, 404, 409)},
                   description="Check the domain's DNS TXT record now; 409 `domain_not_verified` (with the expected "
                   "`record_name` and `record_value`) while it is not published yet.")
    def post(self, request, domain_id):
        domain = services.verify_custom_domain(request.tenant, domain_id, by=actor_from_request(request))
        return Response(DomainSerializer(domain).data)


def brand_media(request, schema_name, filename):
    """A brand's uploaded files (its logo), on its own hosts only. Nginx or a CDN may serve
    MEDIA_ROOT directly in front of this; the check keeps one brand's host from serving another's."""
    if schema_name != request.tenant.schema_name or "/" in filename or filename.startswith("."):
        raise Http404
    response = serve(request, f"brands/{schema_name}/{filename}", document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=86400"  # names are random per upload: safe to cache
    return response
