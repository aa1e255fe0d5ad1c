"""The e-mail settings page and the one-click unsubscribe link (the rest of the pages:
views.py)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from accounts.throttling import LimitedPostMixin

from . import services
from .email_forms import PreferencesForm
from .emails import unsubscribed_user_id
from .models import Preferences


def preferences_form(user, data=None):
    instance = Preferences.objects.filter(user=user).first() or Preferences(user=user)
    return PreferencesForm(data, instance=instance, user=user)


class PreferencesView(LoginRequiredMixin, LimitedPostMixin, View):
    """How a person hears of what they follow by e-mail, and in which language."""

    limited_action = "follow"
    template_name = "notifications/settings.html"

    def get(self, request):
        return render(request, self.template_name, {"form": preferences_form(request.user)})

    def post(self, request):
        form = preferences_form(request.user, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        services.save_preferences(form)
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("notifications:settings")


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(LimitedPostMixin, View):
    """The link in every notification e-mail (List-Unsubscribe, RFC 8058).

    GET only shows a button: mail scanners open links, and must not unsubscribe anyone.
    POST, from that button or from the mail program's one-click (`List-Unsubscribe=One-Click`,
    without a session or CSRF token, as RFC 8058 has it), stops every notification e-mail.
    """

    limited_action = "unsubscribe"
    template_name = "notifications/unsubscribe.html"

    def person(self, token):
        try:
            user_id = unsubscribed_user_id(token)
        except signing.BadSignature:
            return None
        return get_user_model().objects.filter(pk=user_id).first()

    def invalid(self, request):
        return render(request, self.template_name, {"state": "invalid"}, status=400)

    def get(self, request, token):
        if self.person(token) is None:
            return self.invalid(request)
        return render(request, self.template_name, {"state": "confirm"})

    def post(self, request, token):
        person = self.person(token)
        if person is None:
            return self.invalid(request)
        services.unsubscribe(person.pk)
        return render(request, self.template_name, {"state": "done"})
