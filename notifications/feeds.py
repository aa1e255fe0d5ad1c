"""Atom feeds of what is new in a campaign, or in an area someone drew: for anyone, with no
account, in any feed reader.

Only what the public sees goes in: contributions `visible_to` an anonymous visitor (never
hidden, never waiting for a moderator, never of a draft campaign), public events and the
milestones of published campaigns, each list read newest first through its index and cut
at `ITEMS`. Feeds are polled: each answer carries an ETag built from a few aggregates that
change whenever anything the feed shows may have changed (a layer's `content_version`, the
events' latest change, the milestones' count), so a reader asking again gets 304 without
the feed being built, and a changed feed is built once per version and kept in the cache.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agenda.models import Event
from annotations.models import Annotation, public_name
from campaigns.models import Campaign
from core.templatetags.dates import date_range
from layers.models import Layer
from timeline.models import Milestone

from .models import AlertArea

ITEMS = 50
# What `User.public_name` reads.
AUTHOR_FIELDS = ("display_name", "first_name", "username", "is_staff", "is_moderator")
# A feed built for one version stays in the cache this long unless a newer one replaces it.
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Entry:
    kind: str
    title: str
    text: str
    link: str
    date: datetime.datetime
    author: str | None = None


def contributions(annotations):
    annotations = (
        annotations.visible_to(AnonymousUser())
        .select_related("author", "layer__campaign")
        .only(
            "title",
            "body",
            "created_at",
            *(f"author__{name}" for name in AUTHOR_FIELDS),
            "layer__campaign__show_author_names",
        )
        .order_by("-created_at", "-pk")[:ITEMS]
    )
    return [
        Entry(
            kind=_("New contribution"),
            title=annotation.title,
            text=annotation.body,
            link=annotation.get_absolute_url(),
            date=annotation.created_at,
            author=public_name(annotation.author, annotation.layer.campaign),
        )
        for annotation in annotations
    ]


def events(queryset):
    events = queryset.public().order_by("-created_at", "-pk")[:ITEMS]
    return [
        Entry(
            kind=_("New event"),
            title=event.title,
            text=" · ".join(
                filter(None, [date_range(event.starts_at, event.ends_at), event.place_name])
            ),
            link=event.get_absolute_url(),
            date=event.created_at,
        )
        for event in events
    ]


def milestones(queryset):
    """Milestones dated today or earlier: a planned one is news on its date."""
    today = timezone.localdate()
    milestones = (
        queryset.filter(campaign__is_published=True, date__lte=today)
        .select_related("campaign")
        .only("headline", "text", "date", "campaign__slug")
        .order_by("-date", "-pk")[:ITEMS]
    )
    midnight = datetime.time(tzinfo=timezone.get_current_timezone())
    return [
        Entry(
            kind=_("New milestone"),
            title=milestone.headline,
            text="",
            link=reverse("timeline:campaign", args=[milestone.campaign.slug])
            + f"#milestone-{milestone.pk}",
            date=datetime.datetime.combine(milestone.date, midnight),
        )
        for milestone in milestones
    ]


def newest(*lists):
    entries = [entry for entries in lists for entry in entries]
    return sorted(entries, key=lambda entry: entry.date, reverse=True)[:ITEMS]


def version(layers, events, milestones, campaigns):
    """What changes whenever the feed may: each part one aggregate over a small table."""
    parts = [
        layers.filter(kind=Layer.Kind.CONTRIBUTION).aggregate(Sum("content_version"), Count("pk")),
        events.aggregate(Max("updated_at"), Count("pk")),
        milestones.aggregate(Max("pk"), Count("pk")),
        campaigns.aggregate(Max("updated_at"), Count("pk")),
        timezone.localdate(),
    ]
    return repr(parts)


class CachedAtomFeed(Feed):
    """An Atom feed answered 304 while its version holds, and built once per version."""

    feed_type = Atom1Feed

    def version(self, obj):
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        obj = self.get_object(request, *args, **kwargs)
        seen = (request.get_host(), request.path, get_language(), self.version(obj))
        digest = hashlib.sha256(repr(seen).encode()).hexdigest()[:32]
        etag = f'"{digest}"'
        response = get_conditional_response(request, etag=etag)
        if response is None:
            body = cache.get(f"feed:{digest}")
            if body is None:
                feed = self.get_feed(obj, request)
                body = feed.writeString("utf-8")
                cache.set(f"feed:{digest}", body, CACHE_SECONDS)
            response = HttpResponse(body, content_type=self.feed_type.content_type)
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.FEED_MAX_AGE)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    # Atom wants an author for the feed when an entry has none: the city's site.
    def author_name(self, obj):
        return settings.SITE_NAME

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        # Atom's summary is read as HTML: the text a person wrote is escaped for it.
        return f"<p>{escape(entry.kind)}</p>{linebreaks(escape(entry.text))}"

    def item_link(self, entry):
        return entry.link

    def item_pubdate(self, entry):
        return entry.date

    # Atom requires each entry's <updated>; what the feed tells is new when it appears.
    def item_updateddate(self, entry):
        return entry.date

    def item_author_name(self, entry):
        return entry.author

    def item_categories(self, entry):
        return [entry.kind]


class CampaignFeed(CachedAtomFeed):
    """/campaigns/<slug>/feed.atom: a published campaign's new contributions, events and
    milestones."""

    def get_object(self, request, slug):
        return get_object_or_404(Campaign.objects.published().defer("perimeter"), slug=slug)

    def version(self, campaign):
        return version(
            campaign.layers.all(),
            Event.objects.filter(campaign=campaign),
            Milestone.objects.filter(campaign=campaign),
            Campaign.objects.filter(pk=campaign.pk),
        )

    def title(self, campaign):
        return _("%(title)s: what is new") % {"title": campaign.title}

    def subtitle(self, campaign):
        return campaign.summary or None

    def link(self, campaign):
        return campaign.get_absolute_url()

    def items(self, campaign):
        layer_ids = list(campaign.layers.values_list("pk", flat=True))
        return newest(
            contributions(Annotation.objects.filter(layer_id__in=layer_ids)),
            events(Event.objects.filter(campaign=campaign)),
            milestones(Milestone.objects.filter(campaign=campaign)),
        )


class AreaFeed(CachedAtomFeed):
    """/notifications/areas/<feed_token>/feed.atom: the new contributions inside an area
    someone drew, and the events and milestones placed inside it (in its campaign, or in
    every published campaign for an area drawn across the city). Whoever holds the address
    reads it; the area's owner and name stay out of it."""

    def get_object(self, request, token):
        # An area in a campaign taken back to draft has no feed while the campaign is away.
        areas = AlertArea.objects.filter(
            Q(campaign__isnull=True) | Q(campaign__is_published=True)
        ).select_related("campaign")
        return get_object_or_404(areas.defer("campaign__perimeter"), feed_token=token)

    def scope(self, area):
        """The campaigns the area looks into."""
        campaigns = Campaign.objects.published()
        return campaigns.filter(pk=area.campaign_id) if area.campaign_id else campaigns

    def version(self, area):
        campaigns = self.scope(area)
        return version(
            Layer.objects.filter(campaign__in=campaigns),
            Event.objects.filter(campaign__in=campaigns)
            if area.campaign_id
            else Event.objects.all(),
            Milestone.objects.filter(campaign__in=campaigns),
            campaigns,
        )

    def title(self, area):
        if area.campaign_id:
            return _("What is new in an area of “%(campaign)s”") % {"campaign": area.campaign.title}
        return _("What is new in an area of the city")

    def link(self, area):
        if area.campaign_id:
            return area.campaign.get_absolute_url()
        return reverse("portal:home")

    def items(self, area):
        inside = {"geometry__intersects": area.geometry}
        placed = {"location__intersects": area.geometry}
        annotations = Annotation.objects.filter(**inside)
        agenda = Event.objects.filter(**placed)
        timeline = Milestone.objects.filter(**placed)
        if area.campaign_id:
            annotations = annotations.filter(layer__campaign=area.campaign_id)
            agenda = agenda.filter(campaign=area.campaign_id)
            timeline = timeline.filter(campaign=area.campaign_id)
        return newest(contributions(annotations), events(agenda), milestones(timeline))
