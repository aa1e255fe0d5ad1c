"""factory_boy factories for every model, with geometry inside Nanterre by default."""

from datetime import timedelta

import factory
from django.contrib.gis.geos import Point
from django.utils import timezone

from accounts.models import User
from agenda.models import Event, EventSlot, MeetingOutcome, Registration
from annotations.models import Annotation, Comment, Vote
from campaigns.models import Campaign
from layers.models import Category, Feature, Layer
from tests.support.communes import nanterre_perimeter
from timeline.models import Era, Milestone

PASSWORD = "correct horse battery"

# A point in the middle of Nanterre, and the city's outline as perimeter.
INSIDE = Point(2.2088, 48.8950, srid=4326)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"resident{n}")
    display_name = factory.Sequence(lambda n: f"Resident {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class StaffFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    is_superuser = True


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    perimeter = factory.LazyFunction(nanterre_perimeter)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    phase = Campaign.Phase.OPEN
    is_published = True


class ReferenceLayerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Layer

    campaign = factory.SubFactory(CampaignFactory)
    kind = Layer.Kind.REFERENCE
    name = factory.Sequence(lambda n: f"Plan {n}")


class ContributionLayerFactory(ReferenceLayerFactory):
    kind = Layer.Kind.CONTRIBUTION
    name = factory.Sequence(lambda n: f"Contributions {n}")
    accepted_geometry_types = ["point", "line", "polygon"]
    accepted_categories = [c.value for c in Category]


class FeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feature

    layer = factory.SubFactory(ReferenceLayerFactory)
    geometry = INSIDE
    label = factory.Sequence(lambda n: f"Feature {n}")


class AnnotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Annotation

    layer = factory.SubFactory(ContributionLayerFactory)
    geometry = INSIDE
    category = Category.ISSUE
    title = factory.Sequence(lambda n: f"Contribution {n}")
    body = "Something to improve here."
    author = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    annotation = factory.SubFactory(AnnotationFactory)
    author = factory.SubFactory(UserFactory)
    body = "I agree."


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    annotation = factory.SubFactory(AnnotationFactory)
    user = factory.SubFactory(UserFactory)
    value = Vote.Value.FOR


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + timedelta(hours=2))
    location = INSIDE


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    campaign = factory.SubFactory(CampaignFactory)
    date = factory.LazyFunction(timezone.localdate)
    headline = factory.Sequence(lambda n: f"Milestone {n}")


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")
    is_moderator = True


class EventSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSlot

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at)
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=1))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)


class MeetingOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingOutcome

    event = factory.SubFactory(EventFactory)
    attendees_count = 12


class EraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Era

    campaign = factory.SubFactory(CampaignFactory)
    start_date = factory.LazyFunction(timezone.localdate)
    end_date = factory.LazyAttribute(lambda e: e.start_date + timedelta(days=90))
    headline = factory.Sequence(lambda n: f"Era {n}")
