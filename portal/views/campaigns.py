from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Func, IntegerField, OuterRef, Prefetch, Subquery
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from annotations.filters import AnnotationFilter
from annotations.forms.contribution import ContributionForm
from annotations.forms.photos import photo_formset
from annotations.models import Annotation, Photo
from campaigns.models import Campaign
from campaigns.shortcuts import visible_campaign
from consultations.models import Consultation, articles_by_feature
from consultations.results import figures
from core.pagination import EXACT_COUNT_LIMIT, bounded_count, serial_plans
from gis.geojson import feature_collection
from gis.geometry import overview_outline
from layers.models import Category

from ..statistics import campaign_statistics


def tile_url_template(layer):
    """The address of the layer's vector tiles, with {z}/{x}/{y} to fill in."""
    tilejson = reverse("tiles:tilejson", args=[layer.pk])
    return tilejson.removesuffix("tiles.json") + "{z}/{x}/{y}.mvt"


def with_contribution_count(campaigns):
    """Add `contribution_count`: the contributions anyone may see, counted no further than
    `EXACT_COUNT_LIMIT` + 1 (past it, the page says "more than"): one subquery reading at
    most that many rows, where counting a campaign of two million took seconds."""
    visible = (
        Annotation.objects.visible()
        .filter(layer__campaign=OuterRef("pk"))
        .order_by()
        .values("pk")[: EXACT_COUNT_LIMIT + 1]
    )
    counted = Func(
        Subquery(visible),
        template="(SELECT COUNT(*) FROM %(expressions)s AS visible)",
        output_field=IntegerField(),
    )
    return campaigns.annotate(contribution_count=counted)


class HomeView(ListView):
    """Published campaigns, open ones first, a page at a time, as a list and on a map of
    their perimeters. The page weighs the same however many campaigns there are and however
    finely their perimeters were drawn (bench/scale.py)."""

    template_name = "portal/home.html"
    context_object_name = "campaigns"
    paginate_by = 20

    def get_queryset(self):
        campaigns = Campaign.objects.published().order_by_openness().defer("perimeter")
        return with_contribution_count(campaigns)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["perimeters"] = feature_collection(
            Campaign.objects.filter(pk__in=[campaign.pk for campaign in context["campaigns"]]),
            geometry=overview_outline("perimeter"),
            title="title",
            slug="slug",
            phase="phase",
        )
        context["count_limit"] = EXACT_COUNT_LIMIT
        consultations = (
            Consultation.objects.visible_to(self.request.user)
            .exclude(phase=Consultation.Phase.DRAFT)
            .select_related("campaign")
            .defer("campaign__perimeter")
        )
        # Paged on their own, beside the campaigns: `?consultations_page=`.
        context["consultations"] = Paginator(consultations, self.paginate_by).get_page(
            self.request.GET.get("consultations_page")
        )
        return context


class CampaignDetailView(DetailView):
    """A campaign's rules, phase and dates; its map of layers and contributions with the
    list of what the map shows; contributing on its open layers."""

    template_name = "portal/detail.html"
    # The list the page shows before (and without) JavaScript; the map's list then pages the API.
    LIST_LENGTH = 50

    def get_object(self, queryset=None):
        return visible_campaign(self.request, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        user = self.request.user
        layers = list(campaign.layers.order_by("z_index"))
        # The map draws each layer from its vector tiles: the page's weight does not grow
        # with the number of contributions.
        layer_data = [{**layer.map_data(), "tiles": tile_url_template(layer)} for layer in layers]
        context["map_data"] = {
            "perimeter": feature_collection(
                Campaign.objects.filter(pk=campaign.pk), geometry="perimeter", title="title"
            ),
            "layers": layer_data,
            "map_label": _("Map of the campaign “%(title)s”") % {"title": campaign.title},
            # A reference feature's popup links to the articles of a text that name it.
            "articles": articles_by_feature(campaign, user),
            # How a collective contribution's popup names its group and headcount.
            "collective_label": _("On behalf of %(group)s, participants: %(people)s"),
            "annotation_url": reverse("annotation-detail", args=[0]),
            # What the map's popups and the list call the values the data carries.
            "labels": {
                "category": dict(Category.choices),
                "status": dict(Annotation.Status.choices),
            },
            **self.popup_texts(),
        }
        # Topmost layer first, as drawn, each with the colours of its style attribute.
        context["legend"] = [
            {"layer": layer, "classes": data["style_classes"]}
            for layer, data in zip(layers[::-1], layer_data[::-1], strict=True)
        ]
        context["consultations"] = figures(
            Consultation.objects.visible_to(user).filter(campaign=campaign)
        )
        context["contribution_open"] = any(layer.is_open_for_contributions() for layer in layers)
        if "contribution_form" not in kwargs:
            context["contribution_form"] = (
                ContributionForm(campaign=campaign, user=user) if user.is_authenticated else None
            )
        context.setdefault("photo_forms", photo_formset())
        context["contributions"] = self.contribution_list()
        context["categories"] = Category.choices
        context["statuses"] = [
            (value, label)
            for value, label in Annotation.Status.choices
            if value not in Annotation.UNPUBLISHED_STATUSES
        ]
        context["events"] = campaign.events.published().upcoming()
        context["milestones"] = campaign.milestones.all()
        context["statistics"] = campaign_statistics(campaign)
        return context

    def popup_texts(self):
        """What a contribution's popup says and links to (static/js/popups.js)."""
        back = f"{self.object.get_absolute_url()}?annotation=%(id)s#map"
        return {
            "detail_url": reverse("annotations:detail", args=[0]),
            "vote_url": reverse("annotation-vote", args=[0]),
            "log_in_url": f"{reverse('login')}?{urlencode({'next': back}, safe='%()')}",
            # Only a signed-in person supports from the map; the token goes with the vote.
            "csrf_token": get_token(self.request) if self.request.user.is_authenticated else "",
            "open_page": _("Open its page"),
            "support": _("Support it"),
            "support_named": _("Support “%(title)s”"),
            "log_in_to_support": _("Log in to support"),
            "supported": _("Your support is recorded."),
            "support_failed": _("Your support could not be recorded; open the page to try again."),
            "supports": [_("%(count)s support"), _("%(count)s supports")],
            "comments": [_("%(count)s comment"), _("%(count)s comments")],
        }

    def contribution_list(self):
        """The campaign's contributions as the list's filters (GET parameters) choose."""
        filters = self.request.GET.copy()
        for name in ("category", "status", "ordering"):
            if not filters.get(name):
                filters.pop(name, None)
        filters["campaign"] = self.object.slug
        filterset = AnnotationFilter(
            filters,
            queryset=Annotation.objects.visible_to(self.request.user).prefetch_related(
                Prefetch("photos", queryset=Photo.objects.visible(), to_attr="visible_photos")
            ),
            request=self.request,
        )
        # A junk value is dropped (django-filter ignores it) and the others still apply, so
        # the menus show what the list holds.
        filterset.is_valid()
        chosen = filterset.form.cleaned_data
        contributions = filterset.qs.using(filterset.qs.db)
        with serial_plans(contributions.db):
            count, exact = bounded_count(contributions)
            items = list(contributions[: self.LIST_LENGTH])
        return {
            "items": items,
            "count": count,
            "count_is_exact": exact,
            "category": (chosen.get("category") or [""])[0],
            "status": (chosen.get("status") or [""])[0],
            "ordering": chosen.get("ordering") or "newest",
        }
