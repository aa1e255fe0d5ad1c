"""Sending notification e-mails through a real SMTP server (aiosmtpd), from this process:
once each, never to an unconfirmed address, one failing address stopping nobody else,
user text unable to add headers."""

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from agenda import services as agenda_services
from campaigns.models import Campaign
from notifications import mail
from notifications.models import Activity, Delivery, Follow, Notification, Preferences
from notifications.sending import SendingFailed, send_notifications
from tests.notifications.mailing import SITE_URL, answered, notify, person, send_through
from tests.support import factories
from tests.support.queue import run_queued_fan_outs
from tests.support.smtp import smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    with smtp_server(refuse={"gone@example.org"}) as server:
        send_through(settings, server)
        yield server


def test_a_notification_is_emailed_once_however_often_its_job_runs(server):
    resident = person(email="ana@example.org", language="en")
    notification = notify(resident, answered())

    assert mail.queue_immediate(notification.activity_id) == 1
    # The fan-out queues again when it runs again: the waiting job is the same one.
    assert mail.queue_immediate(notification.activity_id) == 0
    job = ProcrastinateJob.objects.get(task_name=mail.SEND_EMAILS)
    assert job.args == {"ids": [notification.pk]}

    send_notifications(job.args["ids"])
    send_notifications(job.args["ids"])

    assert len(server.to("ana@example.org")) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert notification.email_attempts == 0


def test_recipients_are_sent_in_jobs_of_a_batch_each(settings):
    settings.NOTIFICATION_EMAIL_BATCH = 2
    activity = answered()
    for _ in range(5):
        notify(person(), activity)
    notify(person(), activity, delivery=Delivery.DIGEST)

    assert mail.queue_immediate(activity.pk) == 3
    batches = [
        job.args["ids"]
        for job in ProcrastinateJob.objects.filter(task_name=mail.SEND_EMAILS).order_by("id")
    ]
    assert sorted(pk for batch in batches for pk in batch) == sorted(
        Notification.objects.filter(delivery=Delivery.IMMEDIATE).values_list("pk", flat=True)
    )
    assert [len(batch) for batch in batches] == [2, 2, 1]


def test_one_refused_address_does_not_stop_the_others_and_is_given_up_after_the_attempts(
    server, settings
):
    settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS = 2
    activity = answered()
    first = notify(person(email="first@example.org"), activity)
    gone = notify(person(email="gone@example.org"), activity)
    last = notify(person(email="last@example.org"), activity)
    ids = [first.pk, gone.pk, last.pk]

    with pytest.raises(SendingFailed):
        send_notifications(ids)

    assert len(server.to("first@example.org")) == 1
    assert len(server.to("last@example.org")) == 1
    gone.refresh_from_db()
    assert gone.emailed_at is None
    assert gone.email_attempts == 1
    assert "550" in gone.email_error
    assert "No such mailbox" in gone.email_error

    # The queue's retry: the others are not sent again; the refused one fails its last attempt
    # and the job stops asking for more.
    send_notifications(ids)
    gone.refresh_from_db()
    assert gone.email_attempts == 2
    send_notifications(ids)
    gone.refresh_from_db()
    assert gone.email_attempts == 2
    assert server.mailbox.refused == ["gone@example.org", "gone@example.org"]
    assert len(server.messages) == 2
    # One connection per run of the batch, the refused address notwithstanding.
    assert server.mailbox.sessions == 2


def test_an_address_not_confirmed_since_the_fan_out_gets_nothing(server):
    resident = person(email="new@example.org")
    notification = notify(resident, answered())
    resident.email_confirmed = False
    resident.save()

    send_notifications([notification.pk])

    assert server.messages == []
    notification.refresh_from_db()
    assert (notification.delivery, notification.emailed_at) == (Delivery.NEVER, None)


def test_content_hidden_since_the_fan_out_is_not_emailed(server, moderator):
    annotation = factories.AnnotationFactory()
    notification = notify(person(), answered(annotation))
    annotation.hide("Insults")

    send_notifications([notification.pk])

    assert server.messages == []
    notification.refresh_from_db()
    assert notification.delivery == Delivery.NEVER


def withdraw(annotation):
    annotation.withdraw()


def back_to_draft(annotation):
    Campaign.objects.filter(pk=annotation.layer.campaign_id).update(is_published=False)


