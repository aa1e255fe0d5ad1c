"""What a reference layer says of a place: its place summary filled with a feature's
attributes, as text (never Python formatting), and in the map's GeoJSON."""

import json

import pytest

from tests.support.factories import FeatureFactory, ReferenceLayerFactory

pytestmark = pytest.mark.django_db


def test_the_summary_fills_each_attribute_and_leaves_a_missing_one_empty():
    layer = ReferenceLayerFactory(place_summary="{zone}: {statut}, planned {trimestre}")
    feature = FeatureFactory(layer=layer, properties={"zone": "Zone Parc", "statut": "en cours"})
    assert layer.summarise(feature) == "Zone Parc: en cours, planned"


def test_a_summary_naming_python_internals_says_nothing_of_them():
    layer = ReferenceLayerFactory(place_summary="{zone.__class__} {0} {zone}")
    feature = FeatureFactory(layer=layer, label="Zone A", properties={"zone": "A"})
    assert layer.summarise(feature) == "A"


def test_without_a_summary_the_label_answers():
    layer = ReferenceLayerFactory(place_summary="")
    assert layer.summarise(FeatureFactory(layer=layer, label="Place centrale")) == "Place centrale"


def test_the_maps_geojson_carries_the_named_attributes_only():
    layer = ReferenceLayerFactory(place_summary="{zone}: {statut}")
    FeatureFactory(layer=layer, properties={"zone": "Zone Parc", "statut": "prévue", "x": 1})
    properties = json.loads(layer.features_geojson())["features"][0]["properties"]
    assert properties["values"] == {"zone": "Zone Parc", "statut": "prévue"}
