from django.urls import path

from . import views

app_name = "ogc"
urlpatterns = [
    path("", views.landing_page, name="landing"),
    path("api", views.api, name="api"),
    path("conformance", views.conformance, name="conformance"),
    path("collections", views.collections, name="collections"),
    path("collections/<str:collection_id>", views.collection, name="collection"),
    path("collections/<str:collection_id>/items", views.items, name="items"),
    path("collections/<str:collection_id>/items/<int:feature_id>", views.item, name="item"),
]