@pytest.mark.parametrize("unpublish", [withdraw, back_to_draft])
def test_a_contribution_the_public_no_longer_sees_is_neither_emailed_nor_in_the_centre(
    server, layer, unpublish
):
    annotation = factories.AnnotationFactory(layer=layer)
    resident = person()
    Follow.objects.create(user=resident, campaign=layer.campaign)
    run_queued_fan_outs()
    notification = Notification.objects.get(
        recipient=resident, activity__kind=Activity.Kind.NEW_CONTRIBUTION
    )
    assert Notification.objects.centre(resident).count() == 1
    unpublish(annotation)

    send_notifications([notification.pk])

    assert server.messages == []
    notification.refresh_from_db()
    assert notification.delivery == Delivery.NEVER
    assert Notification.objects.centre(resident).count() == 0
    assert Notification.objects.unread_count(resident, 100) == 0


@pytest.mark.parametrize("factory", [factories.MilestoneFactory, factories.EventFactory])
def test_news_of_a_campaign_back_to_draft_is_neither_emailed_nor_in_the_centre(
    server, campaign, factory
):
    resident = person()
    Follow.objects.create(user=resident, campaign=campaign)
    factory(campaign=campaign)
    run_queued_fan_outs()
    notification = Notification.objects.get(recipient=resident)
    assert Notification.objects.centre(resident).count() == 1
    Campaign.objects.filter(pk=campaign.pk).update(is_published=False)

    send_notifications([notification.pk])

    assert server.messages == []
    assert Notification.objects.centre(resident).count() == 0
    assert Notification.objects.unread_count(resident, 100) == 0


def test_a_person_who_chose_the_digest_since_gets_it_in_the_digest(server):
    resident = person()
    notification = notify(resident, answered())
    Preferences.objects.filter(user=resident).update(
        about_my_contributions=Delivery.DIGEST, about_the_rest=Delivery.DIGEST
    )

    send_notifications([notification.pk])

    assert server.messages == []
    notification.refresh_from_db()
    assert notification.delivery == Delivery.DIGEST


def test_the_choices_read_at_sending_tell_the_answer_to_ones_own_contribution_from_the_rest(
    server,
):
    author, follower = person(email="author@example.org"), person(email="fan@example.org")
    activity = answered(factories.AnnotationFactory(author=author))
    own, other = notify(author, activity), notify(follower, activity)
    Preferences.objects.update(about_the_rest=Delivery.NEVER)

    send_notifications([own.pk, other.pk])

    assert [message["To"] for message in server.messages] == ["author@example.org"]
    other.refresh_from_db()
    assert (other.delivery, other.email_error) == (Delivery.NEVER, "unsubscribed since")


def test_news_of_ones_registration_is_emailed_at_once_by_default_whatever_the_rest(
    server, campaign
):
    registrant = factories.UserFactory(email="registrant@example.org")
    fan = factories.UserFactory(email="fan@example.org")
    Follow.objects.create(user=fan, campaign=campaign)
    event = factories.EventFactory(campaign=campaign, title="Balade urbaine")
    agenda_services.register(event, registrant)
    run_queued_fan_outs()
    # Nobody chose anything: the defaults.
    confirmation = Notification.objects.get(recipient=registrant)
    assert confirmation.delivery == Delivery.IMMEDIATE
    assert Notification.objects.get(recipient=fan).delivery == Delivery.DIGEST
    Preferences.objects.create(user=registrant, about_the_rest=Delivery.NEVER)

    send_notifications([confirmation.pk])

    [message] = server.to("registrant@example.org")
    assert "Balade urbaine" in message["Subject"]


def test_a_title_cannot_add_headers_or_recipients(server):
    annotation = factories.AnnotationFactory(
        title="Benches\r\nBcc: everyone@example.org\r\nSubject: Free money"
    )
    resident = person(email="ana@example.org", language="en")

    send_notifications([notify(resident, answered(annotation)).pk])

    [message] = server.messages
    assert message["To"] == "ana@example.org"
    assert message["Bcc"] is None
    assert len(message.get_all("Subject")) == 1
    assert message["Subject"].strip() == (
        "The city answered “Benches Bcc: everyone@example.org Subject: Free money”. · geoconsult"
    )
    assert server.mailbox.refused == []


def test_a_very_long_title_makes_a_subject_of_bounded_length(server):
    annotation = factories.AnnotationFactory(title="Trees " * 33)
    resident = person(language="en")

    send_notifications([notify(resident, answered(annotation)).pk])

    subject = server.messages[0]["Subject"].strip()
    assert len(subject) == 120
    assert subject.endswith("…")


def test_links_are_absolute_and_the_message_id_names_the_notification(server):
    annotation = factories.AnnotationFactory()
    notification = notify(person(language="en"), answered(annotation))

    send_notifications([notification.pk])

    [message] = server.messages
    assert message["Message-ID"] == f"<notification-{notification.pk}@participer.example.fr>"
    text = message.get_body(("plain",)).get_content()
    assert f"{SITE_URL}/annotations/{annotation.pk}/" in text or (
        f"{SITE_URL}{annotation.get_absolute_url()}" in text
    )
