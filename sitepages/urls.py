from django.urls import path

from . import views

app_name = "sitepages"
urlpatterns = [path("pages/<slug:slug>/", views.site_page, name="page")]
