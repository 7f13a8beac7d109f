from django.db import connection
from django_tenants.utils import get_public_schema_name
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission


class IsPlatformAdmin(BasePermission):
    """Platform admins only; everyone else is told the path does not exist (404), so the admin
    API is not advertised. A token from a brand's host never gets this far: it is refused with 401
    when authentication checks its schema."""

    def has_permission(self, request, view):
        user = request.user
        if (
            user
            and user.is_authenticated
            and user.is_staff
            and user.is_active
            and connection.schema_name == get_public_schema_name()
        ):
            return True
        raise NotFound()
