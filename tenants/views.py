from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import brand_theme
from .serializers import BrandSerializer


class BrandView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(tags=["brand"], operation_id="brand_read", responses={200: BrandSerializer},
                   description="The brand's public theme and where to open WebSockets. No authentication.")
    def get(self, request):
        return Response(brand_theme(request.tenant, request))
