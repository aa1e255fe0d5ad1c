from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import RedirectURLMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rest_framework.authtoken.models import Token

from . import services
from .authentication import token_expiry
from .forms import DisplayNameForm, EmailChangeForm, SignUpForm
from .models import User
from .throttling import LimitedPostMixin


class SignUpView(LimitedPostMixin, RedirectURLMixin, FormView):
    """A resident asks for an account; the page then says to check their inbox, whether the
    account was made or the username or address was taken (that is said by e-mail)."""

    form_class = SignUpForm
    template_name = "registration/signup.html"
    limited_action = "signup"
    next_page = settings.LOGIN_REDIRECT_URL

    def limited_account(self):
        return self.request.POST.get("email", "").strip() or None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.get_redirect_url(), **kwargs)

    def form_valid(self, form):
        services.sign_up(form, self.request)
        self.request.session["signup_email"] = form.cleaned_data["email"]
        return redirect("signup-done")


class SignUpDoneView(TemplateView):
    template_name = "registration/signup_done.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(email=self.request.session.get("signup_email"), **kwargs)


class ConfirmEmailView(View):
    """GET from the e-mailed link: the address is confirmed (or changed to the new one)."""

    def get(self, request, token):
        try:
            user = services.confirm_email(token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("account" if request.user.is_authenticated else "login")
        messages.success(
            request, _("Your e-mail address %(email)s is confirmed.") % {"email": user.email}
        )
        if request.user.is_authenticated:
            return redirect("account")
        return HttpResponseRedirect(f"{reverse('login')}?next={reverse('account')}")


class AccountView(LoginRequiredMixin, TemplateView):
    """A person's account: their address, API token, and their privacy rights."""

    template_name = "registration/account.html"

    def get_context_data(self, email_form=None, name_form=None, **kwargs):
        user = self.request.user
        token = Token.objects.filter(user=user).first()
        return super().get_context_data(
            name_form=name_form or DisplayNameForm(instance=user),
            email_form=email_form or EmailChangeForm(user=user),
            token=token,
            token_expires_at=token_expiry(token) if token else None,
            **kwargs,
        )


class ChangeDisplayNameView(AccountView):
    """POST: a new name to show others."""

    http_method_names = ["post"]

    def post(self, request):
        # A copy: a refused name must not show in the page's header.
        form = DisplayNameForm(request.POST, instance=User.objects.get(pk=request.user.pk))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(name_form=form), status=400)
        form.save()
        messages.success(request, _("Your name is changed."))
        return redirect("account")


class ChangeEmailView(LimitedPostMixin, AccountView):
    """POST: send a confirmation link to a new address; it replaces the old one once followed."""

    http_method_names = ["post"]
    limited_action = "confirmation_email"

    def post(self, request):
        form = EmailChangeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(email_form=form), status=400)
        email = form.cleaned_data["email"]
        services.send_confirmation(request.user, email, request)
        messages.success(
            request,
            _("We sent a link to %(email)s: your address changes when you follow it.")
            % {"email": email},
        )
        return redirect("account")


class ResendConfirmationView(LoginRequiredMixin, LimitedPostMixin, View):
    limited_action = "confirmation_email"

    def post(self, request):
        user = request.user
        if user.email_confirmed:
            messages.info(request, _("Your e-mail address is already confirmed."))
        else:
            services.send_confirmation(user, user.email, request)
            messages.success(
                request, _("A new link is on its way to %(email)s.") % {"email": user.email}
            )
        return redirect("account")


class RevokeTokenView(LoginRequiredMixin, View):
    """POST: the API token stops working at once."""

    def post(self, request):
        if Token.objects.filter(user=request.user).delete()[0]:
            messages.success(request, _("Your API token is revoked."))
        return redirect("account")


class PasswordResetView(LimitedPostMixin, auth_views.PasswordResetView):
    """Django's, counted per address typed and per network address: each sends an e-mail."""

    limited_action = "password_reset"

    def limited_account(self):
        return self.request.POST.get("email", "").strip() or None


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's; the new password also lifts a log-in lockout on the account (its API token
    goes with the old password, see User.save)."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_lockout(username=self.user.get_username())
        return response
