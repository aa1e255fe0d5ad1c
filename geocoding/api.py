"""GET /api/geocoding/search/?q=…: address suggestions for the maps' search box, in the
BAN's format whichever geocoder answers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .geocoders import MAX_QUERY_LENGTH, MAX_RESULTS, GeocoderUnavailable, configured_geocoder


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH, trim_whitespace=True)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_RESULTS, default=5)


class AddressSearchView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "geocoding"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description=_("What the person typed (3 to 200 characters)")
            ),
            OpenApiParameter("limit", int, description=_("At most this many results (1 to 10)")),
        ],
        responses={200: OpenApiTypes.OBJECT},
        summary=_("Address suggestions (BAN/addok GeoJSON)"),
    )
    def get(self, request):
        asked = SearchQuery(data=request.query_params)
        asked.is_valid(raise_exception=True)
        try:
            answer = configured_geocoder().search(
                asked.validated_data["q"], limit=asked.validated_data["limit"]
            )
        except GeocoderUnavailable:
            return Response(
                {"detail": _("The address search is unavailable; try again later.")},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(answer)
