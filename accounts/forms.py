from django.contrib.auth.forms import UserCreationForm
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
