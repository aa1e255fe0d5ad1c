"""The demo loads only in demo mode, and loading it twice changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agenda.models import Event
from annotations.models import Annotation, Comment, Report, Vote
from campaigns.models import Campaign
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
