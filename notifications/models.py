"""Who follows what, what happened, and who hears of it.

An `Activity` is one thing that happened (the city answered a contribution, an event was
cancelled…), written once, in the transaction of the change. A `Notification` is that
activity for one person: the row is the idempotency key (unique per person and activity),
so a fan-out run twice notifies nobody twice, and it carries the e-mail's state.
"""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, In
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from annotations.models import Annotation, Comment
from campaigns.models import Campaign
from gis.geometry import clean_geometry_field

from .areas import one_polygon, square_kilometres

NAME_MAX_LENGTH = 80


class Delivery(models.TextChoices):
    """How a person hears of a kind of notification by e-mail (always in the centre)."""

    IMMEDIATE = "immediate", _("At once")
    DIGEST = "digest", _("In a daily digest")
    NEVER = "never", _("Not by e-mail")


class Preferences(models.Model):
    """A person's e-mail choices; a person without a row has the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    # Also the news of the person's own registrations: a reminder or a cancellation in the
    # next morning's digest would come too late.
    about_my_contributions = models.CharField(
        _("the city's answers to my contributions, and the events I registered for"),
        max_length=16,
        choices=Delivery,
        default=Delivery.IMMEDIATE,
    )
    about_the_rest = models.CharField(
        _("everything else I follow"), max_length=16, choices=Delivery, default=Delivery.DIGEST
    )
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


def has_address(person=""):
    """The condition that a person's e-mail address is set and confirmed; `person` is the
    path to them ("recipient__" from a notification)."""
    return Q(**{f"{person}email_confirmed": True}) & ~Q(**{f"{person}email": ""})


def wanted_delivery(kind, author, person=""):
    """How a person wants a notification by e-mail, as their choices stand, in SQL: of an
    activity of `kind` about a contribution by `author` (expressions). Never to an address
    unset or unconfirmed."""
    own = Q(In(kind, Activity.ABOUT_MY_REGISTRATION_KINDS)) | (
        Q(In(kind, Activity.ABOUT_MY_CONTRIBUTION_KINDS)) & Q(Exact(author, F(f"{person}pk")))
    )

    def choice(field):
        default = Preferences._meta.get_field(field).default
        return Coalesce(f"{person}notification_preferences__{field}", Value(default))

    return Case(
        When(~has_address(person), then=Value(Delivery.NEVER)),
        When(own, then=choice("about_my_contributions")),
        default=choice("about_the_rest"),
        output_field=models.CharField(),
    )


class FollowQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def set(self, user, following, **target):
        """`user` follows `target` (annotation= or campaign=) from now on, or stops; the row
        stays when they stop, so that taking part later does not follow again."""
        if following:
            follow, created = self.get_or_create(user=user, **target)
            if not created and not follow.active:
                follow.active, follow.reason = True, Follow.Reason.CHOSEN
                follow.save(update_fields=["active", "reason"])
        else:
            self.filter(user=user, **target).update(active=False)


class Follow(models.Model):
    """A person following a contribution or a campaign.

    Stopping keeps the row with `active` off, so a later vote or comment does not follow
    the contribution again behind the person's back.
    """

    class Reason(models.TextChoices):
        CHOSEN = "chosen", _("You chose to follow it")
        AUTHOR = "author", _("You wrote it")
        COMMENTED = "commented", _("You commented on it")
        VOTED = "voted", _("You voted on it")
        REGISTERED = "registered", _("You registered for one of its events")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    annotation = models.ForeignKey(
        "annotations.Annotation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    reason = models.CharField(_("why"), max_length=16, choices=Reason, default=Reason.CHOSEN)
    active = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(annotation__isnull=False, campaign__isnull=True)
                | Q(annotation__isnull=True, campaign__isnull=False),
                name="follow_one_contribution_or_one_campaign",
            ),
            models.UniqueConstraint(
                fields=["annotation", "user"],
                condition=Q(annotation__isnull=False),
                name="follow_a_contribution_once",
            ),
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=Q(campaign__isnull=False),
                name="follow_a_campaign_once",
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="follow_by_user")]

    def __str__(self):
        return f"{self.user} → {self.annotation or self.campaign}"


class AlertAreaQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def covering(self, geometry, campaign_id):
        """The active areas `geometry` touches, city-wide or drawn in its campaign (PostGIS,
        through the areas' GiST index)."""
        return self.active().filter(
            Q(campaign__isnull=True) | Q(campaign_id=campaign_id),
            geometry__intersects=geometry,
        )

    def draw(self, *, user, name, geometry, campaign=None):
        """Save `user`'s new area once every check passes, or raise ValidationError and
        write nothing. The person's row is locked while their areas are counted, so two
        requests at once cannot both take the last place."""
        with transaction.atomic():
            list(get_user_model().objects.select_for_update().filter(pk=user.pk).values("pk"))
            if self.filter(user=user).count() >= settings.ALERT_AREAS_PER_USER:
                raise ValidationError(
                    _(
                        "You already have %(max)s alert areas, the most one person may keep: "
                        "delete one you no longer need first."
                    ),
                    code="too_many",
                    params={"max": settings.ALERT_AREAS_PER_USER},
                )
            area = self.model(
                user=user, name=name, geometry=one_polygon(geometry), campaign=campaign
            )
            area.full_clean()
            area.save()
        return area


class AlertArea(models.Model):
    """An area a person drew on the map (a polygon, or a circle around an address) to hear
    of what is proposed there; across the city, or within one campaign."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_areas"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alert_areas",
        verbose_name=_("campaign"),
    )
    geometry = models.PolygonField(_("area"), srid=4326)
    # The area's Atom feed is public to whoever holds its address, as uMap's and
    # FixMyStreet's are: a random token, not the id, names it.
    feed_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    active = models.BooleanField(_("alerts on"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AlertAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert area")
        verbose_name_plural = _("alert areas")
        indexes = [models.Index(fields=["user", "-created_at"], name="alert_area_by_user")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.geometry is None:
            return
        try:
            clean_geometry_field(
                self,
                "geometry",
                families={"polygon"},
                max_vertices=settings.ALERT_AREA_MAX_VERTICES,
            )
        except ValidationError as error:
            if error.error_dict["geometry"][0].code != "invalid":
                raise
            raise ValidationError(
                {
                    "geometry": ValidationError(
                        _("The area's outline crosses itself: draw it again without crossing it."),
                        code="invalid",
                    )
                }
            ) from error
        self.clean_extent()

    def clean_extent(self):
        """No larger than `ALERT_AREA_MAX_KM2`, and over the campaign's area when in one."""
        area = square_kilometres(self.geometry)
        limit = float(settings.ALERT_AREA_MAX_KM2)
        if area > limit:
            raise ValidationError(
                {
                    "geometry": ValidationError(
                        _(
                            "This area covers %(area)s km²; an alert area may cover at most "
                            "%(max)s km². Draw a smaller one."
                        ),
                        code="too_large",
                        params={
                            "area": number_format(area, 1),
                            "max": number_format(limit, 0 if limit.is_integer() else 1),
                        },
                    )
                }
            )
        if (
            self.campaign_id
            and not Campaign.objects.filter(
                pk=self.campaign_id, perimeter__intersects=self.geometry
            ).exists()
        ):
            raise ValidationError(
                {
                    "geometry": ValidationError(
                        _(
                            "This area lies outside the perimeter of “%(campaign)s”: draw it "
                            "over the campaign's area."
                        ),
                        code="outside_perimeter",
                        params={"campaign": self.campaign.title},
                    )
                }
            )


class Activity(models.Model):
    """One thing that happened that may notify people."""

    class Kind(models.TextChoices):
        ANSWERED = "answered", _("The city answered a contribution")
        STATUS_CHANGED = "status_changed", _("A contribution's status changed")
        COMMENTED = "commented", _("New comment")
        REPLIED = "replied", _("Reply to your comment")
        HIDDEN = "hidden", _("Your contribution was hidden")
        RESTORED = "restored", _("Your contribution was restored")
        NEW_CONTRIBUTION = "new_contribution", _("New contribution")
        NEW_EVENT = "new_event", _("New event")
        NEW_MILESTONE = "new_milestone", _("New milestone")
        REGISTERED = "registered", _("Registration confirmed")
        PLACE_FREED = "place_freed", _("A place was freed for you")
        EVENT_CHANGED = "event_changed", _("Event changed")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        EVENT_REMINDER = "event_reminder", _("Event tomorrow")

    # What the author of a contribution hears of by their "my contributions" e-mail choice.
    ABOUT_MY_CONTRIBUTION_KINDS = (Kind.ANSWERED, Kind.STATUS_CHANGED)
    # What reaches one person registered, named in the activity's details; and what reaches
    # an event's registrants. Both by the "my contributions" choice.
    TO_ONE_REGISTRANT = (Kind.REGISTERED, Kind.PLACE_FREED)
    TO_REGISTRANTS = (Kind.EVENT_CHANGED, Kind.EVENT_CANCELLED, Kind.EVENT_REMINDER)
    ABOUT_MY_REGISTRATION_KINDS = TO_ONE_REGISTRANT + TO_REGISTRANTS
    # What only the contribution's author hears of: hidden content reaches them alone.
    AUTHOR_KINDS = (Kind.HIDDEN, Kind.RESTORED)

    kind = models.CharField(_("what"), max_length=24, choices=Kind)
    # Who did it: never notified of their own action. Null for the city's scheduled jobs.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Empty for a city-wide event (and its registrations).
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    annotation = models.ForeignKey(
        "annotations.Annotation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.ForeignKey(
        "annotations.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        "agenda.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    milestone = models.ForeignKey(
        "timeline.Milestone", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What the activity says beyond its objects, as it was then: the moderator's reason,
    # the status before and after an answer…
    details = models.JSONField(default=dict, blank=True)
    # Set when the same activity could be written twice (a reminder per event and day).
    key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def subject(self):
        """What the activity is about: its contribution, event, milestone or campaign."""
        return self.annotation or self.event or self.milestone or self.campaign

    def sentence(self):
        """What happened, in one sentence of the active language."""
        Kind = self.Kind
        subject = self.subject
        names = {
            "title": getattr(subject, "title", None) or getattr(subject, "headline", ""),
            "campaign": self.campaign.title if self.campaign else "",
            "reason": self.details.get("reason", ""),
        }
        if self.kind == Kind.STATUS_CHANGED:
            status = self.annotation.Status(self.details["status"]).label
            return gettext("“%(title)s” is now: %(status)s.") % {**names, "status": status}
        if self.kind == Kind.REGISTERED and self.details.get("waiting"):
            return gettext("You are on the waiting list of “%(title)s”.") % names
        if self.kind == Kind.HIDDEN and not names["reason"]:
            return gettext("A moderator hid your contribution “%(title)s”.") % names
        return SENTENCES[self.kind]() % names

    def get_absolute_url(self):
        """The page of what happened: the comment within its contribution, the event…"""
        if self.comment_id:
            return f"{self.annotation.get_absolute_url()}#comment-{self.comment_id}"
        if self.milestone_id:
            return reverse("timeline:campaign", kwargs={"slug": self.campaign.slug})
        return self.subject.get_absolute_url()


# The sentence of each kind; %(title)s is the contribution's, event's or milestone's.
SENTENCES = {
    Activity.Kind.ANSWERED: lambda: gettext("The city answered “%(title)s”."),
    Activity.Kind.COMMENTED: lambda: gettext("New comment on “%(title)s”."),
    Activity.Kind.REPLIED: lambda: gettext("Someone replied to your comment on “%(title)s”."),
    Activity.Kind.HIDDEN: lambda: gettext(
        "A moderator hid your contribution “%(title)s”. The reason: %(reason)s"
    ),
    Activity.Kind.RESTORED: lambda: gettext("Your contribution “%(title)s” is shown again."),
    Activity.Kind.NEW_CONTRIBUTION: lambda: gettext(
        "New contribution in “%(campaign)s”: “%(title)s”."
    ),
    Activity.Kind.NEW_EVENT: lambda: gettext("New event: “%(title)s”."),
    Activity.Kind.NEW_MILESTONE: lambda: gettext("New milestone in “%(campaign)s”: “%(title)s”."),
    Activity.Kind.REGISTERED: lambda: gettext("You are registered for “%(title)s”."),
    Activity.Kind.PLACE_FREED: lambda: gettext(
        "A place was freed for you at “%(title)s”: you are registered."
    ),
    Activity.Kind.EVENT_CHANGED: lambda: gettext(
        "“%(title)s” changed its date, place or sessions: check them before you go."
    ),
    Activity.Kind.EVENT_CANCELLED: lambda: gettext("“%(title)s” is cancelled."),
    Activity.Kind.EVENT_REMINDER: lambda: gettext("Reminder: “%(title)s” is tomorrow."),
}


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def shown(self):
        """Leave out what the public may no longer see: anything of a campaign taken back to
        draft, a contribution or comment hidden or withdrawn. The fan-out's rule, applied
        again since. The contribution's author alone still reads that it was hidden, or
        restored."""
        public = Annotation.objects.public().filter(pk=OuterRef("activity__annotation"))
        visible = Comment.objects.visible().filter(pk=OuterRef("activity__comment"))
        to_the_author = Q(activity__kind__in=Activity.AUTHOR_KINDS)
        return self.filter(
            to_the_author
            | Q(activity__campaign__isnull=True)
            | Q(activity__campaign__is_published=True),
            to_the_author | Q(activity__annotation__isnull=True) | Exists(public),
            Q(activity__comment__isnull=True) | Exists(visible),
        )

    def naming(self, *related):
        """With what each sentence and link names (and `related`), read in the same query;
        their geometries, which neither needs, left in the database."""
        return self.select_related(
            "activity__annotation",
            "activity__event",
            "activity__milestone",
            "activity__campaign",
            *related,
        ).defer(
            "activity__annotation__geometry",
            "activity__event__location",
            "activity__milestone__location",
            "activity__campaign__perimeter",
        )

    def centre(self, user):
        """`user`'s notification centre, newest first, with what each sentence names."""
        return self.filter(recipient=user).shown().naming().order_by("-created_at", "-pk")

    def unread_count(self, user, cap):
        """How many of `user`'s notifications are unread, counted up to `cap` at most."""
        return self.filter(recipient=user).unread().shown()[:cap].count()

    def mark_read(self, user):
        return self.filter(recipient=user).unread().update(read_at=timezone.now())

    def withhold(self, reason):
        """Never e-mail these notifications; `reason`, kept on each, says why."""
        return self.update(delivery=Delivery.NEVER, email_error=reason)


class Notification(models.Model):
    """An activity for one person: in their notification centre, and by e-mail as
    `delivery` says (decided when it was made, from their preferences and whether their
    address is confirmed)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    delivery = models.CharField(_("by e-mail"), max_length=16, choices=Delivery)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "activity"], name="notify_a_person_once_per_activity"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_centre"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["delivery", "recipient"],
                condition=Q(emailed_at__isnull=True) & ~Q(delivery="never"),
                name="notification_mail_due",
            ),
        ]

    def __str__(self):
        return f"{self.activity} → {self.recipient}"
