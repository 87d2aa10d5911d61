"""The token endpoint and a user's own tokens: `POST /api/v1/auth/token/`,
`GET/DELETE /api/v1/auth/tokens/`, `DELETE /api/v1/auth/tokens/<id>/`."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from ..lockout import lockout_response
from ..services import token_issue, tokens_of, tokens_revoke
from .serializers import IssuedTokenSerializer, TokenRequestSerializer, TokenSerializer


class TokenObtainView(APIView):
    """Exchange a username and password for an API token. Send it as
    `Authorization: Token <token>`; it expires after `expires_at`. Failed attempts
    count towards the same sign-in lockout as the portal and the admin (429)."""

    authentication_classes = ()
    permission_classes = ()
    serializer_class = TokenRequestSerializer

    def get_throttles(self):
        # DRF's ObtainAuthToken has no throttle; this one is throttled like the API.
        return [throttle() for throttle in api_settings.DEFAULT_THROTTLE_CLASSES]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: IssuedTokenSerializer,
            400: OpenApiResponse(description="Wrong or missing credentials."),
            429: OpenApiResponse(description="Too many failed attempts or requests."),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request)
            raise ValidationError(serializer.errors)  # answered by core.api_errors
        token = token_issue(user=serializer.validated_data["user"])
        return Response(IssuedTokenSerializer(token).data)


class TokenListView(APIView):
    """The signed-in user's own API tokens; DELETE revokes them all."""

    permission_classes = [IsAuthenticated]
    serializer_class = TokenSerializer
    pagination_class = None

    @extend_schema(operation_id="auth_tokens_list", responses=TokenSerializer(many=True))
    def get(self, request):
        return Response(TokenSerializer(tokens_of(request.user), many=True).data)

    @extend_schema(operation_id="auth_tokens_revoke_all", responses={204: None})
    def delete(self, request):
        tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenDetailView(APIView):
    """DELETE revokes one of the signed-in user's own tokens, named by its `id`."""

    permission_classes = [IsAuthenticated]
    serializer_class = TokenSerializer

    @extend_schema(
        operation_id="auth_tokens_revoke",
        responses={204: None, 404: OpenApiResponse(description="No such token.")},
    )
    def delete(self, request, token_id):
        if not tokens_revoke(user=request.user, key_prefix=token_id):
            raise NotFound
        return Response(status=status.HTTP_204_NO_CONTENT)
