from datetime import timedelta

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Consultation

TEXT = """# Objet
La charte fixe les engagements de la ville.

# Information
L'opérateur publie la carte chaque trimestre.

# Raccordement
Le syndic est informé six mois avant.
"""


def make_consultation(campaign, staff, slug="charte", **fields):
    fields = {
        "title": "Charte",
        "opens_at": timezone.now() - timedelta(days=1),
        "closes_at": timezone.now() + timedelta(days=10),
        "phase": Consultation.Phase.OPEN,
        "is_published": True,
        **fields,
    }
    consultation = Consultation.objects.create(campaign=campaign, slug=slug, **fields)
    services.import_text(consultation, TEXT, staff)
    return consultation


@pytest.fixture
def charter(campaign, staff):
    """An open, published consultation with three articles in version 1."""
    return make_consultation(campaign, staff)


@pytest.fixture
def article(charter):
    return charter.articles.get(number=3)
