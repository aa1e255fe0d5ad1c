import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth.forms import BaseUserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User


def folded(text):
    """Lower case without accents, for comparing names as people read them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def check_display_name(name, user=None):
    """Residents may not take a name that speaks as the city (RESERVED_DISPLAY_NAMES)."""
    if user is not None and user.is_official:
        return
    name = folded(name)
    if any(folded(reserved) in name for reserved in settings.RESERVED_DISPLAY_NAMES):
        raise ValidationError(
            _(
                "This name could be taken for the city's. Choose a name of your own: only "
                "the city's staff speak for it, and their messages carry an official badge."
            ),
            code="impersonation",
        )


class SignUpForm(BaseUserCreationForm):
    """A resident's account: a username to log in, a name others see, an e-mail for resets.

    Whether the username or the address is already taken is never said here: the sign-up
    service tells the address's owner by e-mail instead (accounts/services.py)."""

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")
        help_texts = {
            "email": _(
                "Only used to reach you (a link to confirm it, password resets); "
                "never shown to others."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["display_name"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"

    def clean_display_name(self):
        name = self.cleaned_data["display_name"]
        check_display_name(name)
        return name

    def validate_unique(self):
        """Uniqueness is the sign-up service's to handle, without saying."""


class DisplayNameForm(forms.ModelForm):
    """The name others see; residents may not take one that speaks as the city."""

    class Meta:
        model = User
        fields = ("display_name",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True

    def clean_display_name(self):
        name = self.cleaned_data["display_name"]
        check_display_name(name, self.instance)
        return name


class EmailChangeForm(forms.Form):
    """A new address, confirmed by a link sent to it; the password proves it is you."""

    email = forms.EmailField(label=_("New e-mail address"), max_length=254)
    password = forms.CharField(
        label=_("Your password"),
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
