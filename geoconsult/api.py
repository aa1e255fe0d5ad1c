"""The REST API under /api/: one router for every app's viewsets, and its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts.api import ObtainTokenView
from agenda.api import EventViewSet
from annotations.api.views import AnnotationViewSet, CommentViewSet, ExportFileViewSet
from consultations.api import AmendmentViewSet, ConsultationViewSet
from geocoding.api import AddressSearchView
from layers.api import LayerViewSet
from portal.api import CampaignViewSet
from timeline.api import MilestoneViewSet

router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("layers", LayerViewSet, basename="layer")
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register("comments", CommentViewSet, basename="comment")
router.register("exports", ExportFileViewSet, basename="export")
router.register("events", EventViewSet, basename="event")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("amendments", AmendmentViewSet, basename="amendment")

urlpatterns = [
    path("", include(router.urls)),
    path("geocoding/search/", AddressSearchView.as_view(), name="address-search"),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
