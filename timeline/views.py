from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.views.generic import DetailView

from campaigns.shortcuts import visible_campaign


class TimelineView(DetailView):
    """The campaign's project told as a TimelineJS story, and as a plain list beside it."""

    template_name = "timeline/campaign.html"
    context_object_name = "campaign"

    def get_object(self, queryset=None):
        return visible_campaign(self.request, self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline_url"] = reverse("campaign-timeline", kwargs={"slug": self.object.slug})
        context["milestones"] = self.object.milestones.select_related("consultation")
        language = get_language()
        context["timeline_vendor"] = {
            "script_path": static("vendor/timelinejs/js/"),
            # TimelineJS speaks English without a file; other languages load theirs.
            "language": None
            if language == "en"
            else static(f"vendor/timelinejs/js/locale/{language}.json"),
        }
        return context
