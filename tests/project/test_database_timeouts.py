"""Every database connection ends runaway queries and idle transactions; migrations may run long."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from tests.project.test_settings import ROOT

pytestmark = pytest.mark.django_db


def show(setting):
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        return cursor.fetchone()[0]


def timeouts_with(**environment):
    script = (
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "for name in ('statement_timeout', 'idle_in_transaction_session_timeout'):\n"
        "    cursor.execute(f'SHOW {name}'); print(cursor.fetchone()[0])\n"
    )
    inherited = {k: v for k, v in os.environ.items() if not k.endswith("_TIMEOUT")}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_connections_carry_the_default_timeouts():
    assert timeouts_with() == ["30s", "1min"]


def test_the_environment_sets_them():
    assert timeouts_with(
        DATABASE_STATEMENT_TIMEOUT="1500", DATABASE_IDLE_IN_TRANSACTION_TIMEOUT="0"
    ) == ["1500ms", "0"]


def test_migrate_lifts_the_timeouts_for_itself():
    call_command("migrate", verbosity=0)
    assert (show("statement_timeout"), show("idle_in_transaction_session_timeout")) == ("0", "0")
