"""The site's URLs plus one that fails with a bug, for the 500 page."""

from django.urls import path

from geoconsult.urls import handler500, urlpatterns


def boom(request):
    raise ZeroDivisionError("a bug")


urlpatterns = [*urlpatterns, path("boom", boom)]
__all__ = ["handler500", "urlpatterns"]
