"""The page where a person draws an alert area, across the city or in one campaign."""

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.throttling import LimitedPostMixin
from campaigns.models import Campaign
from gis.geojson import feature_collection

from .forms import AreaForm
from .models import AlertArea


class NewAreaView(LimitedPostMixin, TemplateView):
    """GET: the map and the form (a log-in link for anonymous people, a reminder to confirm
    the e-mail address for unconfirmed ones). POST: the area saved, or the page again (400)
    with what was typed and drawn kept and each message beside its field or the map."""

    template_name = "notifications/area_new.html"
    limited_action = "alert_area"

    def campaign(self):
        slug = self.request.POST.get("campaign") or self.request.GET.get("campaign")
        return (
            Campaign.objects.visible_to(self.request.user)
            .with_slug(slug)
            .only("slug", "title")
            .first()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = self.campaign()
        if "form" not in context and rules.has_perm("notifications.draw_area", user):
            context["form"] = AreaForm(
                user=user, initial={"campaign": campaign.slug if campaign else None}
            )
        context["campaign"] = campaign
        context["map_data"] = {
            "perimeter": feature_collection(
                Campaign.objects.filter(pk=campaign.pk), geometry="perimeter", title="title"
            )
            if campaign
            else None,
        }
        return context

    def post(self, request, *args, **kwargs):
        # An unconfirmed account was refused by LimitedPostMixin already.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = AreaForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                area = AlertArea.objects.draw(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    geometry=form.cleaned_data["area"],
                    campaign=form.cleaned_data["campaign"],
                )
            except ValidationError as error:
                # The model's refusals go beside their field (the geometry's beside the map).
                for field, problems in error.update_error_dict({}).items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(
                    request,
                    _(
                        "Your alert area “%(name)s” is saved: you will hear of what is "
                        "proposed there."
                    )
                    % {"name": area.name},
                )
                return redirect("notifications:following")
        return self.render_to_response(self.get_context_data(form=form), status=400)
