"""Many requests drawing at once for one person never pass ALERT_AREAS_PER_USER: the
person's row is locked while their areas are counted."""

import pytest
from django.core.exceptions import ValidationError

from notifications.models import AlertArea
from tests.support.concurrency import at_once
from tests.support.factories import UserFactory

from .areas import SMALL


@pytest.mark.django_db(transaction=True)
def test_concurrent_drawings_keep_exactly_the_cap(settings):
    settings.ALERT_AREAS_PER_USER = 3
    person = UserFactory()

    def draw(index):
        try:
            AlertArea.objects.draw(user=person, name=f"Area {index}", geometry=SMALL.clone())
        except ValidationError as refusal:
            return refusal.code
        return "saved"

    outcomes = at_once(draw, range(8))

    assert AlertArea.objects.filter(user=person).count() == 3
    assert sorted(outcomes) == ["saved"] * 3 + ["too_many"] * 5
