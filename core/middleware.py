"""Response headers every page and API answer carries."""

import logging

from django.conf import settings


class PermissionsPolicyMiddleware:
    """`Permissions-Policy`: the browser features pages may use (settings.PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


streaming_logger = logging.getLogger("geoconsult.streaming")


class StreamedErrorLogMiddleware:
    """Log an error raised while a streamed response is being sent, with its request.

    Once the first chunk has left, Django's own error handling is over: the server just
    cuts the connection, and nothing said which request failed or why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming and not response.is_async:
            response.streaming_content = self.logged(response.streaming_content, request)
        return response

    @staticmethod
    def logged(chunks, request):
        try:
            yield from chunks
        except Exception:
            user = request.user.get_username() if request.user.is_authenticated else "anonymous"
            streaming_logger.exception(
                "Error while streaming the response to %s %s (user: %s)",
                request.method,
                request.get_full_path(),
                user,
            )
            raise
