"""API authentication: `Authorization: Token <key>` (DRF's token) with an end date."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .services import token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (and deleting) a token older than
    TOKEN_TTL_DAYS. Inactive accounts are refused by DRF itself."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token has expired."))
        return user, token
