"""Notification e-mails from end to end: a change in the site, the fan-out and the sending
jobs in a real worker process (`manage.py procrastinate worker`), a real SMTP server."""

import os
import signal
from datetime import timedelta

import pytest
from django.contrib.gis.geos import Polygon
from django.test import Client
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from annotations import services
from annotations.models import Annotation
from notifications import mail
from notifications.models import AlertArea, Delivery, Follow, Notification
from tests.notifications.mailing import SITE_URL, person
from tests.support import factories
from tests.support.queue import wait_for, worker
from tests.support.smtp import smtp_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_queue")]


@pytest.fixture
def server():
    with smtp_server(refuse={"gone@example.org"}) as server:
        yield server


def running(server, **environment):
    return worker(**server.worker_environment(SITE_URL=SITE_URL, **environment))


def test_the_author_and_a_follower_get_the_answer_in_their_own_language(server, staff):
    author = factories.UserFactory(email="auteur@example.org", language="fr")
    follower = person(email="follower@example.org", language="en")
    annotation = factories.AnnotationFactory(author=author, title="Des bancs au parc")
    Follow.objects.create(user=follower, annotation=annotation)

    annotation.respond(staff, "Nous en posons cinq.", Annotation.Status.ACCEPTED)
    with running(server):
        wait_for(lambda: len(server.messages) >= 2, what="two e-mails")

    [french] = server.to("auteur@example.org")
    assert french["Subject"].strip() == (
        "La ville a répondu à «\u202fDes bancs au parc\u202f». · geoconsult"
    )
    assert '<html lang="fr">' in french.get_body(("html",)).get_content()
    [english] = server.to("follower@example.org")
    assert english["Subject"].strip() == "The city answered “Des bancs au parc”. · geoconsult"

    for message, settings_text in (
        (french, "Mes réglages d\u2019e-mail"),
        (english, "My e-mail settings"),
    ):
        unsubscribe = message["List-Unsubscribe"].strip()
        assert unsubscribe.startswith(f"<{SITE_URL}/notifications/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["Auto-Submitted"] == "auto-generated"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        link = f"{SITE_URL}{annotation.get_absolute_url()}"
        assert link in text
        assert f'href="{link}"' in html
        assert settings_text in html
        # The answer itself, to read without opening the site.
        assert "Nous en posons cinq." in text
        assert "Nous en posons cinq." in html
        assert f"{SITE_URL}/notifications/settings/" in text
        assert unsubscribe.strip("<>") in text

    # Staff answered; staff hear nothing of their own answer.
    assert len(server.messages) == 2
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_a_hidden_contribution_notifies_its_author_and_nobody_else(server, moderator):
    author = person(email="author@example.org", language="en")
    follower = person(email="follower@example.org")
    annotation = factories.AnnotationFactory(author=author, title="Rubbish")
    Follow.objects.create(user=follower, annotation=annotation)

    services.hide(annotation, moderator, "Insults towards a neighbour")
    with running(server):
        wait_for(lambda: server.messages, what="the author's e-mail")
        wait_for(
            lambda: (
                not ProcrastinateJob.objects.exclude(status__in=["succeeded", "failed"])
                .exclude(task_name__in=["core.retry_stalled_jobs", "notifications.queue_digests"])
                .exists()
            ),
            what="every job",
        )

    [message] = server.messages
    assert message["To"] == "author@example.org"
    assert "Insults towards a neighbour" in message.get_body(("plain",)).get_content()
    assert not Notification.objects.filter(recipient=follower).exists()


def test_an_area_alert_fires_for_a_contribution_inside_it_and_not_outside(server, layer):
    near = person(email="near@example.org", language="en")
    far = person(email="far@example.org", language="en")
    # Two squares of about 200 m: one around the default point, one a kilometre east.
    AlertArea.objects.create(
        user=near, name="Home", geometry=Polygon.from_bbox((2.207, 48.894, 2.210, 48.896))
    )
    AlertArea.objects.create(
        user=far, name="Work", geometry=Polygon.from_bbox((2.222, 48.894, 2.225, 48.896))
    )

    factories.AnnotationFactory(layer=layer, title="A bench here")
    with running(server):
        wait_for(lambda: server.messages, what="the alert")
        wait_for(
            lambda: (
                not ProcrastinateJob.objects.filter(
                    task_name__in=["notifications.fan_out", mail.SEND_EMAILS]
                )
                .exclude(status__in=["succeeded", "failed"])
                .exists()
            ),
            what="every job",
        )

    [message] = server.messages
    assert message["To"] == "near@example.org"
    assert "A bench here" in message["Subject"]
    assert not Notification.objects.filter(recipient=far).exists()


def test_the_queue_retries_a_refused_address_then_gives_up_while_the_others_are_sent(server, staff):
    annotation = factories.AnnotationFactory(author=person(email="author@example.org"))
    for email in ("gone@example.org", "other@example.org"):
        Follow.objects.create(user=person(email=email), annotation=annotation)

    annotation.respond(staff, "Noted.", Annotation.Status.UNDER_REVIEW)
    with running(server, NOTIFICATION_EMAIL_MAX_ATTEMPTS="3", NOTIFICATION_EMAIL_RETRY_WAIT="0"):
        refused = wait_for(
            lambda: Notification.objects.filter(
                recipient__email="gone@example.org", email_attempts=3
            ).first(),
            what="the last attempt",
        )
        # Nothing more to try: the job ends.
        job = wait_for(
            lambda: ProcrastinateJob.objects.filter(
                task_name=mail.SEND_EMAILS, status="succeeded"
            ).first(),
            what="the job to give up",
        )

    assert job.attempts == 3  # the first run and the queue's two retries
    assert refused.emailed_at is None
    assert "550" in refused.email_error
    assert len(server.mailbox.refused) == 3
    assert sorted(m["To"] for m in server.messages) == ["author@example.org", "other@example.org"]


def test_after_a_one_click_unsubscribe_a_new_answer_sends_nothing(server, staff):
    author = factories.UserFactory(email="author@example.org", language="en")
    annotation = factories.AnnotationFactory(author=author)
    annotation.respond(staff, "First answer.", Annotation.Status.UNDER_REVIEW)
    with running(server):
        wait_for(lambda: server.messages, what="the first answer")
    unsubscribe = server.messages[0]["List-Unsubscribe"].strip().strip("<>").removeprefix(SITE_URL)

    # What a mail program sends for the one-click button (RFC 8058): no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200

    annotation.respond(staff, "Second answer.", Annotation.Status.DONE)
    with running(server):
        wait_for(
            lambda: Notification.objects.filter(recipient=author).count() == 2,
            what="the second notification",
        )
    second = Notification.objects.filter(recipient=author).latest("created_at")
    assert second.delivery == Delivery.NEVER
    assert len(server.messages) == 1


def test_a_worker_killed_mid_batch_leaves_the_rest_to_another_and_sends_at_most_one_twice(
    staff,
):
    annotation = factories.AnnotationFactory(author=person(email="author@example.org"))
    followers = [f"f{n}@example.org" for n in range(8)]
    for email in followers:
        Follow.objects.create(user=person(email=email), annotation=annotation)
    annotation.respond(staff, "Noted.", Annotation.Status.UNDER_REVIEW)

    with smtp_server(delay=0.4) as server:
        with running(server) as first:
            wait_for(lambda: len(server.messages) >= 3, what="a few e-mails")
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        # Another worker sees that the first one stopped sending heartbeats and takes its job.
        with running(server, QUEUE_STALLED_AFTER="1", QUEUE_STALLED_CHECK_CRON="* * * * * *"):
            wait_for(
                lambda: (
                    not Notification.objects.filter(
                        recipient__email__in=followers, emailed_at__isnull=True
                    ).exists()
                ),
                timeout=60,
                what="every e-mail",
            )

    received = [m["To"] for m in server.messages]
    assert set(received) == {"author@example.org", *followers}
    # The message in flight when the worker was killed may have reached the server without
    # being marked sent: it goes again, recognisable by its Message-ID. Nothing else does.
    twice = {to for to in received if received.count(to) > 1}
    assert len(twice) <= 1
    for to in twice:
        ids = {m["Message-ID"] for m in server.messages if m["To"] == to}
        assert len(ids) == 1


def test_the_hourly_job_sends_yesterday_s_digest_through_the_worker(server):
    resident = factories.UserFactory(email="ana@example.org", language="en")
    layer = factories.ContributionLayerFactory(campaign__title="Parks")
    Follow.objects.create(user=resident, campaign=layer.campaign)
    # A contribution in a followed campaign goes to the digest (the default for the rest).
    factories.AnnotationFactory(layer=layer, title="Fountain")
    with running(server):
        notification = wait_for(
            lambda: Notification.objects.filter(recipient=resident).first(),
            what="the notification",
        )
    assert notification.delivery == Delivery.DIGEST
    assert server.messages == []
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(days=1, hours=1)
    )

    with running(server, NOTIFICATION_DIGEST_CRON="* * * * * *"):
        wait_for(lambda: server.messages, what="the digest")

    [digest] = server.messages
    assert digest["To"] == "ana@example.org"
    assert digest["Subject"].strip() == "1 new notification · geoconsult"
    assert "Fountain" in digest.get_body(("plain",)).get_content()
