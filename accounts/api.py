"""The API's log-in: a token for a username and password, refused while locked out."""

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import is_expired, token_expiry
from .throttling import lockout_response


@extend_schema(
    description=_(
        "Your API token (send it as `Authorization: Token …`); it lasts "
        "API_TOKEN_DAYS, and a new password revokes it. Too many wrong passwords "
        "lock the username and the address for a while: 429 with Retry-After."
    ),
)
class ObtainTokenView(APIView):
    authentication_classes = []
    permission_classes = []
    serializer_class = AuthTokenSerializer

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer(
                "Token",
                {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()},
            ),
            400: OpenApiResponse(description=_("Wrong username or password.")),
            429: OpenApiResponse(description=_("Locked out after too many failures.")),
        },
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            credentials = {"username": request.data.get("username")}
            if AxesProxyHandler.is_locked(request._request, credentials):
                return lockout_response(request._request)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        token = Token.objects.filter(user=user).first()
        if token and is_expired(token):
            token.delete()
            token = None
        token = token or Token.objects.create(user=user)
        return Response({"token": token.key, "expires_at": token_expiry(token)})
