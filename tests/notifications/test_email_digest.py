"""The daily digest: one e-mail a person gathering a day's notifications, grouped by
campaign, sent once, through a real SMTP server."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from procrastinate.contrib.django.models import ProcrastinateJob

from notifications import mail
from notifications.models import Delivery, Notification, Preferences
from notifications.sending import digest_time, send_digests
from tests.notifications.mailing import SITE_URL, answered, notify, send_through
from tests.support import factories
from tests.support.smtp import smtp_server

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# The morning the digests go out (NOTIFICATION_DIGEST_HOUR is 7 by default).
MORNING = datetime(2026, 11, 30, 7, 30, tzinfo=PARIS)


@pytest.fixture
def server(settings):
    with smtp_server() as server:
        send_through(settings, server)
        yield server


def notified_at(when, recipient, campaign=None, title="Benches"):
    layer = factories.ContributionLayerFactory(campaign=campaign or factories.CampaignFactory())
    annotation = factories.AnnotationFactory(layer=layer, title=title)
    notification = notify(recipient, answered(annotation), delivery=Delivery.DIGEST)
    Notification.objects.filter(pk=notification.pk).update(created_at=when)
    return notification


def run_digests(now):
    """The hourly job at `now`, then the digest jobs it queued, run here as the worker would
    (jobs queued in a test's transaction are invisible to a worker process)."""
    mail.queue_digests(now)
    for job in ProcrastinateJob.objects.filter(task_name=mail.SEND_DIGESTS, status="todo"):
        send_digests(job.args["ids"], datetime.fromisoformat(job.args["until"]))
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s", [job.id]
            )


def test_the_digest_gathers_the_day_by_campaign_and_leaves_the_morning_for_tomorrow(server):
    resident = factories.UserFactory(email="ana@example.org", language="en")
    parks = factories.CampaignFactory(title="Parks")
    streets = factories.CampaignFactory(title="Streets")
    yesterday = MORNING - timedelta(hours=20)
    notified_at(yesterday, resident, parks, "Benches")
    notified_at(yesterday + timedelta(hours=2), resident, streets, "Cycle lane")
    notified_at(yesterday + timedelta(hours=3), resident, parks, "Fountain")
    this_morning = notified_at(MORNING - timedelta(minutes=10), resident, parks, "Later")
    # Someone else's is in their own digest.
    notified_at(yesterday, factories.UserFactory(email="bob@example.org"), parks)

    run_digests(MORNING)

    [digest] = server.to("ana@example.org")
    assert digest["Subject"].strip() == "3 new notifications · geoconsult"
    assert digest["Message-ID"] == (f"<digest-{resident.pk}-20261130@participer.example.fr>")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = digest.get_body(("plain",)).get_content()
    assert text.index("== Parks ==") < text.index("Benches") < text.index("Fountain")
    assert text.index("== Streets ==") < text.index("Cycle lane")
    assert "Later" not in text
    assert f"{SITE_URL}/notifications/settings/" in text
    html = digest.get_body(("html",)).get_content()
    assert "Parks</a>" in html and "Cycle lane" in html
    assert len(server.to("bob@example.org")) == 1

    # The hour's next run, and the same run again: nothing twice. The morning's notification
    # waits for tomorrow's digest.
    run_digests(MORNING + timedelta(minutes=30))
    run_digests(MORNING + timedelta(hours=1))
    assert len(server.to("ana@example.org")) == 1
    this_morning.refresh_from_db()
    assert this_morning.emailed_at is None
    assert Preferences.objects.get(user=resident).last_digest_at is not None

    run_digests(MORNING + timedelta(days=1))
    assert len(server.to("ana@example.org")) == 2
    assert server.to("ana@example.org")[1]["Subject"].strip() == "1 new notification · geoconsult"


def test_a_digest_is_capped_and_says_how_many_more_wait_on_the_site(server, settings):
    settings.NOTIFICATION_DIGEST_MAX_ITEMS = 2
    resident = factories.UserFactory(language="en")
    campaign = factories.CampaignFactory()
    for hour in range(5):
        notified_at(MORNING - timedelta(hours=hour + 1), resident, campaign)

    run_digests(MORNING)

    [digest] = server.messages
    assert digest["Subject"].strip() == "5 new notifications · geoconsult"
    assert "And 3 more notifications on the site." in digest.get_body(("plain",)).get_content()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_no_digest_for_an_unconfirmed_address_or_hidden_content_or_someone_unsubscribed(
    server,
):
    yesterday = MORNING - timedelta(hours=12)
    unconfirmed = factories.UserFactory(email_confirmed=False)
    notified_at(yesterday, unconfirmed)
    hidden = notified_at(yesterday, factories.UserFactory())
    hidden.activity.annotation.hide("Spam")
    gone = factories.UserFactory()
    notified_at(yesterday, gone)
    Preferences.objects.create(user=gone, about_the_rest=Delivery.NEVER)

    run_digests(MORNING)

    assert server.messages == []


def test_the_digest_hour_is_the_city_s_whatever_the_season(settings):
    settings.TIME_ZONE = "Europe/Paris"
    winter = digest_time(datetime(2026, 1, 10, 6, 30, tzinfo=PARIS))
    summer = digest_time(datetime(2026, 7, 10, 9, 0, tzinfo=PARIS))

    assert winter == datetime(2026, 1, 9, 7, 0, tzinfo=PARIS)
    assert summer == datetime(2026, 7, 10, 7, 0, tzinfo=PARIS)
    assert summer.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("count", [1, 20])
def test_a_digest_withholds_a_day_of_unwanted_notifications_at_once(server, count):
    gone = factories.UserFactory()
    Preferences.objects.create(user=gone, about_the_rest=Delivery.NEVER)
    campaign = factories.CampaignFactory()
    for hour in range(count):
        notified_at(MORNING - timedelta(hours=hour + 1), gone, campaign)

    with CaptureQueriesContext(connection) as queries:
        send_digests([gone.pk], MORNING)

    assert server.messages == []
    assert set(Notification.objects.values_list("delivery", "email_error")) == {
        (Delivery.NEVER, "unsubscribed since")
    }
    # As many queries for a day of twenty as for one.
    assert len(queries) == 6
