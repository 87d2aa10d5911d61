"""API authentication: `Authorization: Token <key>` (DRF's token) with an end date."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import secretariat_membership
from .services import token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (and deleting) a token older than
    TOKEN_TTL_DAYS, and refusing inactive accounts as DRF does. The token, its user and
    the user's secretariat membership are read in one query (what
    User.is_secretariat would otherwise ask on every request)."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = (
                model.objects.select_related("user")
                .annotate(secretariat=secretariat_membership("user_id"))
                .get(key=key)
            )
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        user.know_secretariat_membership(token.secretariat)
        if token_is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token has expired."))
        return user, token
