"""Up to `CONTRIBUTION_PHOTOS_MAX` photos sent with a contribution, each with its alt text."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models.photos import ALT_TEXT_MAX_LENGTH
from ..photos import read_photo

ACCEPT = "image/jpeg,image/png,image/webp"


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    alt_text = forms.CharField(
        label=_("What it shows (for people who cannot see it)"),
        max_length=ALT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Left empty, the contribution's title describes it."),
    )

    def clean_image(self):
        """The photo stripped of its metadata (`CleanPhoto`), or None when none was chosen."""
        upload = self.cleaned_data.get("image")
        return read_photo(upload) if upload else None


class BasePhotoFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            # A file input cannot be filled again: say so beside the photos.
            raise ValidationError(
                _("Nothing was sent. Choose your photos again: a browser never keeps them."),
                code="choose_again",
            )

    def accepts(self):
        """Whether the photos sent are all acceptable; a form sent without the photo
        fields at all (an older page, a script) simply sends none."""
        return not self.is_bound or self.is_valid()

    @property
    def max_upload_size(self):
        return settings.PHOTO_MAX_UPLOAD_SIZE

    @property
    def photos(self):
        """Each chosen photo as (CleanPhoto, alt text), in the order of the form."""
        if not self.is_bound:
            return []
        return [
            (form.cleaned_data["image"], form.cleaned_data.get("alt_text", ""))
            for form in self.forms
            if form.cleaned_data.get("image")
        ]


def photo_formset(data=None, files=None):
    """The photo fields of the contribution form, as many as the settings allow."""
    most = settings.CONTRIBUTION_PHOTOS_MAX
    formset = forms.formset_factory(
        PhotoForm,
        formset=BasePhotoFormSet,
        extra=most,
        max_num=most,
        absolute_max=most,
        validate_max=True,
    )
    if data is not None and "photos-TOTAL_FORMS" not in data:
        data = files = None
    return formset(data, files, prefix="photos")
