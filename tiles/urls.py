from django.urls import path

from . import views

app_name = "tiles"
urlpatterns = [
    path("layers/<int:layer_id>/tiles.json", views.tilejson, name="tilejson"),
    path("layers/<int:layer_id>/<int:z>/<int:x>/<int:y>.mvt", views.tile, name="tile"),
]
