"""Counts computed in SQL, and the viewport box every list filter shares."""

import pytest
from django import forms
from django.utils import translation

from annotations.models import Annotation
from gis.filters import parse_bbox
from tests.support import factories


@pytest.mark.django_db
def test_counts_are_per_annotation_and_ignore_hidden_comments(django_assert_num_queries):
    supported, other = factories.AnnotationFactory.create_batch(2)
    factories.VoteFactory.create_batch(3, annotation=supported)
    factories.VoteFactory(annotation=supported, value=-1)
    factories.CommentFactory.create_batch(2, annotation=supported)
    factories.CommentFactory(annotation=supported, is_hidden=True)
    factories.VoteFactory(annotation=other)

    with django_assert_num_queries(1):
        counts = {
            a.pk: (a.votes_for, a.votes_against, a.comment_count) for a in Annotation.objects.all()
        }
    assert counts == {supported.pk: (3, 1, 2), other.pk: (1, 0, 0)}


def test_a_zoomed_out_viewport_is_clamped_to_the_world():
    assert parse_bbox("-250,-100,250,100").extent == (-180, -90, 180, 90)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2.1,48.8,2.3", "four numbers"),
        ("a,b,c,d", "four numbers"),
        ("nan,48.8,2.3,48.9", "not a number"),
        ("2.3,48.8,2.1,48.9", "west < east"),
    ],
)
def test_a_malformed_bbox_names_the_problem(text, message):
    with translation.override("en"), pytest.raises(forms.ValidationError, match=message):
        parse_bbox(text)
