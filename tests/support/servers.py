"""The app served by gunicorn as `make run` serves it, in a process of its own."""

import os
import secrets
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager

from django.conf import settings


@contextmanager
def app_server(port, **environment):
    """gunicorn with geoconsult/gunicorn.conf.py on 127.0.0.1:`port`; yields its base URL."""
    env = {
        **os.environ,
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "1",
        "WEB_THREADS": "4",
        "WEB_ACCESS_LOG": "/dev/null",
        "LOG_LEVEL": "WARNING",
        # DEBUG is off: the public default key and console e-mails are refused at start-up.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Cache keys of its own: the throttles' counts of earlier tests' servers (all from
        # 127.0.0.1, within the same hour) would otherwise refuse this one's requests.
        "CACHE_KEY_PREFIX": f"test-{secrets.token_hex(4)}",
        **environment,
    }
    process = subprocess.Popen(
        [str(settings.BASE_DIR / ".venv/bin/gunicorn"), "-c", "geoconsult/gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError("gunicorn exited") from None
                time.sleep(0.1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
