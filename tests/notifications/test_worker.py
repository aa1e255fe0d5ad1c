"""End to end with the real worker: a change commits with its activity and fan-out job; a
change rolled back leaves neither."""

import pytest
from django.db import transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from notifications.fanout import FAN_OUT_TASK
from notifications.models import Activity, Follow, Notification
from tests.support import factories
from tests.support.queue import wait_for, worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_queue")]


def test_the_worker_notifies_followers_of_a_committed_answer(layer):
    contribution = factories.AnnotationFactory(layer=layer)
    fan = factories.UserFactory()
    Follow.objects.create(user=fan, annotation=contribution)
    contribution.respond(
        by=factories.StaffFactory(), response_text="Planned for May.", status="accepted"
    )
    with worker():
        wait_for(
            lambda: Notification.objects.filter(activity__kind="answered").count() == 2,
            what="the answer's notifications",
        )
        wait_for(
            lambda: (
                not ProcrastinateJob.objects.filter(
                    task_name=FAN_OUT_TASK, status__in=["todo", "doing"]
                ).exists()
            ),
            what="every fan-out to finish",
        )
    recipients = set(
        Notification.objects.filter(activity__kind="answered").values_list("recipient", flat=True)
    )
    assert recipients == {fan.pk, contribution.author_id}


def test_a_change_rolled_back_leaves_no_activity_and_no_job(layer):
    contribution = factories.AnnotationFactory(layer=layer)
    jobs_before = ProcrastinateJob.objects.filter(task_name=FAN_OUT_TASK).count()
    with pytest.raises(RuntimeError), transaction.atomic():
        contribution.respond(by=factories.StaffFactory(), response_text="No", status="rejected")
        raise RuntimeError("the request failed after the answer")
    assert not Activity.objects.filter(kind="answered").exists()
    assert ProcrastinateJob.objects.filter(task_name=FAN_OUT_TASK).count() == jobs_before
