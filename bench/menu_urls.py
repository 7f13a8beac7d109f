"""The brand URLconf plus the benchmark's floor: a DRF view with no query and no cache."""

from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls_tenant import urlpatterns as tenant_urlpatterns


class Trivial(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [*tenant_urlpatterns, path("bench/trivial/", Trivial.as_view())]
