"""Each thing that happens reaches exactly the people who should hear of it."""

from datetime import timedelta

import pytest
from django.contrib.gis.geos import Polygon
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda import services as agenda_services
from agenda.models import Event
from annotations import services
from annotations.models import Annotation, Vote
from notifications import fanout, reminders
from notifications.models import Activity, AlertArea, Delivery, Follow, Notification, Preferences
from notifications.tasks import remind_tomorrow
from tests.support import factories
from tests.support.admin_forms import ADD_EVENT, event_form
from tests.support.queue import run_queued_fan_outs
from timeline.models import Milestone

Kind = Activity.Kind
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def heard(kind):
    """Who was notified of activities of `kind`, after the queued fan-outs ran."""
    run_queued_fan_outs()
    return set(
        Notification.objects.filter(activity__kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


@pytest.fixture
def contribution(layer):
    return factories.AnnotationFactory(layer=layer, author=factories.UserFactory(username="ann"))


def follower(annotation, username, **fields):
    user = factories.UserFactory(username=username)
    Follow.objects.create(user=user, annotation=annotation, **fields)
    return user


def test_the_author_follows_what_they_write_and_the_city_answer_reaches_followers(
    contribution, staff
):
    follower(contribution, "fatou")
    follower(contribution, "stopped", active=False)
    contribution.respond(by=staff, response_text="We will repair it.", status="accepted")
    assert heard(Kind.ANSWERED) == {"ann", "fatou"}
    own = Notification.objects.get(recipient=contribution.author)
    assert own.delivery == Delivery.IMMEDIATE  # about their own contribution
    assert Notification.objects.get(recipient__username="fatou").delivery == Delivery.DIGEST


def test_a_status_change_without_answer_is_its_own_kind_and_same_answer_is_silent(
    contribution, staff
):
    contribution.respond(by=staff, response_text="", status="under_review")
    assert heard(Kind.STATUS_CHANGED) == {"ann"}
    contribution.respond(by=staff, response_text="", status="under_review")
    assert Activity.objects.filter(kind=Kind.STATUS_CHANGED).count() == 1


def test_commenting_follows_and_a_reply_reaches_the_comment_author_once(contribution):
    first = factories.CommentFactory(
        annotation=contribution, author=factories.UserFactory(username="bea")
    )
    assert Follow.objects.filter(user=first.author, annotation=contribution).exists()
    assert heard(Kind.COMMENTED) == {"ann"}  # not Béa, who wrote it
    factories.CommentFactory(
        annotation=contribution, parent=first, author=factories.UserFactory(username="carl")
    )
    assert heard(Kind.REPLIED) == {"bea"}
    # Béa hears "replied", not also "commented"; Ann hears of both comments.
    comments = Notification.objects.filter(activity__kind=Kind.COMMENTED)
    assert sorted(comments.values_list("recipient__username", flat=True)) == ["ann", "ann"]


def test_a_vote_follows_without_notifying_and_a_stopped_follow_stays_stopped(contribution):
    voter = factories.UserFactory()
    Vote.objects.cast(contribution, voter, Vote.Value.FOR)
    follow = Follow.objects.get(user=voter, annotation=contribution)
    assert follow.reason == Follow.Reason.VOTED
    follow.active = False
    follow.save()
    Vote.objects.cast(contribution, voter, Vote.Value.AGAINST)
    factories.CommentFactory(annotation=contribution, author=voter)
    assert not Follow.objects.get(user=voter, annotation=contribution).active
    run_queued_fan_outs()
    assert not Notification.objects.filter(recipient=voter).exists()


def test_hiding_reaches_the_author_alone_with_the_reason(contribution, moderator):
    follower(contribution, "fatou")
    services.hide(contribution, moderator, "Insults")
    assert heard(Kind.HIDDEN) == {"ann"}
    notification = Notification.objects.get(activity__kind=Kind.HIDDEN)
    with_reason = notification.activity.sentence()
    assert "Insults" in with_reason
    services.restore(contribution, moderator)
    assert heard(Kind.RESTORED) == {"ann"}


def test_nothing_about_hidden_content_reaches_followers(contribution, moderator, staff):
    follower(contribution, "fatou")
    comment = factories.CommentFactory(annotation=contribution)
    contribution.respond(by=staff, response_text="Answer", status="accepted")
    # Hidden before the queued fan-outs run: they notify nobody.
    services.hide(contribution, moderator, "Spam")
    assert heard(Kind.ANSWERED) == set()
    assert heard(Kind.COMMENTED) == set()
    services.restore(contribution, moderator)
    services.hide(comment, moderator, "Rude")
    factories.CommentFactory(annotation=contribution, parent=None)
    run_queued_fan_outs()
    # A notification written before its comment was hidden is left out of the centre.
    assert not Notification.objects.filter(activity__comment=comment).exists()


def test_notifications_already_made_are_left_out_once_their_contribution_is_hidden(
    contribution, moderator, staff
):
    fatou = follower(contribution, "fatou")
    contribution.respond(by=staff, response_text="Answer", status="accepted")
    run_queued_fan_outs()
    assert Notification.objects.centre(fatou).count() == 1
    services.hide(contribution, moderator, "Spam")
    assert Notification.objects.centre(fatou).count() == 0
    assert Notification.objects.unread_count(fatou, 100) == 0
    # Its author still reads that it was hidden.
    run_queued_fan_outs()
    assert [n.activity.kind for n in Notification.objects.centre(contribution.author)] == [
        Kind.HIDDEN
    ]


def test_a_new_contribution_reaches_campaign_followers_and_covering_areas(layer):
    campaign = layer.campaign
    fan = factories.UserFactory(username="fan")
    Follow.objects.create(user=fan, campaign=campaign)
    near = factories.UserFactory(username="near")
    far = factories.UserFactory(username="far")
    around = factories.INSIDE.buffer(0.001)
    AlertArea.objects.create(user=near, name="Home", geometry=Polygon(around.exterior_ring))
    elsewhere = Polygon.from_bbox((2.0, 48.0, 2.01, 48.01))
    AlertArea.objects.create(user=far, name="Far", geometry=elsewhere)
    off = factories.UserFactory(username="off")
    AlertArea.objects.create(
        user=off, name="Off", geometry=Polygon(around.exterior_ring), active=False
    )
    factories.AnnotationFactory(layer=layer, author=fan)
    # The author hears nothing of their own contribution.
    assert heard(Kind.NEW_CONTRIBUTION) == {"near"}
    factories.AnnotationFactory(layer=layer)
    assert heard(Kind.NEW_CONTRIBUTION) == {"near", "fan"}


def test_pre_moderated_contributions_reach_followers_once_published(layer, moderator):
    campaign = layer.campaign
    campaign.premoderate_contributions = True
    campaign.save()
    fan = factories.UserFactory(username="fan")
    Follow.objects.create(user=fan, campaign=campaign)
    held = factories.AnnotationFactory(layer=layer)
    assert held.status == Annotation.Status.SUBMITTED
    assert heard(Kind.NEW_CONTRIBUTION) == set()
    services.publish(held, moderator)
    assert heard(Kind.NEW_CONTRIBUTION) == {"fan"}
    assert Follow.objects.filter(user=held.author, annotation=held).exists()


def test_running_a_fan_out_twice_notifies_nobody_twice(contribution, staff):
    follower(contribution, "fatou")
    contribution.respond(by=staff, response_text="Yes", status="accepted")
    activity = Activity.objects.get(kind=Kind.ANSWERED)
    assert fanout.fan_out(activity.pk) == 2
    assert fanout.fan_out(activity.pk) == 0
    assert Notification.objects.filter(activity=activity).count() == 2


def test_delivery_follows_preferences_and_never_mails_an_unconfirmed_address(contribution, staff):
    digest_author = contribution.author
    Preferences.objects.create(user=digest_author, about_my_contributions=Delivery.DIGEST)
    unconfirmed = follower(contribution, "new")
    unconfirmed.email_confirmed = False
    unconfirmed.save()
    no_address = follower(contribution, "noaddress")
    no_address.email = ""
    no_address.save()
    contribution.respond(by=staff, response_text="Yes", status="accepted")
    run_queued_fan_outs()
    deliveries = dict(Notification.objects.values_list("recipient__username", "delivery"))
    assert deliveries == {"ann": "digest", "new": "never", "noaddress": "never"}


def test_event_published_changed_cancelled_reach_the_right_people(campaign, moderator):
    fan = factories.UserFactory(username="fan")
    Follow.objects.create(user=fan, campaign=campaign)
    proposer = factories.UserFactory(username="proposer")
    event = factories.EventFactory(campaign=campaign, is_published=False, proposed_by=proposer)
    assert heard(Kind.NEW_EVENT) == set()
    agenda_services.publish_event(event, moderator)
    assert heard(Kind.NEW_EVENT) == {"fan"}

    placed = factories.UserFactory(username="placed")
    agenda_services.register(event, placed)
    assert heard(Kind.REGISTERED) == {"placed"}
    event.refresh_from_db()
    event.place_name = "Salle des fêtes"
    event.save()
    event.summary = "Only the summary changes"
    event.save()
    assert heard(Kind.EVENT_CHANGED) == {"placed"}
    assert Activity.objects.filter(kind=Kind.EVENT_CHANGED).count() == 1
    assert Activity.objects.get(kind=Kind.EVENT_CHANGED).details == {"changed": ["place_name"]}
    factories.EventSlotFactory(event=event)
    assert Activity.objects.filter(kind=Kind.EVENT_CHANGED).count() == 2
    event.status = Event.Status.CANCELLED
    event.save()
    assert heard(Kind.EVENT_CANCELLED) == {"placed"}


def test_a_freed_place_reaches_who_moved_up(campaign):
    event = factories.EventFactory(campaign=campaign, capacity=1)
    first, waiting = factories.UserFactory(username="first"), factories.UserFactory(username="w")
    agenda_services.register(event, first)
    registration, _created = agenda_services.register(event, waiting, join_waiting_list=True)
    assert registration.is_waiting
    run_queued_fan_outs()
    assert "waiting list" in Notification.objects.get(recipient=waiting).activity.sentence()
    agenda_services.unregister(event, first)
    assert heard(Kind.PLACE_FREED) == {"w"}


def test_a_milestone_reaches_campaign_followers_and_areas_around_its_place(campaign):
    fan = factories.UserFactory(username="fan")
    Follow.objects.create(user=fan, campaign=campaign)
    near = factories.UserFactory(username="near")
    around = factories.INSIDE.buffer(0.001)
    AlertArea.objects.create(
        user=near, name="Home", campaign=campaign, geometry=Polygon(around.exterior_ring)
    )
    factories.MilestoneFactory(campaign=campaign)
    assert heard(Kind.NEW_MILESTONE) == {"fan"}
    factories.MilestoneFactory(campaign=campaign, location=factories.INSIDE)
    assert heard(Kind.NEW_MILESTONE) == {"fan", "near"}
    assert Notification.objects.filter(recipient=near).count() == 1


def test_staff_adding_a_milestone_or_an_event_in_the_admin_are_not_told_of_it(
    client, campaign, staff
):
    for user in (staff, factories.UserFactory(username="fan")):
        Follow.objects.create(user=user, campaign=campaign)
    client.force_login(staff)
    milestone = {"campaign": campaign.pk, "date": "2030-03-14", "date_precision": "day"}
    client.post(reverse("admin:timeline_milestone_add"), milestone | {"headline": "Works begin"})
    client.post(ADD_EVENT, event_form(campaign=campaign.pk, is_published="on"))

    assert Milestone.objects.get().added_by == staff
    assert Event.objects.get().added_by == staff
    assert heard(Kind.NEW_MILESTONE) == {"fan"}
    assert heard(Kind.NEW_EVENT) == {"fan"}


def test_news_of_a_registration_goes_by_the_registrants_own_choice(campaign):
    at_once = factories.UserFactory(username="at_once")
    in_digest = factories.UserFactory(username="in_digest")
    Preferences.objects.create(
        user=in_digest, about_my_contributions=Delivery.DIGEST, about_the_rest=Delivery.IMMEDIATE
    )
    event = factories.EventFactory(campaign=campaign)
    for person in (at_once, in_digest):
        agenda_services.register(event, person)
    event.status = Event.Status.CANCELLED
    event.save()
    run_queued_fan_outs()
    for kind in (Kind.REGISTERED, Kind.EVENT_CANCELLED):
        deliveries = Notification.objects.filter(activity__kind=kind).values_list(
            "recipient__username", "delivery"
        )
        assert dict(deliveries) == {"at_once": "immediate", "in_digest": "digest"}


def test_the_reminder_is_written_once_per_event_and_day_for_registrants_only(campaign):
    now = timezone.now()
    event = factories.EventFactory(
        campaign=campaign,
        starts_at=now + timedelta(hours=24, minutes=30),
        capacity=1,
    )
    later = factories.EventFactory(campaign=campaign, starts_at=now + timedelta(hours=30))
    placed, waiting = factories.UserFactory(username="placed"), factories.UserFactory()
    agenda_services.register(event, placed)
    agenda_services.register(event, waiting, join_waiting_list=True)
    agenda_services.register(later, waiting)
    assert reminders.remind(now) == 1
    # The hourly job, run again for the same hour: nothing new.
    remind_tomorrow(now.timestamp())
    assert Activity.objects.filter(kind=Kind.EVENT_REMINDER).count() == 1
    assert heard(Kind.EVENT_REMINDER) == {"placed"}
    assert Activity.objects.get(kind=Kind.EVENT_REMINDER).event == event


def test_each_session_starting_tomorrow_gets_its_reminder_and_a_cancelled_event_none(campaign):
    now = timezone.now()
    event = factories.EventFactory(
        campaign=campaign, starts_at=now + timedelta(hours=1), ends_at=now + timedelta(days=3)
    )
    factories.EventSlotFactory(event=event, starts_at=now + timedelta(hours=1))
    second = factories.EventSlotFactory(event=event, starts_at=now + timedelta(hours=24, minutes=5))
    agenda_services.register(event, factories.UserFactory(username="placed"))
    assert reminders.remind(now) == 1
    details = Activity.objects.get(kind=Kind.EVENT_REMINDER).details
    assert details == {"starts_at": second.starts_at.isoformat()}
    # Cancelled before the fan-out ran: nobody is reminded.
    event.status = Event.Status.CANCELLED
    event.save()
    assert heard(Kind.EVENT_REMINDER) == set()
    assert heard(Kind.EVENT_CANCELLED) == {"placed"}


def test_sessions_saved_with_a_new_event_are_part_of_its_announcement(campaign):
    event = factories.EventFactory(campaign=campaign)
    factories.EventSlotFactory(event=event)
    factories.EventSlotFactory(event=event, starts_at=event.starts_at + timedelta(minutes=30))
    assert not Activity.objects.filter(kind=Kind.EVENT_CHANGED).exists()
    assert Activity.objects.filter(kind=Kind.NEW_EVENT, event=event).count() == 1
    # A session moved in a later save is a change its registrants hear of, once.
    agenda_services.register(event, factories.UserFactory(username="placed"))
    event.save()
    slot = event.slots.first()
    slot.starts_at += timedelta(minutes=15)
    slot.save()
    event.slots.last().delete()
    assert heard(Kind.EVENT_CHANGED) == {"placed"}
    assert Activity.objects.filter(kind=Kind.EVENT_CHANGED).count() == 1


def test_a_save_writing_only_some_fields_announces_only_what_it_wrote(campaign):
    event = factories.EventFactory(campaign=campaign)
    agenda_services.register(event, factories.UserFactory(username="placed"))
    # A date changed in hand but not written: the stored date stays, nobody hears of it.
    event.starts_at += timedelta(minutes=30)
    event.summary = "Bring a pen"
    event.save(update_fields=["summary", "updated_at"])
    assert heard(Kind.EVENT_CHANGED) == set()
    event.save(update_fields=["starts_at", "updated_at"])
    assert heard(Kind.EVENT_CHANGED) == {"placed"}
    assert Activity.objects.get(kind=Kind.EVENT_CHANGED).details == {"changed": ["starts_at"]}


def test_saving_an_unpublished_proposal_reads_nothing_beforehand(campaign, moderator):
    proposal = factories.EventFactory(campaign=campaign, is_published=False)
    with CaptureQueriesContext(connection) as queries:
        agenda_services.reject_event(proposal, moderator, "Out of scope")
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    # The moderator's lock on the row, and no read of the row beside it.
    assert len(reads) == 1 and "FOR UPDATE" in reads[0]
    assert not Activity.objects.exists()
