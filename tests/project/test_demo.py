"""The demo loads only in demo mode, and loading it twice changes nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Max, Min
from django.utils import timezone

from agenda.models import Event
from annotations.models import Annotation, Comment, Report, Vote
from campaigns.models import Campaign
from demo.management.commands.load_demo import is_loopback
from layers.models import Feature, Layer
from timeline.models import Milestone

pytestmark = pytest.mark.django_db

MODELS = [get_user_model(), Campaign, Layer, Feature, Annotation, Comment, Vote, Event, Milestone]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_loads_only_in_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="only in demo mode"):
        call_command("load_demo")
    assert set(counts().values()) == {0}


@pytest.mark.parametrize("address", ["0.0.0.0", "192.0.2.10", "::", "consultation.example.org"])
def test_demo_refuses_an_address_others_can_reach(settings, address):
    settings.DEMO_MODE = True
    with pytest.raises(CommandError, match=f"only for a loopback address, not {address}"):
        call_command("load_demo", bind=address)
    assert set(counts().values()) == {0}


def test_demo_loads_for_an_address_others_can_reach_only_when_forced(settings):
    settings.DEMO_MODE = True
    call_command("load_demo", bind="0.0.0.0", force=True)
    assert counts()["Campaign"] > 0


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost"])
def test_loopback_addresses_are_recognised(address):
    assert is_loopback(address)


def test_demo_loader_is_idempotent(settings, capsys):
    settings.DEMO_MODE = True
    call_command("load_demo")
    first = counts()
    call_command("load_demo")

    assert counts() == first
    assert "already present" in capsys.readouterr().out


def test_demo_has_every_kind_of_content(settings, client):
    settings.DEMO_MODE = True
    call_command("load_demo")

    parc = Campaign.objects.get(slug="quartier-du-parc")
    assert set(parc.layers.values_list("kind", flat=True)) == {"reference", "contribution"}
    geometry_types = set(
        Annotation.objects.filter(layer__campaign=parc).values_list("geometry", flat=True)
    )
    assert {g.geom_type for g in geometry_types} == {"Point", "LineString", "Polygon"}
    assert Annotation.objects.exclude(response_text="").exists()
    assert Report.objects.open().filter(comment__annotation__layer__campaign=parc).exists()
    collective = Annotation.objects.get(participant_count__gt=1)
    assert collective.group_name and collective.source_event is not None
    fibre = Campaign.objects.get(slug="la-fibre-pour-tous")
    assert {f.properties["statut"] for f in Feature.objects.filter(layer__campaign=fibre)} >= {
        "déployée",
        "en cours",
        "prévue",
    }
    assert client.login(username="staff", password="demo-staff-2026")
    assert client.login(username="resident", password="demo-resident-2026")


def test_the_demo_looks_like_a_running_campaign(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")

    parc = Annotation.objects.filter(layer__campaign__slug="quartier-du-parc")
    assert parc.count() >= 250
    first, last = parc.aggregate(Min("created_at"), Max("created_at")).values()
    assert (last - first).days >= 7 * 7
    assert last <= timezone.now()
    weeks = {moment.isocalendar()[1] for moment in parc.values_list("created_at", flat=True)}
    assert len(weeks) >= 8
    assert parc.filter(is_hidden=True).exists()
    assert parc.exclude(response_text="").count() >= 20
    assert Vote.objects.filter(annotation__in=parc).count() >= parc.count()
    assert Comment.objects.filter(annotation__in=parc, parent__isnull=False).exists()
    # The most supported few gather far more votes than the rest, as in a real consultation.
    supports = sorted(parc.values_list("votes_for", flat=True), reverse=True)
    assert supports[0] >= 10 * max(1, supports[len(supports) // 2])
    texts = parc.values_list("title", "body")
    # French punctuation: a narrow no-break space before : ; ? ! and never a plain space.
    mistyped = re.compile(r"[^\W\d_][:;?!]|[ \N{NO-BREAK SPACE}][:;?!]")
    assert [title for title, body in texts if mistyped.search(title + body)] == []


def test_the_demo_is_the_same_each_time_it_loads(settings):
    settings.DEMO_MODE = True

    def contributions():
        call_command("load_demo")
        return list(
            Annotation.objects.order_by("pk").values_list("title", "author__username", "status")
        )

    first = contributions()
    Campaign.objects.all().delete()

    assert contributions() == first
