"""gunicorn's settings, each from the environment (`gunicorn -c geoconsult/gunicorn.conf.py`).

Threaded workers (gthread): a streamed export or a slow reader holds one thread, not a whole
process. The timeout is the worker's heartbeat, not a limit on a response's length, so a
long streamed download is never cut. SIGHUP reloads the workers one by one (graceful restart).
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

from core.logging import MaskSecretLinks

wsgi_app = "geoconsult.wsgi:application"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", "8"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("WEB_KEEPALIVE", "5"))
# A worker is replaced after this many requests, so slow leaks never accumulate.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")


class MaskingLogger(Logger):
    """The request log masks the secret part of password-reset and e-mail confirmation
    links, like Django's logs (core/logging.py)."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            for handler in log.handlers:
                handler.addFilter(MaskSecretLinks())


logger_class = MaskingLogger
