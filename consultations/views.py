"""A consultation's pages: the text, one article (votes, comments, amendments, places),
one amendment, the results (HTML and CSV) and two versions compared."""

import json

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.throttling import LimitedPostMixin
from annotations.forms.discussion import CommentForm
from annotations.models import Comment
from annotations.threads import flatten, threads
from gis.geojson import feature_collection

from . import services
from .forms import (
    AmendmentForm,
    AnswerForm,
    CompareForm,
    ImportTextForm,
    PublishVersionForm,
    VoteForm,
)
from .models import Amendment, Consultation, Support, Vote
from .results import as_csv, results
from .text import render, word_diff


def visible_consultations(user):
    return Consultation.objects.visible_to(user).select_related("campaign")


class ConsultationPage(TemplateView):
    """A page of one consultation the address names, with its discussion of `subject`."""

    def dispatch(self, request, *args, **kwargs):
        self.consultation = get_object_or_404(
            visible_consultations(request.user), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def version(self):
        return self.consultation.current_version()

    # What the page's comments discuss, as Comment's fields: consultation=, article=...
    def subject_fields(self):
        return {"consultation": self.consultation, "article": None, "amendment": None}

    @property
    def subject(self):
        fields = self.subject_fields()
        return fields["amendment"] or fields["article"] or self.consultation

    def comment_url(self):
        return self.subject.get_absolute_url() + "comments/"

    def may_take_part(self):
        return rules.has_perm("consultations.take_part", self.request.user, self.consultation)

    def discussion(self, sent=None):
        user = self.request.user
        comments = (
            Comment.objects.visible_to(user)
            .filter(**self.subject_fields())
            .select_related("author", "consultation__campaign")
            .order_by("created_at", "pk")
        )
        discussion = flatten(threads(comments, None))
        form = None
        if self.may_take_part():
            for node in discussion:
                if sent is not None and sent.answers == str(node.comment.pk):
                    node.reply_form, sent = sent, None
                else:
                    node.reply_form = CommentForm(
                        author=user, reply_to=node.comment, **self.subject_fields()
                    )
            form = sent or CommentForm(author=user, **self.subject_fields())
        return {
            "discussion": discussion,
            "comment_form": form,
            "comment_action": self.comment_url(),
        }

    def vote_of(self, article):
        if not self.request.user.is_authenticated:
            return None
        vote = Vote.objects.filter(
            consultation=self.consultation, article=article, user=self.request.user
        ).first()
        return vote.value if vote else None

    def votes(self, article):
        counts = Vote.objects.filter(consultation=self.consultation, article=article).counts()
        return {"counts": counts, "my_vote": self.vote_of(article), "choices": Vote.Value.choices}

    def get_context_data(self, comment_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            consultation=self.consultation,
            campaign=self.consultation.campaign,
            version=self.version,
            may_take_part=self.may_take_part(),
            **self.discussion(comment_form),
        )
        return context

    def post_comment(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(self.subject.get_absolute_url())
        if not self.may_take_part():
            messages.error(request, services._closed_message(self.consultation))
            return self.render_to_response(self.get_context_data(), status=403)
        form = CommentForm(request.POST, author=request.user, **self.subject_fields())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(comment_form=form), status=400)
        comment = form.save()
        messages.success(request, _("Your comment is published."))
        return redirect(f"{self.subject.get_absolute_url()}#comment-{comment.pk}")


class ConsultationView(ConsultationPage):
    template_name = "consultations/detail.html"

    def get_context_data(self, import_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        may_edit = rules.has_perm("consultations.edit_text", self.request.user, self.consultation)
        texts = (
            self.version.texts.select_related("article").annotate(
                amendment_count=Count("article__amendments", distinct=True),
                comment_count=Count(
                    "article__comments",
                    filter=Q(
                        article__comments__is_hidden=False,
                        article__comments__amendment__isnull=True,
                    ),
                    distinct=True,
                ),
            )
            if self.version
            else []
        )
        versions = self.consultation.versions.order_by("number")
        context.update(
            texts=texts,
            versions=versions,
            votes=self.votes(None),
            vote_url=self.consultation.get_absolute_url() + "vote/",
            compare_form=CompareForm(
                initial={"old": 1, "new": self.version.number if self.version else 1}
            ),
            publish_form=PublishVersionForm() if may_edit else None,
            import_form=(import_form or ImportTextForm()) if may_edit else None,
        )
        return context


class ArticleView(ConsultationPage):
    template_name = "consultations/article.html"

    @cached_property
    def article(self):
        return get_object_or_404(self.consultation.articles, number=self.kwargs["number"])

    def subject_fields(self):
        return {**super().subject_fields(), "article": self.article}

    def get_context_data(self, amendment_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        article, user = self.article, self.request.user
        text = article.text_in(self.version) if self.version else None
        if text is None:
            raise Http404
        supported = Support.objects.filter(amendment=OuterRef("pk"), user=user.pk or 0)
        amendments = (
            article.amendments.with_support_count()
            .annotate(
                supported=Exists(supported),
                comment_count=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
            )
            .select_related("author", "base_version", "article__consultation__campaign")
            .order_by("-support_count", "created_at", "pk")
        )
        for amendment in amendments:
            base = article.text_in(amendment.base_version)
            amendment.diff = word_diff(base.body if base else "", amendment.body)
            amendment.may_support = rules.has_perm(
                "consultations.support_amendment", user, amendment
            )
        context.update(
            article=article,
            text=text,
            body=render(text.body),
            amendments=amendments,
            amendment_form=amendment_form or (AmendmentForm(initial={"body": text.body})),
            votes=self.votes(article),
            vote_url=article.get_absolute_url() + "vote/",
            places=feature_collection(article.features.all(), label="label", layer="layer__name"),
            drawn=json.loads(article.geometry.geojson) if article.geometry else None,
            neighbours=self.version.texts.select_related("article").order_by("article__number"),
        )
        return context


class AmendmentView(ConsultationPage):
    template_name = "consultations/amendment.html"

    def dispatch(self, request, *args, **kwargs):
        amendment = get_object_or_404(Amendment.objects.select_related("article"), pk=kwargs["pk"])
        self.kwargs = {**kwargs, "slug": amendment.article.consultation.slug}
        self.amendment_pk = amendment.pk
        return super().dispatch(request, *args, **self.kwargs)

    @cached_property
    def amendment(self):
        return (
            Amendment.objects.with_support_count()
            .select_related("author", "answered_by", "article", "base_version", "taken_in")
            .get(pk=self.amendment_pk)
        )

    def subject_fields(self):
        fields = super().subject_fields()
        return {**fields, "article": self.amendment.article, "amendment": self.amendment}

    def get_context_data(self, answer_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        amendment, user = self.amendment, self.request.user
        base = amendment.article.text_in(amendment.base_version)
        may_answer = rules.has_perm("consultations.answer_amendment", user, amendment)
        context.update(
            amendment=amendment,
            article=amendment.article,
            base=base,
            diff=word_diff(base.body if base else "", amendment.body),
            supported=user.is_authenticated
            and Support.objects.filter(amendment=amendment, user=user).exists(),
            may_support=rules.has_perm("consultations.support_amendment", user, amendment),
            answer_form=(answer_form or AnswerForm()) if may_answer else None,
        )
        return context


class CommentView(LimitedPostMixin):
    """POST: a comment or a reply on the page's subject."""

    http_method_names = ["post"]
    limited_action = "comment"

    def post(self, request, **kwargs):
        return self.post_comment(request)


class ConsultationCommentView(CommentView, ConsultationView):
    pass


class ArticleCommentView(CommentView, ArticleView):
    pass


class AmendmentCommentView(CommentView, AmendmentView):
    pass


class VoteView(LimitedPostMixin):
    """POST: for, against, abstain, or take the vote back, on the page's article or text."""

    http_method_names = ["post"]
    limited_action = "vote"

    def post(self, request, **kwargs):
        article = self.subject_fields()["article"]
        target = (article or self.consultation).get_absolute_url()
        if not request.user.is_authenticated:
            return redirect_to_login(target)
        form = VoteForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["value"])
            if form.cleaned_data["value"] == VoteForm.TAKE_BACK:
                services.take_back_vote(self.consultation, request.user, article)
                messages.success(request, _("Your vote is taken back."))
            else:
                value = int(form.cleaned_data["value"])
                services.cast_vote(self.consultation, request.user, value, article)
                messages.success(request, _("Your vote is recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{target}#votes")


class ConsultationVoteView(VoteView, ConsultationView):
    pass


class ArticleVoteView(VoteView, ArticleView):
    pass


class AmendView(LimitedPostMixin, ArticleView):
    """POST: a new wording of the article."""

    http_method_names = ["post"]
    limited_action = "contribute"

    def post(self, request, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(self.article.get_absolute_url())
        form = AmendmentForm(request.POST)
        if form.is_valid():
            try:
                amendment = services.propose_amendment(
                    self.article, request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your amendment is published."))
                return redirect(amendment)
        context = self.get_context_data(amendment_form=form)
        return self.render_to_response(context, status=400)


class SupportView(LimitedPostMixin, AmendmentView):
    http_method_names = ["post"]
    limited_action = "vote"

    def post(self, request, **kwargs):
        amendment = self.amendment
        if not request.user.is_authenticated:
            return redirect_to_login(amendment.get_absolute_url())
        try:
            services.support(amendment, request.user, supported=request.POST.get("support") == "1")
        except (ValidationError, PermissionDenied):
            messages.error(request, _("You cannot support this amendment."))
        else:
            messages.success(request, _("Your support is recorded."))
        return redirect((request.POST.get("back") == "article" and amendment.article) or amendment)


class AnswerView(AmendmentView):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_amendment(self.amendment, request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your answer is published."))
                return redirect(self.amendment)
        return self.render_to_response(self.get_context_data(answer_form=form), status=400)


class PublishVersionView(ConsultationView):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        form = PublishVersionForm(request.POST)
        if form.is_valid():
            try:
                version = services.publish_version(
                    self.consultation, request.user, form.cleaned_data["note"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Version %(number)s is published.") % {"number": version.number}
                )
        else:
            messages.error(request, _("Say what changes in this version."))
        return redirect(self.consultation)


class ImportTextView(ConsultationView):
    """POST, staff: a new version of the text from Markdown."""

    http_method_names = ["post"]

    def post(self, request, **kwargs):
        form = ImportTextForm(request.POST)
        if form.is_valid():
            try:
                version = services.import_text(
                    self.consultation, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error("markdown", error)
            else:
                messages.success(
                    request, _("Version %(number)s is published.") % {"number": version.number}
                )
                return redirect(self.consultation)
        return self.render_to_response(self.get_context_data(import_form=form), status=400)


class ResultsView(ConsultationPage):
    template_name = "consultations/results.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(results=results(self.consultation), **kwargs)


class ResultsCSVView(ConsultationPage):
    def get(self, request, **kwargs):
        response = HttpResponse(
            as_csv(results(self.consultation)), content_type="text/csv; charset=utf-8"
        )
        name = f"{self.consultation.slug}-results.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class CompareView(ConsultationPage):
    template_name = "consultations/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CompareForm(self.request.GET)
        pairs = []
        if form.is_valid():
            versions = {v.number: v for v in self.consultation.versions.all()}
            old, new = (versions.get(form.cleaned_data[key]) for key in ("old", "new"))
            if old is None or new is None:
                form.add_error(None, _("This consultation has no such version."))
            else:
                before = {t.article_id: t for t in old.texts.select_related("article")}
                after = {t.article_id: t for t in new.texts.select_related("article")}
                for article in self.consultation.articles.order_by("number"):
                    was, now = before.get(article.pk), after.get(article.pk)
                    if was is None and now is None:
                        continue
                    pairs.append(
                        {
                            "article": article,
                            "title": (now or was).title,
                            "changed": (was and was.body) != (now and now.body),
                            "diff": word_diff(was.body if was else "", now.body if now else ""),
                        }
                    )
        context.update(compare_form=form, pairs=pairs)
        return context
