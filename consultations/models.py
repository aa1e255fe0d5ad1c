"""A consultation on a text: the city's draft in versions, split into articles that
residents vote on (for, against, abstain) and amend, and staff answer.

Comments are `annotations.Comment` rows pointing at the consultation (and at an article
or an amendment of it), so that reports, hiding, the moderation history and the thread
depth are the contributions' own (docs/architecture.md, "Consultations on a text").
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations.models import TITLE_MAX_LENGTH, public_name, sees_everything
from core.models import Timestamped
from gis.geometry import clean_geometry_field

# An article's wording, as proposed or published.
ARTICLE_MAX_LENGTH = 20_000
REASON_MAX_LENGTH = 2_000


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published consultations of campaigns `user` may open; everything for staff
        and moderators."""
        if sees_everything(user):
            return self
        return self.filter(is_published=True, campaign__is_published=True)


class Consultation(Timestamped):
    """The city's draft text put to the residents of a campaign, with its own dates."""

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for debate")
        CLOSED = "closed", _("Closed: results")

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), max_length=2_000, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    phase = models.CharField(_("phase"), max_length=16, choices=Phase, default=Phase.DRAFT)
    is_published = models.BooleanField(_("published"), default=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation on a text")
        verbose_name_plural = _("consultations on a text")
        ordering = ["-opens_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="consultation_closes_after_it_opens",
                violation_error_message=_("The consultation must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.slug])

    def is_open(self, now=None):
        """Whether residents may take part now: the open phase, between the two dates."""
        now = now or timezone.now()
        return self.phase == self.Phase.OPEN and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self):
        return self.phase == self.Phase.CLOSED or timezone.now() >= self.closes_at

    def current_version(self):
        return self.versions.order_by("-number").first()


class Version(models.Model):
    """One state of the text, kept for ever; the highest number is the current one."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.TextField(_("what changed"), max_length=REASON_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version of the text")
        verbose_name_plural = _("versions of the text")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"],
                name="version_number_unique_per_consultation",
                violation_error_message=_("This version number is taken."),
            ),
        ]

    def __str__(self):
        return f"{self.consultation} v{self.number}"


class Article(models.Model):
    """One article of the text, the same through every version; its wording lives in
    `ArticleText`, one per version. Votes, comments and amendments hang here."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="articles",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    features = models.ManyToManyField(
        "layers.Feature",
        verbose_name=_("places of the reference layers"),
        blank=True,
        related_name="articles",
    )
    geometry = models.GeometryField(_("drawn place"), srid=4326, null=True, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"],
                name="article_number_unique_per_consultation",
                violation_error_message=_("This article number is taken."),
            ),
        ]

    def __str__(self):
        return _("Article %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return reverse("consultations:article", args=[self.consultation.slug, self.number])

    def text_in(self, version):
        return self.texts.filter(version=version).first()

    def clean(self):
        if self.geometry is not None and self.consultation_id:
            clean_geometry_field(self, "geometry", perimeter=self.consultation.campaign.perimeter)


def articles_by_feature(campaign, user):
    """For each reference feature of `campaign` an article names, the links back to those
    articles of the consultations `user` may see: {feature id: [{"label", "url"}]}."""
    named = Article.features.through.objects.filter(
        article__consultation__in=Consultation.objects.visible_to(user).filter(campaign=campaign)
    ).select_related("article__consultation")
    links = {}
    for row in named.order_by("article__consultation__title", "article__number"):
        article = row.article
        label = _("%(consultation)s, article %(number)s") % {
            "consultation": article.consultation.title,
            "number": article.number,
        }
        links.setdefault(row.feature_id, []).append(
            {"label": label, "url": article.get_absolute_url()}
        )
    return links


class ArticleText(models.Model):
    """An article's heading and wording in one version of the text."""

    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.CASCADE, related_name="texts"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="texts"
    )
    title = models.CharField(_("heading"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("wording"), max_length=ARTICLE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("wording of an article")
        verbose_name_plural = _("wordings of articles")
        ordering = ["version", "article__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "article"], name="article_text_one_per_version"
            ),
        ]

    def __str__(self):
        return self.title


class VoteQuerySet(models.QuerySet):
    def cast(self, consultation, article, user, value):
        """Record `user`'s vote on `article` (None: the whole text), replacing an earlier one.

        One INSERT ... ON CONFLICT DO UPDATE on the unique (consultation, article, user)
        index, whose NULLs are not distinct: concurrent clicks neither fail nor count twice.
        """
        self.bulk_create(
            [Vote(consultation=consultation, article=article, user=user, value=value)],
            update_conflicts=True,
            unique_fields=["consultation", "article", "user"],
            update_fields=["value"],
        )

    def counts(self):
        """`for`, `against`, `abstain` and `total`, counted by PostgreSQL."""
        return self.aggregate(
            total=Count("pk"),
            **{
                name: Count("pk", filter=Q(value=value))
                for name, value in (("for", 1), ("against", -1), ("abstain", 0))
            },
        )


class Vote(models.Model):
    """For, against or abstain, on one article or on the whole text (`article` empty):
    one per person and subject, enforced by the database, changeable while open."""

    class Value(models.IntegerChoices):
        FOR = 1, _("For")
        AGAINST = -1, _("Against")
        ABSTAIN = 0, _("Abstain")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="votes"
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.CASCADE,
        related_name="text_votes",
    )
    value = models.SmallIntegerField(_("vote"), choices=Value)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("vote on a text")
        verbose_name_plural = _("votes on a text")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "article", "user"],
                nulls_distinct=False,
                name="text_vote_one_per_person",
                violation_error_message=_("You have already voted on this."),
            ),
            models.CheckConstraint(
                condition=Q(value__in=[1, 0, -1]),
                name="text_vote_for_against_or_abstain",
                violation_error_message=_("A vote is for, against or abstain."),
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.get_value_display()} {self.article or self.consultation}"

    def clean(self):
        if self.article_id and self.article.consultation_id != self.consultation_id:
            raise ValidationError({"article": _("This article belongs to another consultation.")})


