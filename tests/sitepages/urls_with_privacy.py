"""The project's URLs plus a privacy page, as the accounts app will add one."""

from django.http import HttpResponse
from django.urls import path

from geoconsult.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("privacy/", lambda request: HttpResponse("privacy"), name="privacy"),
    *project_urlpatterns,
]
