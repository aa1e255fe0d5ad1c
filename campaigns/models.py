from django.contrib.gis.db import models
from django.core.validators import slug_re
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Timestamped
from gis.geometry import clean_geometry_field

# A city perimeter is drawn finer than a resident's pin.
PERIMETER_MAX_VERTICES = 100_000


class CampaignQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """The campaigns `user` may open: published ones, and drafts too for staff."""
        return self if user.is_staff else self.published()

    def with_slug(self, value):
        """The campaign whose slug is `value`, as sent: what is not a slug is no campaign
        (and never reaches PostgreSQL, which refuses a NUL byte with an error)."""
        if not isinstance(value, str) or not slug_re.match(value):
            return self.none()
        return self.filter(slug=value)

    def order_by_openness(self):
        """Campaigns open for contributions first, then the most recent."""
        is_open = Case(When(phase=Campaign.Phase.OPEN, then=Value(0)), default=Value(1))
        return self.order_by(is_open, "-start_date", "title")


class Campaign(Timestamped):
    """A consultation a city department opens on a place, with its rules and phase."""

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for contributions")
        ANALYSIS = "analysis", _("Analysis")
        RESULTS = "results", _("Results")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    description = models.TextField(_("description"), blank=True)
    rules = models.TextField(
        _("what the city commits to"),
        blank=True,
        help_text=_("What the city will do with the contributions, said before they are made."),
    )
    department = models.CharField(_("department in charge"), max_length=200, blank=True)
    perimeter = models.MultiPolygonField(_("perimeter"), srid=4326)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    phase = models.CharField(_("phase"), max_length=16, choices=Phase, default=Phase.DRAFT)
    is_published = models.BooleanField(_("published"), default=False)
    show_author_names = models.BooleanField(
        _("show authors' names"),
        default=True,
        help_text=_(
            "Show each contribution's author by display name on the site, in the API and in "
            "exports. Off: contributions appear without a name."
        ),
    )

    premoderate_contributions = models.BooleanField(
        _("moderate contributions before publication"),
        default=False,
        help_text=_(
            "New contributions wait as “submitted” until a moderator publishes or rejects them."
        ),
    )
    premoderate_comments = models.BooleanField(
        _("moderate comments before publication"),
        default=False,
        help_text=_("New comments wait until a moderator publishes or rejects them."),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="campaign_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:campaign", kwargs={"slug": self.slug})

    def clean(self):
        clean_geometry_field(
            self, "perimeter", families={"polygon"}, max_vertices=PERIMETER_MAX_VERTICES
        )
