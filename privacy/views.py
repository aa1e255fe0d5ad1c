import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from . import services


class PrivacyView(TemplateView):
    """What is kept, why and for how long."""

    template_name = "privacy/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lockout_minutes=round(settings.AXES_COOLOFF_TIME * 60), **kwargs
        )


class MyDataView(LoginRequiredMixin, View):
    """Everything kept about the person, as a JSON file to download."""

    def get(self, request):
        data = services.personal_data(request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        filename = f"geoconsult-{request.user.get_username()}-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong_password")
        return password


class DeleteAccountView(LoginRequiredMixin, FormView):
    """Says what deleting keeps and removes, and deletes once the password is typed."""

    template_name = "privacy/delete_account.html"
    form_class = DeleteAccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        services.delete_account(self.request.user)
        logout(self.request)
        messages.success(self.request, _("Your account is deleted."))
        return redirect("portal:home")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
