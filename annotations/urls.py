from django.urls import path

from . import views  # noqa: F401
from .views.contribute import ContributeView

app_name = "annotations"

urlpatterns = [
    path("campaigns/<slug:slug>/contribute/", ContributeView.as_view(), name="contribute"),
]
