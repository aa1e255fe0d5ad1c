import pytest

from tests.support.factories import ContributionLayerFactory, EventFactory, UserFactory


@pytest.fixture
def meeting(db):
    """A meeting of a campaign with one contribution layer, and a facilitator to record its
    outcome."""
    layer = ContributionLayerFactory()
    facilitator = UserFactory(display_name="Sam, animateur")
    return EventFactory(campaign=layer.campaign, title="Assemblée du Parc", facilitator=facilitator)
