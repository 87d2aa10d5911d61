"""API authentication: `Authorization: Token <key>` (DRF's token) with an end date."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .backends import token_by_key
from .services import token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (and deleting) a token older than
    TOKEN_TTL_DAYS, and refusing inactive accounts as DRF does. The token, its user and
    the user's secretariat membership are read in one statement compiled once per
    process (accounts.backends.token_by_key; what User.is_secretariat would otherwise
    ask on every request)."""

    def authenticate_credentials(self, key):
        token = token_by_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token_is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token has expired."))
        return token.user, token
