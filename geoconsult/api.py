"""The REST API under /api/: one router for every app's viewsets, and its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from accounts.api import ObtainTokenView
from agenda.api import EventViewSet
from annotations.api.views import AnnotationViewSet, CommentViewSet, ExportFileViewSet
from consultations.api import AmendmentViewSet, ConsultationViewSet
from geocoding.api import AddressSearchView
from layers.api import LayerViewSet
from notifications.api import FollowViewSet, NotificationViewSet
from portal.api import CampaignViewSet
from timeline.api import MilestoneViewSet

from .api_docs import ApiDocsView


class Router(DefaultRouter):
    """Addresses with a numeric id take digits only, up to what a bigint holds: anything else
    (`abc`, `0.5`, `null,null`) is a 404 before a view ever builds a query from it."""

    NUMERIC_ID = "[0-9]{1,18}"

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", "pk") != "pk" or hasattr(viewset, "lookup_value_regex"):
            return super().get_lookup_regex(viewset, lookup_prefix)
        name = getattr(viewset, "lookup_url_kwarg", None) or "pk"
        return f"(?P<{lookup_prefix}{name}>{self.NUMERIC_ID})"


router = Router()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("layers", LayerViewSet, basename="layer")
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register("comments", CommentViewSet, basename="comment")
router.register("exports", ExportFileViewSet, basename="export")
router.register("events", EventViewSet, basename="event")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("amendments", AmendmentViewSet, basename="amendment")

follow = FollowViewSet.as_view({"post": "follow", "delete": "stop"})

urlpatterns = [
    path("annotations/<int:annotation>/follow/", follow, name="annotation-follow"),
    path("campaigns/<slug:campaign>/follow/", follow, name="campaign-follow"),
    path("notifications/", NotificationViewSet.as_view({"get": "list"}), name="notification-list"),
    path(
        "notifications/read/",
        NotificationViewSet.as_view({"post": "read"}),
        name="notification-read",
    ),
    path("", include(router.urls)),
    path("geocoding/search/", AddressSearchView.as_view(), name="address-search"),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
