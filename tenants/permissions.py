from rest_framework.permissions import BasePermission

from shared_apps.accounts.models import User


class IsBrandOwner(BasePermission):
    """The signed-in user owns the brand whose host this is (tokens are bound to their schema)."""

    message = "Only the brand's owner may do this."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.role == User.Role.OWNER)
