from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import CreateView, ListView

from annotations.models import Annotation

from .forms import SignUpForm


class SignUpView(CreateView):
    """A resident creates an account and is logged in at once, back where they came from."""

    form_class = SignUpForm
    template_name = "registration/signup.html"

    def form_valid(self, form):
        # Saved once: saving again would hash the password anew and end the session at once.
        self.object = user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Welcome, %(name)s: your account is ready.") % {"name": user.public_name},
        )
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.next_url() or resolve_url(settings.LOGIN_REDIRECT_URL)

    def next_url(self):
        """`next` from the form or the query string, when it stays on this site."""
        url = self.request.POST.get("next") or self.request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return url if safe else ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


class MyContributionsView(LoginRequiredMixin, ListView):
    """The signed-in person's own contributions, whatever their status, newest first."""

    template_name = "accounts/my_contributions.html"
    context_object_name = "contributions"
    paginate_by = 20

    def get_queryset(self):
        return (
            Annotation.objects.filter(author=self.request.user)
            .with_counts()
            .select_related("layer__campaign")
            .order_by("-created_at", "-pk")
        )
