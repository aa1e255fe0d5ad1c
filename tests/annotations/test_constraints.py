"""What must never be wrong is enforced by PostgreSQL itself, not only by forms."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from agenda.models import Event
from annotations.models import Annotation, Vote
from campaigns.models import Campaign
from tests.support.factories import (
    AnnotationFactory,
    CampaignFactory,
    EventFactory,
    MilestoneFactory,
    UserFactory,
    VoteFactory,
)
from timeline.models import Milestone

pytestmark = pytest.mark.django_db


def refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_a_second_vote_by_the_same_person_fails_at_the_database():
    vote = VoteFactory()
    refused_by_database(lambda: Vote.objects.create(annotation=vote.annotation, user=vote.user))
    assert Vote.objects.filter(annotation=vote.annotation).count() == 1


def test_another_person_may_vote_on_the_same_annotation():
    vote = VoteFactory()
    Vote.objects.create(annotation=vote.annotation, user=UserFactory(), value=Vote.Value.AGAINST)
    assert vote.annotation.votes.count() == 2


def test_a_vote_is_for_or_against_nothing_else():
    annotation = AnnotationFactory()
    refused_by_database(lambda: VoteFactory(annotation=annotation, value=5))
    assert not annotation.votes.exists()


def test_a_collective_contribution_speaks_for_at_least_one_person():
    layer = AnnotationFactory().layer
    refused_by_database(lambda: AnnotationFactory(layer=layer, participant_count=0))
    assert Annotation.objects.filter(layer=layer).count() == 1


@pytest.mark.parametrize("progress", [101, 250])
def test_milestone_progress_stays_within_0_and_100(progress):
    campaign = CampaignFactory()
    refused_by_database(lambda: MilestoneFactory(campaign=campaign, progress=progress))
    assert not Milestone.objects.filter(campaign=campaign).exists()


def test_an_event_cannot_end_before_it_begins():
    begins = timezone.now()
    refused_by_database(lambda: EventFactory(starts_at=begins, ends_at=begins - timedelta(hours=1)))
    assert not Event.objects.exists()


def test_an_event_capacity_is_at_least_one():
    refused_by_database(lambda: EventFactory(capacity=0))
    assert not Event.objects.exists()


def test_a_campaign_cannot_end_before_it_starts():
    start = timezone.localdate()
    refused_by_database(
        lambda: CampaignFactory(start_date=start, end_date=start - timedelta(days=1))
    )
    assert not Campaign.objects.exists()


def test_every_geometry_column_has_a_gist_index():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.f_table_name, c.f_geometry_column,
                   EXISTS (
                       SELECT 1 FROM pg_indexes i
                       WHERE i.tablename = c.f_table_name
                         AND i.indexdef ILIKE '%USING gist%'
                         AND i.indexdef LIKE '%(' || c.f_geometry_column || ')%'
                   )
            FROM geometry_columns c
            WHERE c.f_table_schema = 'public'
            """
        )
        columns = cursor.fetchall()
    assert {(table, column) for table, column, _ in columns} == {
        ("campaigns_campaign", "perimeter"),
        ("campaigns_event", "location"),
        ("campaigns_milestone", "location"),
        ("layers_feature", "geometry"),
        ("annotations_annotation", "geometry"),
        ("annotations_historicalannotation", "geometry"),
        ("annotations_comment", "point"),
        ("consultations_article", "geometry"),
        ("geocoding_address", "point"),
        ("notifications_alertarea", "geometry"),
    }
    assert [(t, c) for t, c, indexed in columns if not indexed] == []
