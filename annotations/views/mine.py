from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from ..models import Annotation


class MyContributionsView(LoginRequiredMixin, ListView):
    """The signed-in person's own contributions, whatever their status, newest first."""

    template_name = "annotations/mine.html"
    context_object_name = "contributions"
    paginate_by = 20

    def get_queryset(self):
        return (
            Annotation.objects.filter(author=self.request.user)
            .select_related("layer__campaign")
            # A list of text: no shape is drawn, neither the contributions' nor the perimeters'.
            .defer("geometry", "layer__campaign__perimeter")
            .order_by("-created_at", "-pk")
        )
