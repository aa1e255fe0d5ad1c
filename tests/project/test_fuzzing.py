"""Schemathesis, an outside fuzzer, against the live server's own OpenAPI schema: anonymous,
as a resident and as staff (token auth), on the demo's data. No request it makes may
answer a server error.

The three runs go side by side, each with a few examples per operation (a few hundred
requests in all), so that the fuzzer stays a small part of the suite's time; the seed is
fixed, so a failure comes back the same way. The anonymous run makes up every id in the
addresses (malformed ones included: routing is the same for everyone); the signed-in runs
address the demo's first contribution, comment, layer and event, so that their writes
(comments, votes, moderation, answers, registrations, meeting outcomes) are reached. The
malformed requests it found once are tests of their own in test_malformed_requests.py.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from agenda.models import Event, Registration
from annotations.models import Annotation, Comment, Vote
from campaigns.models import Campaign
from tests.support import factories

# Sequences from 1: the demo's first object of each kind has the id 1.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES_PER_OPERATION = 4
SEED = 12


def config(path, **parameters):
    """A schemathesis.toml fixing `parameters` (an id, a slug) in every request."""
    path.write_text(
        "[parameters]\n" + "".join(f"{name} = {value!r}\n" for name, value in parameters.items())
    )
    return path


def written():
    """How many rows the writes the fuzzer may reach have left: every saved state of a
    contribution (created, edited, answered, hidden), comments, votes, registrations."""
    return sum(
        model.objects.count() for model in (Annotation.history.model, Comment, Vote, Registration)
    )


def fuzz(live_server, schema_file, config_file, token=None):
    """Start schemathesis in the background, in the test's own folder (it keeps a cache)."""
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config_file),
        "run",
        str(schema_file),
        "--url",
        live_server.url,
        "--checks",
        "not_a_server_error",
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--no-shrink",
        "--request-timeout",
        "30",
    ]
    if token:
        command += ["--header", f"Authorization: Token {token}"]
    return subprocess.Popen(
        command,
        cwd=schema_file.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def totals(output):
    generated = re.search(r"(\d+) generated", output)
    server_errors = re.search(r"Server error: (\d+)", output)
    return {
        "generated": int(generated.group(1)) if generated else 0,
        "server errors": int(server_errors.group(1)) if server_errors else 0,
    }


def test_the_fuzzer_finds_no_server_error_in_any_role(
    client, live_server, settings, tmp_path, capsys
):
    settings.DEMO_MODE = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    resident = factories.UserFactory()
    staff = factories.StaffFactory(is_moderator=True)
    # The resident facilitates a meeting, so that recording its outcome is reached too.
    Event.objects.filter(pk=1).update(facilitator=resident)
    writes_before = written()
    made_up = config(tmp_path / "made-up-ids.toml")
    known = config(tmp_path / "known-ids.toml", id=1, slug=Campaign.objects.first().slug)
    # The schema the live server serves, read once for the three runs.
    schema_file = tmp_path / "schema.json"
    schema_file.write_bytes(client.get("/api/schema/", {"format": "json"}).content)
    tokens = {
        "anonymous": None,
        "resident": Token.objects.create(user=resident).key,
        "staff": Token.objects.create(user=staff).key,
    }
    runs = {
        role: fuzz(live_server, schema_file, known if token else made_up, token)
        for role, token in tokens.items()
    }
    outputs = {role: run.communicate(timeout=600)[0] for role, run in runs.items()}

    found = {role: totals(output) for role, output in outputs.items()}
    with capsys.disabled():
        print(f"\nschemathesis, seed {SEED}: {found}")
    for role, run in runs.items():
        assert run.returncode == 0, f"{role}:\n{outputs[role][-6000:]}"
        assert found[role]["server errors"] == 0
        assert found[role]["generated"] >= 100, outputs[role][-3000:]
    assert written() > writes_before, "the fuzzer reached no write"
