"""The forms of a consultation's pages: a vote, an amendment, staff's answer and texts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ARTICLE_MAX_LENGTH, REASON_MAX_LENGTH, Amendment, Vote


class VoteForm(forms.Form):
    """For, against, abstain; `take_back` removes the vote."""

    TAKE_BACK = "take_back"

    value = forms.ChoiceField(
        choices=[*((str(v), label) for v, label in Vote.Value.choices), (TAKE_BACK, "")],
        error_messages={"invalid_choice": _("A vote is for, against or abstain.")},
    )


class AmendmentForm(forms.Form):
    body = forms.CharField(
        label=_("Your wording of the article"),
        max_length=ARTICLE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the wording you propose.")},
    )
    explanation = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="amendment-%s", **kwargs)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[c for c in Amendment.Status.choices if c[0] != Amendment.Status.PENDING],
    )
    answer = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    adopted_body = forms.CharField(
        label=_("Wording adopted (when accepted with changes)"),
        required=False,
        max_length=ARTICLE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="answer-%s", **kwargs)


class PublishVersionForm(forms.Form):
    note = forms.CharField(
        label=_("What changes in this version"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="publish-%s", **kwargs)


class ImportTextForm(forms.Form):
    """Staff's draft in Markdown: each top heading starts an article."""

    markdown = forms.CharField(
        label=_("The text, in Markdown"),
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Start each article with a heading (# Title); the first is article 1."),
    )
    note = forms.CharField(
        label=_("What changes in this version"), required=False, max_length=REASON_MAX_LENGTH
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="import-%s", **kwargs)


class CompareForm(forms.Form):
    """Two version numbers of the text."""

    old = forms.IntegerField(label=_("From version"), min_value=1)
    new = forms.IntegerField(label=_("To version"), min_value=1)
