"""The moderators' reason for an action, and a resident's report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign

from ..models import REASON_MAX_LENGTH, Annotation, Report


class ModerationReasonForm(forms.Form):
    """Hide, restore, dismiss reports, publish or reject: with a reason (optional when
    publishing), kept in the history."""

    reason_labels = {
        "hide": _("Why hide it?"),
        "restore": _("Why show it again?"),
        "dismiss": _("Why dismiss the reports?"),
        "publish": _("A note for the history (optional)"),
        "reject": _("Why reject it? Its author reads this."),
    }
    # Letting something out to the public needs no justification.
    optional_reason = {"publish"}

    reason = forms.CharField(max_length=REASON_MAX_LENGTH)

    def __init__(self, *args, action, prefix_id="", **kwargs):
        # Several of these forms share one page: each field needs its own id and a label
        # that says which action it is for.
        super().__init__(*args, auto_id=f"id_{prefix_id}%s", **kwargs)
        self.fields["reason"].label = self.reason_labels[action]
        self.fields["reason"].required = action not in self.optional_reason


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "note"]
        labels = {"reason": _("Why?"), "note": _("Anything to add (optional)")}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, prefix_id="", **kwargs):
        super().__init__(*args, auto_id=f"id_{prefix_id}%s", **kwargs)


def action_form(action, *args, **kwargs):
    """The form for `action` on a contribution or comment: "report", or a moderator's
    "hide", "restore" or "dismiss" with its reason."""
    if action == "report":
        return ReportForm(*args, **kwargs)
    return ModerationReasonForm(*args, action=action, **kwargs)


class QueueFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.defer("perimeter").order_by("title"),
        to_field_name="slug",
        required=False,
        empty_label=_("All campaigns"),
    )


class DuplicateForm(forms.Form):
    """Staff: this contribution repeats another one, named by its number."""

    of = forms.ModelChoiceField(
        label=_("Number of the contribution it repeats"),
        queryset=Annotation.objects.defer("geometry"),
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={"invalid_choice": _("There is no contribution with this number.")},
    )
    merge_votes = forms.BooleanField(
        label=_("Move its votes there (whoever voted on both counts once)"),
        required=False,
        initial=True,
    )
