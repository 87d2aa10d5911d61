"""Permission classes shared by the API views."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


def is_secretariat(user):
    """Whether the user is secretariat staff (accounts.User.is_secretariat), signed in."""
    return bool(user and user.is_authenticated and user.is_secretariat)


class IsSecretariatOrReadOnly(BasePermission):
    """Anyone reads what the queryset lets them see; only the secretariat writes."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_secretariat(request.user)
