"""The forms of a contribution's page: a comment or a reply, a vote, staff's answer."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import ANSWER_STATUSES, BODY_MAX_LENGTH, Comment, Vote


class CommentForm(forms.ModelForm):
    """A comment on `annotation` by `author`; offered `reply_to`, a reply to that comment.

    The model's `full_clean()` (run by the form) refuses a parent from another contribution.
    """

    class Meta:
        model = Comment
        fields = ["body", "parent"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "parent": forms.HiddenInput}
        error_messages = {
            "body": {"required": _("Write something before sending.")},
            "parent": {"invalid_choice": _("The comment you answered is no longer shown.")},
        }

    def __init__(self, data=None, *, author, annotation=None, reply_to=None, **on_text):
        # `on_text`, instead of `annotation`: consultation=, and article= or amendment=.
        super().__init__(
            data,
            instance=Comment(annotation=annotation, author=author, **on_text),
            initial={"parent": reply_to.pk if reply_to else None},
        )
        # Any comment the author sees; the model says so when it answers another contribution.
        self.fields["parent"].queryset = Comment.objects.visible_to(author)
        # The comment this form answers, as sent or as offered; "" at the top level.
        parent = str((self.data if self.is_bound else self.initial).get("parent") or "")
        self.answer(parent if parent.isdigit() else "")

    def answer(self, parent):
        """Make this the form answering the comment `parent` (a pk as text), "" for none."""
        self.answers = parent
        self["body"].label = _("Your reply") if parent else _("Your comment")
        # Each form on the page needs its own element ids; the field names stay the same.
        self.auto_id = f"reply-{parent}-%s" if parent else "comment-form-%s"

    def full_clean(self):
        super().full_clean()
        if self.has_error("parent"):
            # The comment answered cannot be answered: the text comes back, with the
            # reason, in a form that sends it as a comment of its own.
            self.data = self.data.copy()
            self.data["parent"] = ""
            self.answer("")


class VoteForm(forms.Form):
    """The page's vote buttons without JavaScript: for, against, or 0 to take the vote back."""

    TAKE_BACK = 0

    value = forms.TypedChoiceField(
        coerce=int, choices=[*Vote.Value.choices, (TAKE_BACK, _("Take back my vote"))]
    )


class AnswerForm(forms.Form):
    """Staff's official answer to `annotation`, refused when the contribution changed since
    the form was shown (its `etag` then differs), so that no newer answer is overwritten."""

    status = forms.ChoiceField(label=_("Status"), choices=ANSWER_STATUSES)
    response_text = forms.CharField(
        label=_("Official response"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Published on the contribution's page, with your name and the date."),
    )
    # The version the person answered; the page always sends the one it shows.
    etag = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, annotation, **kwargs):
        initial = {"response_text": annotation.response_text, "etag": annotation.etag}
        if annotation.status in dict(ANSWER_STATUSES):
            initial["status"] = annotation.status
        super().__init__(*args, initial=initial, auto_id="answer-%s", **kwargs)
        self.annotation = annotation

    def clean(self):
        cleaned = super().clean()
        # A form with missing or wrong fields says so first; "changed meanwhile" is for an
        # answer that could otherwise be written.
        if not self.errors and cleaned.get("etag") != self.annotation.etag:
            # Shown again, the form carries the version now on the page, so that sending
            # it again replaces the answer the person has just read.
            self.data = self.data.copy()
            self.data["etag"] = self.annotation.etag
            raise ValidationError(
                _(
                    "This contribution changed while you were writing: read its current answer "
                    "above, then send yours again if it should replace it."
                ),
                code="stale",
            )
        return cleaned
