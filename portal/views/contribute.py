"""Contributing from the campaign map: the form comes back on the map when something is wrong."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.throttling import LimitedPostMixin
from annotations import services
from annotations.forms.contribution import ContributionForm
from annotations.forms.photos import photo_formset

from .campaigns import CampaignDetailView


class ContributeView(LimitedPostMixin, CampaignDetailView):
    """POST a contribution; on error the campaign page again (400), with everything typed
    and drawn kept, and each message beside its field or on the map."""

    http_method_names = ["get", "post"]
    limited_action = "contribute"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return redirect(self.contribute_anchor())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not request.user.is_authenticated:
            return redirect_to_login(self.contribute_anchor())
        form = ContributionForm(request.POST, campaign=self.object, user=request.user)
        photos = photo_formset(request.POST, request.FILES)
        if not all([form.is_valid(), photos.accepts()]):
            context = self.get_context_data(contribution_form=form, photo_forms=photos)
            return self.render_to_response(context, status=400)
        annotation = services.contribute(form, photos.photos)
        if annotation.awaits_moderation:
            thanks = _(
                "Thank you: your contribution “%(title)s” waits for a moderator; "
                "everyone will see it once published."
            )
        else:
            thanks = _("Thank you: your contribution “%(title)s” is on the map.")
        messages.success(request, thanks % {"title": annotation.title})
        return redirect(f"{self.object.get_absolute_url()}?annotation={annotation.pk}#map")

    def contribute_anchor(self):
        return self.object.get_absolute_url() + "#contribute"
