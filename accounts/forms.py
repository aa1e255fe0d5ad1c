from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User


class SignUpForm(UserCreationForm):
    """A resident's account: a username to log in, a name others see, an e-mail for resets."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "email")
        help_texts = {"email": _("Only used to reset your password; never shown to others.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A reset link needs somewhere to go.
        self.fields["email"].required = True
        self.fields["display_name"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"

    def clean_email(self):
        # One account per address, so a password reset reaches the right one.
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An account already uses this address. If it is yours, reset its password "
                    "from the log-in page."
                ),
                code="email_taken",
            )
        return email
