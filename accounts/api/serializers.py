"""The API's sign-in (a username and password for a token) and a user's own tokens."""

import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from ..services import token_expires_at


class TokenRequestSerializer(AuthTokenSerializer):
    """Username and password, with the lengths the account model allows (a longer value
    is a field error, never a database error)."""

    username = serializers.CharField(label=_("Username"), write_only=True, max_length=150)
    password = serializers.CharField(
        label=_("Password"),
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
        max_length=4096,
    )


class IssuedTokenSerializer(serializers.Serializer):
    """A token just issued: its key (shown once here) and when it stops working."""

    token = serializers.CharField(source="key", read_only=True)
    expires_at = serializers.SerializerMethodField()

    def get_expires_at(self, token) -> datetime.datetime:
        return token_expires_at(token)


class TokenSerializer(serializers.Serializer):
    """One of the user's own tokens, named by the first characters of its key; the key
    itself is never shown again."""

    id = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="created", read_only=True)
    expires_at = serializers.SerializerMethodField()

    def get_id(self, token) -> str:
        return token.key[:8]

    def get_expires_at(self, token) -> datetime.datetime:
        return token_expires_at(token)
