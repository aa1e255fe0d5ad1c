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
}


def check_deploy(**environment):
    # The test process's own switches (DEBUG, the async guard conftest lifts) stay out.
    ignored = {*PRODUCTION, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, **environment},
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
