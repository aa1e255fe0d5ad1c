"""The notification centre, what a person follows, and the follow buttons."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from accounts.throttling import LimitedPostMixin

from .follows import followable, followed_by
from .models import AlertArea, Follow, Notification

CENTRE_PAGE_SIZE = 20
FOLLOWS_PAGE_SIZE = 50


class CentreView(LoginRequiredMixin, ListView):
    """The person's notifications, newest first; opening the page reads them all."""

    template_name = "notifications/centre.html"
    context_object_name = "notifications"
    paginate_by = CENTRE_PAGE_SIZE

    def get_queryset(self):
        return Notification.objects.centre(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page shows which were unread, as they were before this visit.
        context["notifications"] = list(context["notifications"])
        Notification.objects.mark_read(self.request.user)
        return context


class FollowingView(LoginRequiredMixin, ListView):
    """Everything the person follows, each with a button to stop, and their e-mail choices."""

    template_name = "notifications/following.html"
    context_object_name = "follows"
    paginate_by = FOLLOWS_PAGE_SIZE

    def get_queryset(self):
        return followed_by(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["areas"] = (
            AlertArea.objects.filter(user=self.request.user)
            .defer("geometry", "campaign__perimeter")
            .select_related("campaign")
            .order_by("-created_at", "-pk")
        )
        return context


def _back(request, default):
    """Where the button was pressed: `next` when it is on this site, else `default`."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


class FollowView(LimitedPostMixin, View):
    """POST `follow=1` to follow a contribution or a campaign, `follow=0` to stop."""

    limited_action = "follow"

    def post(self, request, **lookup):
        target = followable(request.user, **lookup)
        (subject,) = target.values()
        if not request.user.is_authenticated:
            return redirect_to_login(subject.get_absolute_url())
        choice = request.POST.get("follow")
        if choice not in ("0", "1"):
            raise BadRequest
        following = choice == "1"
        Follow.objects.set(request.user, following, **target)
        if following:
            messages.success(request, _("You follow “%(title)s”.") % {"title": subject.title})
        else:
            messages.success(
                request, _("You no longer follow “%(title)s”.") % {"title": subject.title}
            )
        # Back to the button (#follow), where the page shows its confirmation.
        return redirect(_back(request, f"{subject.get_absolute_url()}#follow"))


class AreaView(LoginRequiredMixin, LimitedPostMixin, View):
    """POST: turn off the alerts of one of the person's areas, or delete it."""

    limited_action = "follow"
    deletes = False

    def post(self, request, pk):
        area = get_object_or_404(AlertArea.objects.defer("geometry"), pk=pk, user=request.user)
        if self.deletes:
            area.delete()
            messages.success(request, _("The area “%(name)s” is deleted.") % {"name": area.name})
        else:
            area.active = False
            area.save(update_fields=["active"])
            messages.success(
                request, _("No more alerts for the area “%(name)s”.") % {"name": area.name}
            )
        return redirect("notifications:following")
