"""Staff run everything from the admin; residents and visitors are kept out."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from annotations import services
from annotations.models import Report
from tests.support import factories

pytestmark = pytest.mark.django_db

GEO_MODELS = ["campaign", "event", "milestone", "feature", "annotation", "comment"]


def admin_pages():
    for model in admin.site._registry:
        meta = model._meta
        for view in ("changelist", "add"):
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}")


@pytest.fixture
def one_of_everything():
    comment = factories.CommentFactory()
    factories.VoteFactory(annotation=comment.annotation)
    factories.FeatureFactory(layer__campaign=comment.annotation.layer.campaign)
    factories.EventFactory()
    factories.MilestoneFactory()
    moderator = factories.ModeratorFactory()
    services.report(comment, factories.UserFactory(), Report.Reason.SPAM)
    services.hide(comment.annotation, moderator, "Insults")
    return comment


@pytest.fixture(params=["superuser", "clerk"])
def officer(request, staff):
    """Staff as the admin sees them: a superuser, or an officer granted every model permission
    (the API's object rules must not shadow those)."""
    if request.param == "superuser":
        return staff
    clerk = factories.UserFactory(is_staff=True)
    clerk.user_permissions.set(Permission.objects.all())
    return clerk


# Written by the moderation service only: the admin lists them and adds nothing.
# The job queue's tables are the worker's: the admin shows them, read-only.
READ_ONLY_ADD_PAGES = {
    reverse("admin:annotations_report_add"),
    reverse("admin:annotations_moderationaction_add"),
    *(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for model in admin.site._registry
        if model._meta.app_label == "procrastinate"
    ),
}


def test_every_admin_page_loads_for_staff(client, officer, one_of_everything):
    client.force_login(officer)
    codes = {url: client.get(url).status_code for url in admin_pages()}
    expected = {url: 403 if url in READ_ONLY_ADD_PAGES else 200 for url in codes}
    assert codes == expected
    assert len(codes) == 2 * len(admin.site._registry)


def test_change_pages_of_geometries_carry_a_leaflet_map(client, staff, one_of_everything):
    client.force_login(staff)
    annotation = one_of_everything.annotation
    response = client.get(reverse("admin:annotations_annotation_change", args=[annotation.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_geometry-map"' in html
    assert 'src="/static/leaflet/draw/leaflet.draw.js"' in html


def test_changelists_filter_and_search(client, staff):
    factories.AnnotationFactory(title="Bancs sur la place", category="proposal")
    factories.AnnotationFactory(title="Trou dans la chaussée", category="issue")
    client.force_login(staff)
    url = reverse("admin:annotations_annotation_changelist")

    searched = client.get(url, {"q": "bancs"})
    filtered = client.get(url, {"category__exact": "issue"})

    assert [a.title for a in searched.context["cl"].result_list] == ["Bancs sur la place"]
    assert [a.title for a in filtered.context["cl"].result_list] == ["Trou dans la chaussée"]


@pytest.mark.parametrize("who", ["resident", "anonymous"])
def test_admin_is_refused_to_residents_and_visitors(client, resident, who):
    if who == "resident":
        client.force_login(resident)
    for url in admin_pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
