"""French pages set their punctuation as French typography does: a narrow no-break space
before : ; ? ! (never nothing, never a plain space), "1er" for the first of a month."""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from agenda.models import Event
from annotations.models import Annotation
from campaigns.models import Campaign
from notifications.emails import unsubscribe_token
from notifications.models import Follow, Notification
from tests.support.factories import StaffFactory
from tests.support.queue import run_queued_fan_outs

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r"<(script|style|code|textarea|title)\b.*?</\1>", re.S)
# A colon, semicolon, question or exclamation mark that ends a phrase (not "EPSG:4326",
# not "https://", not "?campaign=") right after a letter, or after a plain space.
MISTYPED = re.compile(r"(?:[^\W\d_]|[ \N{NO-BREAK SPACE}])[:;?!](?![\w/=])")


def visible_text(html):
    text = re.sub(r"<[^>]+>", " ", HIDDEN.sub(" ", html))
    return unescape(text)


@pytest.fixture
def french_pages(settings):
    settings.DEMO_MODE = True
    call_command("load_demo")
    parc = Campaign.objects.get(slug="quartier-du-parc")
    contribution = Annotation.objects.filter(layer__campaign=parc).visible().first()
    return [
        reverse("portal:home"),
        parc.get_absolute_url(),
        reverse("portal:campaign", args=["la-fibre-pour-tous"]),
        contribution.get_absolute_url(),
        reverse("portal:dashboard", args=[parc.slug]),
        reverse("portal:campaign-embed", args=[parc.slug]),
        reverse("timeline:campaign", args=[parc.slug]),
        reverse("agenda:list"),
        Event.objects.filter(campaign=parc).first().get_absolute_url(),
        reverse("annotations:moderation"),
        reverse("my-contributions"),
        reverse("sitepages:page", args=["legal-notice"]),
        reverse("sitepages:page", args=["accessibility"]),
        reverse("sitepages:page", args=["contact"]),
        reverse("ogc:landing") + "?f=html",
        reverse("ogc:collections") + "?f=html",
        reverse("notifications:area_new") + f"?campaign={parc.slug}",
        reverse("notifications:following"),
        reverse("notifications:settings"),
        # Last: opening the centre reads the notifications the other pages' header counts.
        reverse("notifications:centre"),
    ]


def test_french_pages_put_a_narrow_space_before_their_punctuation(client, french_pages):
    staff = Client()
    moderator = StaffFactory(is_moderator=True)
    staff.force_login(moderator)
    # Following the demo's campaign before its activities fan out: the centre has sentences.
    Follow.objects.create(user=moderator, campaign=Campaign.objects.get(slug="quartier-du-parc"))
    run_queued_fan_outs()
    assert Notification.objects.filter(recipient=moderator).exists()
    visits = [(staff, url) for url in french_pages]
    visits += [(client, reverse("login")), (client, reverse("signup"))]
    visits += [
        (client, reverse("notifications:unsubscribe", args=[unsubscribe_token(moderator.pk)]))
    ]
    found = {}
    for visitor, url in visits:
        response = visitor.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        mistakes = [text[max(0, m.start() - 30) : m.end()] for m in MISTYPED.finditer(text)]
        if mistakes:
            found[url] = mistakes
    assert found == {}, "\n".join(f"{url}: {m!r}" for url, ms in found.items() for m in ms)


def test_the_first_of_a_month_reads_1er(client, french_pages):
    html = client.get(reverse("portal:campaign", args=["quartier-du-parc"])).content.decode()

    # The demo's first milestone is on 1 January.
    assert "1er janvier" in visible_text(html)
    assert not re.search(
        r"\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
        r"octobre|novembre|décembre)\b",
        visible_text(html),
    )
