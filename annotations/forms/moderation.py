"""The moderators' reason for an action, and a resident's report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign

from ..moderation import REASON_MAX_LENGTH, Report


class ModerationReasonForm(forms.Form):
    """Hide, restore or dismiss reports: always with a reason, kept in the history."""

    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH)

    def __init__(self, *args, prefix_id="", **kwargs):
        # Several of these forms share one page: each field needs its own id.
        super().__init__(*args, auto_id=f"id_{prefix_id}%s", **kwargs)


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "note"]
        labels = {"reason": _("Why?"), "note": _("Anything to add (optional)")}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, prefix_id="", **kwargs):
        super().__init__(*args, auto_id=f"id_{prefix_id}%s", **kwargs)


class QueueFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label=_("All campaigns"),
    )
