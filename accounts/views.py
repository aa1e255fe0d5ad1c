from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import RedirectURLMixin
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import CreateView

from .forms import SignUpForm


class SignUpView(RedirectURLMixin, CreateView):
    """A resident creates an account and is logged in at once, back where they came from
    (`next`, when it stays on this site)."""

    form_class = SignUpForm
    template_name = "registration/signup.html"
    next_page = settings.LOGIN_REDIRECT_URL

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        # Saved once: saving again would hash the password anew and end the session at once.
        self.object = user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Welcome, %(name)s: your account is ready.") % {"name": user.public_name},
        )
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.get_redirect_url(), **kwargs)
