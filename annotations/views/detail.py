"""One contribution's page: its place, text and official answer, its votes and discussion."""

import json

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from rules.contrib.views import PermissionRequiredMixin

from accounts.throttling import LimitedPostMixin

from ..forms.discussion import AnswerForm, CommentForm, VoteForm
from ..models import Annotation, Comment, Photo, Vote, sees_everything
from ..threads import flatten, threads


def visible_annotations(user):
    """The contributions `user` may open, with their counts and `user`'s own vote."""
    return Annotation.objects.as_seen_by(user).select_related(
        "layer__campaign",
        "author",
        "response_author",
        "target_feature__layer",
        "source_event",
        "duplicate_of",
    )


class AnnotationDetailView(DetailView):
    """The contribution on a small map, its text and answer, votes and threaded comments."""

    template_name = "annotations/detail.html"
    context_object_name = "annotation"

    def get_queryset(self):
        return visible_annotations(self.request.user)

    def get_context_data(self, comment_form=None, answer_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        annotation, user = self.object, self.request.user
        may_comment = rules.has_perm("annotations.comment_on_annotation", user, annotation)
        # Asked of rules itself: user.has_perm would let any superuser answer (rules.py).
        may_answer = rules.has_perm("annotations.respond_to_annotation", user, annotation)
        discussion = flatten(
            threads(
                Comment.objects.visible_to(user)
                .filter(annotation=annotation)
                .select_related("author")
                .order_by("created_at", "pk"),
                annotation,
            )
        )
        if may_comment:
            comment_form = self.offer_comment_forms(discussion, comment_form)
        context.update(
            campaign=annotation.layer.campaign,
            geometry=json.loads(annotation.geometry.geojson),
            discussion=discussion,
            photos=Photo.objects.visible_to(user).filter(annotation=annotation),
            may_vote=rules.has_perm("annotations.vote_on_annotation", user, annotation),
            may_comment=may_comment,
            comment_form=comment_form,
            answer_form=(answer_form or AnswerForm(annotation=annotation)) if may_answer else None,
            revisions=self.revisions() if sees_everything(user) else None,
        )
        return context

    def revisions(self):
        """For moderators: each earlier wording of the contribution, newest first, when its
        author or staff changed what it says."""
        wordings = self.object.history.order_by("-history_date", "-history_id").values(
            "title", "body", "history_date", "history_user__username"
        )
        distinct = []
        for wording in wordings:
            if not distinct or (wording["title"], wording["body"]) != (
                distinct[-1]["title"],
                distinct[-1]["body"],
            ):
                distinct.append(wording)
        return distinct[1:]

    def offer_comment_forms(self, discussion, sent=None):
        """Give each comment its reply form and return the form for a new comment; the form
        `sent` back with errors takes the place of the one it was sent from."""
        author, annotation = self.request.user, self.object
        for node in discussion:
            if sent is not None and sent.answers == str(node.comment.pk):
                node.reply_form, sent = sent, None
            else:
                node.reply_form = CommentForm(
                    annotation=annotation, author=author, reply_to=node.comment
                )
        return sent or CommentForm(annotation=annotation, author=author)


class CommentView(LimitedPostMixin, AnnotationDetailView):
    """POST: a comment on the contribution, or a reply to one of its comments."""

    http_method_names = ["post"]
    limited_action = "comment"

    def post(self, request, pk):
        self.object = annotation = self.get_object()
        if not request.user.is_authenticated:
            return redirect_to_login(annotation.get_absolute_url())
        if not rules.has_perm("annotations.comment_on_annotation", request.user, annotation):
            messages.error(request, _("This consultation is not open: comments are closed."))
            return self.render_to_response(self.get_context_data(), status=403)
        form = CommentForm(request.POST, annotation=annotation, author=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(comment_form=form), status=400)
        comment = form.save()
        if comment.awaits_moderation:
            messages.success(request, _("Your comment waits for a moderator before it is shown."))
        else:
            messages.success(request, _("Your comment is published."))
        return redirect(f"{annotation.get_absolute_url()}#comment-{comment.pk}")


class VoteView(LimitedPostMixin, View):
    """POST: the vote buttons without JavaScript (which use the API): for, against, or
    `value=0` to take the vote back."""

    limited_action = "vote"

    def post(self, request, pk):
        # No counts here: the vote is recorded, then the page shows them.
        annotations = Annotation.objects.visible_to(request.user).select_related("layer__campaign")
        annotation = get_object_or_404(annotations, pk=pk)
        if not request.user.is_authenticated:
            return redirect_to_login(annotation.get_absolute_url())
        form = VoteForm(request.POST)
        if not rules.has_perm("annotations.vote_on_annotation", request.user, annotation):
            messages.error(request, _("This consultation is not open: voting is closed."))
        elif not form.is_valid():
            messages.error(request, _("A vote is for or against."))
        elif form.cleaned_data["value"] == VoteForm.TAKE_BACK:
            Vote.objects.take_back(annotation, request.user)
            messages.success(request, _("Your vote is taken back."))
        else:
            Vote.objects.cast(annotation, request.user, form.cleaned_data["value"])
            messages.success(request, _("Your vote is recorded."))
        return redirect(f"{annotation.get_absolute_url()}#votes")


@method_decorator(transaction.atomic, name="dispatch")
class AnswerView(PermissionRequiredMixin, AnnotationDetailView):
    """POST, staff: the official response and the status it leaves the contribution in."""

    http_method_names = ["post"]
    permission_required = "annotations.respond_to_annotation"

    def get_queryset(self):
        # The row stays locked from the check of its version until the answer is written.
        return super().get_queryset().select_for_update(of=("self",))

    def has_permission(self):
        # Fetched and locked once here, before the rule is asked; post() answers it.
        self.object = self.get_object()
        return rules.has_perm(self.permission_required, self.request.user, self.object)

    def post(self, request, pk):
        annotation = self.object
        form = AnswerForm(request.POST, annotation=annotation)
        if not form.is_valid():
            stale = form.has_error(NON_FIELD_ERRORS, code="stale")
            context = self.get_context_data(answer_form=form)
            return self.render_to_response(context, status=412 if stale else 400)
        annotation.respond(
            by=request.user,
            response_text=form.cleaned_data["response_text"],
            status=form.cleaned_data["status"],
        )
        messages.success(request, _("Your answer is published."))
        return redirect(annotation)
