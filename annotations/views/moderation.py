"""The moderation queue, and the moderation and report forms on any contribution or comment."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.views import RedirectURLMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.throttling import LimitedPostMixin

from .. import queue, services
from ..forms.moderation import DuplicateForm, QueueFilterForm, action_form
from ..models import Annotation, Comment
from ..models.moderation import target_url

QUEUE_PAGE_SIZE = 25


def visible_target(user, kind, pk):
    """The contribution or comment `user` may see, by the kind URLs give it."""
    annotations = Annotation.objects.visible_to(user)
    if kind == "contribution":
        targets = annotations.select_related("layer__campaign", "author")
    elif kind == "comment":
        targets = (
            Comment.objects.visible_to(user)
            .on_what_is_visible_to(user)
            .select_related("annotation__layer__campaign", "consultation__campaign", "author")
        )
    else:
        raise Http404
    return get_object_or_404(targets, pk=pk)


class ModerationQueueView(PermissionRequiredMixin, TemplateView):
    """Moderators' and staff's queue: reported, hidden, and the history of actions."""

    permission_required = "annotations.view_moderation_queue"
    template_name = "annotations/moderation.html"
    tabs = {
        "waiting": _("Waiting for publication"),
        "reported": _("Reported"),
        "hidden": pgettext_lazy("moderation queue tab", "Hidden"),
        "history": _("History"),
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = QueueFilterForm(self.request.GET)
        campaign = filters.cleaned_data["campaign"] if filters.is_valid() else None
        tab = self.request.GET.get("tab")
        tab = tab if tab in self.tabs else "reported"
        context.update(tabs=self.tabs, tab=tab, filters=filters, campaign=campaign)
        rows = getattr(queue, tab)(campaign)
        page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("page"))
        if tab == "history":
            context["items"] = [queue.QueueItem(action.target, action=action) for action in page]
        else:
            context["items"] = queue.items(page)
        context["page_obj"] = page
        return context


class TargetActionView(PermissionRequiredMixin, RedirectURLMixin, FormView):
    """One moderation write on the contribution or comment the URL names; back to
    `next` (a safe URL) or to the contribution's page when done."""

    template_name = "annotations/moderation_action.html"
    verb = "moderate"
    action = ""
    heading = ""
    submit_label = ""
    success_message = ""

    def perform(self, **data):
        raise NotImplementedError

    def get_form(self, form_class=None):
        return action_form(self.action, **self.get_form_kwargs())

    @cached_property
    def target(self):
        return visible_target(self.request.user, self.kwargs["kind"], self.kwargs["pk"])

    def get_permission_object(self):
        return self.target

    def get_permission_required(self):
        return [services.permission(self.verb, self.target)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            item=queue.QueueItem(self.target),
            heading=self.heading,
            submit_label=self.submit_label,
            next=self.get_success_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.perform(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_default_redirect_url(self):
        return target_url(self.target)


class HideView(TargetActionView):
    action = "hide"
    heading = _("Hide from the public")
    submit_label = _("Hide")
    success_message = _("Hidden. The reason is kept in the moderation history.")

    def perform(self, reason):
        services.hide(self.target, self.request.user, reason)


class RestoreView(TargetActionView):
    action = "restore"
    heading = _("Show again")
    submit_label = _("Restore")
    success_message = _("Restored. The reason is kept in the moderation history.")

    def perform(self, reason):
        services.restore(self.target, self.request.user, reason)


class DismissReportsView(TargetActionView):
    action = "dismiss"
    heading = _("Dismiss the reports")
    submit_label = _("Dismiss the reports")
    success_message = _("Reports dismissed. The reason is kept in the moderation history.")

    def perform(self, reason):
        services.dismiss_reports(self.target, self.request.user, reason)


class PublishView(TargetActionView):
    action = "publish"
    heading = _("Publish")
    submit_label = _("Publish")
    success_message = _("Published: everyone sees it now.")

    def perform(self, reason):
        services.publish(self.target, self.request.user, reason)


class RejectView(TargetActionView):
    action = "reject"
    heading = _("Reject")
    submit_label = _("Reject")
    success_message = _("Rejected. Its author sees your reason.")

    def perform(self, reason):
        services.reject(self.target, self.request.user, reason)


class DuplicateView(TargetActionView):
    action = "duplicate"
    heading = _("Mark as a duplicate")
    submit_label = _("Mark as a duplicate")
    success_message = _("Marked as a duplicate: it now points to the contribution it repeats.")

    @cached_property
    def target(self):
        if self.kwargs["kind"] != "contribution":
            raise Http404
        return super().target

    def get_form(self, form_class=None):
        return DuplicateForm(**self.get_form_kwargs())

    def perform(self, of, merge_votes):
        services.mark_duplicate(self.target, of, self.request.user, merge_votes)


class ReportView(LimitedPostMixin, TargetActionView):
    limited_action = "report"
    action = "report"
    verb = "report"
    heading = _("Report to the moderators")
    submit_label = _("Send the report")
    success_message = _("Thank you, moderators will look at it.")

    def perform(self, reason, note):
        services.report(self.target, self.request.user, reason, note)