class AmendmentQuerySet(models.QuerySet):
    def with_support_count(self):
        return self.annotate(support_count=Count("supports", distinct=True))


class Amendment(Timestamped):
    """A resident's proposed new wording of an article, against the version they read;
    others support it, staff answer it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the city's answer")
        ACCEPTED = "accepted", _("Accepted")
        ACCEPTED_WITH_CHANGES = "accepted_with_changes", _("Accepted with changes")
        REJECTED = "rejected", _("Rejected")

    # The answers that bring an amendment into the next version of the text.
    TAKEN_IN = [Status.ACCEPTED, Status.ACCEPTED_WITH_CHANGES]

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="amendments"
    )
    base_version = models.ForeignKey(
        Version,
        verbose_name=_("amends the version"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
    )
    body = models.TextField(_("proposed wording"), max_length=ARTICLE_MAX_LENGTH)
    explanation = models.TextField(_("why"), max_length=REASON_MAX_LENGTH, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=Status, default=Status.PENDING)
    answer = models.TextField(_("the city's reason"), max_length=REASON_MAX_LENGTH, blank=True)
    adopted_body = models.TextField(
        _("wording adopted"),
        max_length=ARTICLE_MAX_LENGTH,
        blank=True,
        help_text=_("For an amendment accepted with changes: the wording the city keeps."),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    taken_in = models.ForeignKey(
        Version,
        verbose_name=_("taken into the version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments_taken_in",
    )

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | ~Q(answer=""),
                name="amendment_answer_gives_a_reason",
                violation_error_message=_("Give the reason for the answer."),
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted_with_changes") | ~Q(adopted_body=""),
                name="amendment_changes_are_written",
                violation_error_message=_("Write the wording the city adopts."),
            ),
        ]

    def __str__(self):
        return _("Amendment %(pk)s to %(article)s") % {"pk": self.pk, "article": self.article}

    def get_absolute_url(self):
        return reverse("consultations:amendment", args=[self.pk])

    @property
    def consultation(self):
        return self.article.consultation

    @property
    def public_author_name(self):
        return public_name(self.author, self.article.consultation.campaign)

    @property
    def wording_taken_in(self):
        """The wording this amendment brings into the next version, if any."""
        if self.status == self.Status.ACCEPTED:
            return self.body
        if self.status == self.Status.ACCEPTED_WITH_CHANGES:
            return self.adopted_body
        return None


class Support(models.Model):
    """A resident backs an amendment: once each."""

    amendment = models.ForeignKey(
        Amendment, verbose_name=_("amendment"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.CASCADE,
        related_name="amendment_supports",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("support for an amendment")
        verbose_name_plural = _("supports for amendments")
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "user"], name="support_one_per_person_per_amendment"
            ),
        ]
