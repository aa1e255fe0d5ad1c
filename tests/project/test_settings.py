"""Deployment knobs come from the environment; production values pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "a-long-random-production-secret-0123456789",
    "ALLOWED_HOSTS": "consultation.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def clean_environment(**environment):
    # The test process's own switches (DEBUG, the async guard conftest lifts) stay out.
    ignored = {*PRODUCTION, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "GEOCONSULT_DEMO"}
    kept = {k: v for k, v in os.environ.items() if k not in ignored}
    # None: the variable is not set at all.
    return {k: v for k, v in {**kept, **environment}.items() if v is not None}


def check_deploy(**environment):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_environment(**environment),
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_environment_passes_check_deploy():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_defaults_are_flagged_as_unfit_for_production():
    result = check_deploy()
    assert result.returncode != 0
    assert "security.W009" in result.stderr  # the default SECRET_KEY
    assert "security.W008" in result.stderr  # no HTTPS redirect


def test_hsts_subdomains_and_preload_are_each_their_own_setting():
    hsts_only = {**PRODUCTION, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "", "SECURE_HSTS_PRELOAD": ""}
    result = check_deploy(**hsts_only)
    assert "security.W005" in result.stderr  # subdomains
    assert "security.W021" in result.stderr  # preload

    result = check_deploy(**{**hsts_only, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1"})
    assert "security.W005" not in result.stderr
    assert "security.W021" in result.stderr


def start_service(module, **environment):
    """Import the WSGI or ASGI application as a server does; the process's outcome."""
    return subprocess.run(
        [sys.executable, "-c", f"import geoconsult.{module}"],
        cwd=ROOT,
        env=clean_environment(**environment),
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_service_refuses_to_start_with_the_public_secret_key():
    for module in ("wsgi", "asgi"):
        result = start_service(module, **{**PRODUCTION, "SECRET_KEY": None})
        assert result.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY is the public default" in result.stderr


def test_the_service_refuses_to_start_with_the_console_e_mail_backend():
    # The default backend is the console.
    result = start_service("wsgi", **{**PRODUCTION, "EMAIL_BACKEND": None})
    assert result.returncode != 0
    assert "ImproperlyConfigured: EMAIL_BACKEND is the console backend" in result.stderr


def test_the_service_starts_in_production_and_for_the_demo():
    assert start_service("wsgi", **PRODUCTION).returncode == 0
    # `make run`: a secret of its own, e-mails printed in the terminal.
    assert start_service("wsgi", GEOCONSULT_DEMO="1", SECRET_KEY="a-random-one" * 5).returncode == 0
