"""How often one account and one network address may do an action (sign up, comment…).

Counted with django-ratelimit in the default cache, which every worker shares, so the
limits hold for the whole service and not per process. The rates are settings
(`THROTTLE_RATES`: for each action, one rate per account and one per address).
"""

from django.conf import settings
from django_ratelimit.core import get_usage


class Throttled(Exception):
    """Over a limit; `retry_after` is how many seconds until the count starts again."""

    def __init__(self, retry_after):
        super().__init__(retry_after)
        self.retry_after = retry_after


def check(request, action, account=None):
    """Count one `action` for the request's address and account (the logged-in person, or
    `account`, e.g. the e-mail address typed, when nobody is); raise Throttled when either
    is over its rate. Both counts go up even when one is over, so waiting is the only way."""
    rates = settings.THROTTLE_RATES[action]
    if request.user.is_authenticated:
        account = f"user:{request.user.pk}"
    counted = [("ip", rates["address"])]
    if account:
        counted.append((lambda group, request: str(account).lower(), rates["account"]))
    waits = []
    for key, rate in counted:
        usage = get_usage(request, group=f"throttle:{action}", key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(usage["time_left"], 1))
    if waits:
        raise Throttled(max(waits))
