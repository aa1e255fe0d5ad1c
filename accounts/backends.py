from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every log-in that comes with a request (the site's,
    the admin's and the API token's); a log-in without one comes from no network (a
    management command, a test client's `login`) and has no address to count."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
