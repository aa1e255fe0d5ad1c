"""A streamed answer that fails after its first chunk, as a database error would."""

from django.http import StreamingHttpResponse
from django.urls import path


def chunks():
    yield '{"type": "FeatureCollection", "features": ['
    raise RuntimeError("the database connection was lost")


urlpatterns = [
    path("broken-stream/", lambda request: StreamingHttpResponse(chunks()), name="broken"),
]
