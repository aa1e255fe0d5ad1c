from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Preferences


class PreferencesForm(forms.ModelForm):
    """How a person hears of what they follow by e-mail, and in which language."""

    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    class Meta:
        model = Preferences
        fields = ("about_my_contributions", "about_the_rest")
        widgets = {
            "about_my_contributions": forms.RadioSelect,
            "about_the_rest": forms.RadioSelect,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["language"].initial = user.language
