"""The REST API under /api/: one router for every app's viewsets, and its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from agenda.api import EventViewSet
from annotations.api.views import AnnotationViewSet, CommentViewSet
from layers.api import LayerViewSet
from portal.api import CampaignViewSet
from timeline.api import MilestoneViewSet

router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("layers", LayerViewSet, basename="layer")
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register("comments", CommentViewSet, basename="comment")
router.register("events", EventViewSet, basename="event")
router.register("milestones", MilestoneViewSet, basename="milestone")

urlpatterns = [
    path("", include(router.urls)),
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
