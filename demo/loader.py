"""Demo data in Nanterre: two campaigns with layers, contributions, events and milestones.

Loading is idempotent: a campaign already present is left as it is, and the
demo accounts get their documented passwords back.
"""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import transaction
from django.utils import timezone

from agenda.models import Accessibility, Event, EventSlot, Registration
from agenda.services import record_meeting_outcome
from annotations.models import Annotation, Comment, Report, Vote
from campaigns.models import Campaign
from consultations import services as consultation_services
from consultations.models import Consultation
from geocoding.loader import load_ban_csv, open_text
from layers.models import Category, Feature, Layer
from timeline.models import Era, Milestone

from .activity import FIBRE_REPORTS, PARC_IDEAS, Crowd, add_activity, load_neighbours

PARIS = ZoneInfo("Europe/Paris")
# The Parc campaign has run for eight weeks: long enough for its map, list and dashboard to
# look like a running consultation.
PARC_OPEN_DAYS = 56
NNBSP = "\N{NARROW NO-BREAK SPACE}"
NANTERRE_GEOJSON = Path(__file__).with_name("nanterre.geojson")
# Made-up addresses along the demo's streets in the BAN's format, for the address search.
SAMPLE_ADDRESSES = Path(__file__).with_name("addresses-sample.csv")

# Printed by `make run`; these accounts exist only in demo mode.
DEMO_ACCOUNTS = {
    "staff": {
        "password": "demo-staff-2026",
        "display_name": "Mairie de Nanterre",
        "is_staff": True,
        "is_superuser": True,
        "is_moderator": True,
    },
    "resident": {"password": "demo-resident-2026", "display_name": "Camille R."},
}
# Neighbours who vote and comment; they cannot log in.
DEMO_NEIGHBOURS = {"amina": "Amina B.", "lucas": "Lucas M.", "ines": "Inès D."}


def nanterre_perimeter():
    feature = json.loads(NANTERRE_GEOJSON.read_text())["features"][0]
    geom = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
    return geom if geom.geom_type == "MultiPolygon" else MultiPolygon(geom, srid=4326)


def geom(wkt):
    return GEOSGeometry(wkt, srid=4326)


def saved(instance):
    """Validate like a form would, then save: the demo obeys the same rules as people."""
    instance.full_clean()
    instance.save()
    return instance


def load_accounts():
    User = get_user_model()
    users = {}
    for username, spec in DEMO_ACCOUNTS.items():
        spec = dict(spec)
        password = spec.pop("password")
        user, _ = User.objects.update_or_create(username=username, defaults=spec)
        user.set_password(password)
        user.save()
        users[username] = user
    for username, display_name in DEMO_NEIGHBOURS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display_name}
        )
        if created:
            user.set_unusable_password()
            user.save()
        users[username] = user
    return users


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), PARIS)


def load_parc(users, crowd, perimeter, today):
    campaign = saved(
        Campaign(
            title=f"Quartier du Parc{NNBSP}: renouvellement",
            slug="quartier-du-parc",
            summary=f"Le quartier du Parc se transforme{NNBSP}: dites-nous où vous passez, "
            "ce qui manque et ce qui doit changer.",
            description=f"Nouvelles allées, une place centrale et deux immeubles{NNBSP}: le plan "
            "de renouvellement du quartier du Parc est soumis à votre avis.",
            rules="Chaque contribution sera lue par la Direction de l'urbanisme. Les "
            "propositions les plus soutenues seront étudiées en atelier et recevront une "
            "réponse publique avant la fin de la phase d'analyse.",
            department="Direction de l'urbanisme",
            perimeter=perimeter,
            start_date=today - timedelta(days=PARC_OPEN_DAYS),
            end_date=today + timedelta(days=70),
            phase=Campaign.Phase.OPEN,
            is_published=True,
        )
    )
    plan = saved(
        Layer(
            campaign=campaign,
            kind=Layer.Kind.REFERENCE,
            name="Plan de renouvellement",
            description="Aménagements prévus par le plan.",
            color="#7b3294",
            opacity=0.4,
            z_index=1,
            attribution=f"Plan{NNBSP}: Ville de Nanterre (démonstration)",
        )
    )
    plan_features = [
        ("Allée des Tilleuls", "LINESTRING(2.2050 48.8925, 2.2085 48.8940, 2.2120 48.8948)"),
        ("Passage du Marché", "LINESTRING(2.2085 48.8940, 2.2090 48.8968)"),
        (
            "Place centrale",
            "POLYGON((2.2075 48.8945, 2.2100 48.8945, 2.2100 48.8958, 2.2075 48.8958, "
            "2.2075 48.8945))",
        ),
        (
            "Immeuble A (logements)",
            "POLYGON((2.2040 48.8950, 2.2058 48.8950, 2.2058 48.8960, 2.2040 48.8960, "
            "2.2040 48.8950))",
        ),
        (
            "Immeuble B (équipement sportif)",
            "POLYGON((2.2110 48.8955, 2.2130 48.8955, 2.2130 48.8966, 2.2110 48.8966, "
            "2.2110 48.8955))",
        ),
    ]
    features = {
        label: saved(
            Feature(layer=plan, label=label, geometry=geom(wkt), properties={"nom": label})
        )
        for label, wkt in plan_features
    }
    contributions = saved(
        Layer(
            campaign=campaign,
            kind=Layer.Kind.CONTRIBUTION,
            name="Vos contributions",
            question=f"Que faut-il améliorer dans le quartier du Parc{NNBSP}?",
            color="#e66101",
            opacity=0.6,
            z_index=2,
            opens_at=timezone.now() - timedelta(days=PARC_OPEN_DAYS),
            closes_at=timezone.now() + timedelta(days=60),
            accepted_geometry_types=["point", "line", "polygon"],
            accepted_categories=[c.value for c in Category],
        )
    )
    bench = saved(
        Annotation(
            layer=contributions,
            geometry=geom("POINT(2.2088 48.8950)"),
            category=Category.PROPOSAL,
            title="Des bancs à l'ombre sur la place",
            body=f"La place centrale sera en plein soleil{NNBSP}: prévoir des arbres et des bancs.",
            author=users["resident"],
            target_feature=features["Place centrale"],
        )
    )
    crossing = saved(
        Annotation(
            layer=contributions,
            geometry=geom("POINT(2.2062 48.8931)"),
            category=Category.ISSUE,
            title="Traversée dangereuse devant l'école",
            body="Les voitures roulent vite, il faut un passage surélevé.",
            author=users["amina"],
            status=Annotation.Status.ACCEPTED,
            response_text="Un plateau surélevé sera réalisé en 2027 avec l'allée des Tilleuls.",
            response_author=users["staff"],
            responded_at=timezone.now() - timedelta(days=3),
        )
    )
    saved(
        Annotation(
            layer=contributions,
            geometry=geom("LINESTRING(2.2030 48.8915, 2.2055 48.8928, 2.2080 48.8936)"),
            category=Category.PROPOSAL,
            title="Une piste cyclable jusqu'à la gare",
            body="Prolonger l'allée jusqu'à la gare RER pour les vélos.",
            author=users["lucas"],
        )
    )
    saved(
        Annotation(
            layer=contributions,
            geometry=geom(
                "POLYGON((2.2105 48.8925, 2.2130 48.8925, 2.2130 48.8938, 2.2105 48.8938, "
                "2.2105 48.8925))"
            ),
            category=Category.QUESTION,
            title=f"Que deviendra le terrain vague{NNBSP}?",
            body="Ce terrain n'apparaît pas dans le plan.",
            author=users["ines"],
        )
    )
    workshop = saved(
        Event(
            campaign=campaign,
            title="Atelier « Place centrale »",
            summary="Dessinons ensemble la future place, en deux soirées.",
            description=f"Première soirée{NNBSP}: les usages. "
            f"Seconde soirée{NNBSP}: les esquisses.",
            starts_at=at(today + timedelta(days=7), 18, 30),
            ends_at=at(today + timedelta(days=14), 20, 30),
            place_name="Maison de quartier du Parc",
            address="Place des Muguets, 92000 Nanterre",
            location=geom("POINT(2.2095 48.8962)"),
            capacity=40,
            accessibility=[Accessibility.WHEELCHAIR, Accessibility.INDUCTION_LOOP],
            facilitator=users["resident"],
        )
    )
    for week in (1, 2):
        saved(
            EventSlot(
                event=workshop,
                starts_at=at(today + timedelta(days=7 * week), 18, 30),
                ends_at=at(today + timedelta(days=7 * week), 20, 30),
            )
        )
    for neighbour in ("amina", "lucas"):
        Registration.objects.create(event=workshop, user=users[neighbour])
    assembly = saved(
        Event(
            campaign=campaign,
            title="Assemblée des locataires du Parc",
            summary="Les locataires se réunissent pour préparer leurs propositions.",
            starts_at=at(today - timedelta(days=30), 18),
            ends_at=at(today - timedelta(days=30), 20),
            place_name="Salle commune, immeuble Les Muguets",
            address="12 allée des Muguets, 92000 Nanterre",
            location=geom("POINT(2.2078 48.8966)"),
            facilitator=users["resident"],
        )
    )
    record_meeting_outcome(
        assembly,
        recorded_by=users["staff"],
        attendees_count=23,
        organisations="Amicale des locataires du Parc\nConseil de quartier",
        minutes="Vingt-trois locataires présents. "
        f"Proposition adoptée à l'unanimité{NNBSP}: "
        "un jardin partagé au pied des immeubles.",
        contributions=[
            {
                "layer": contributions,
                "geometry": geom(
                    "POLYGON((2.2070 48.8960, 2.2085 48.8960, 2.2085 48.8970, "
                    "2.2070 48.8970, 2.2070 48.8960))"
                ),
                "category": Category.PROPOSAL,
                "title": "Un jardin partagé au pied des immeubles",
                "body": "Proposition de l'assemblée des locataires réunie le mois dernier.",
                "group_name": "Amicale des locataires du Parc",
            }
        ],
    )
    first_comment = saved(
        Comment(annotation=bench, author=users["amina"], body=f"Oui, et des fontaines{NNBSP}!")
    )
    saved(
        Comment(
            annotation=bench,
            parent=first_comment,
            author=users["resident"],
            body="Bonne idée, près des jeux d'enfants.",
            point=geom("POINT(2.2092 48.8953)"),
        )
    )
    for voter in ("amina", "lucas", "ines"):
        Vote.objects.create(annotation=bench, user=users[voter], value=Vote.Value.FOR)
    Vote.objects.create(annotation=crossing, user=users["resident"], value=Vote.Value.FOR)
    Vote.objects.create(annotation=crossing, user=users["lucas"], value=Vote.Value.AGAINST)
    # Something for the moderation queue at /moderation/.
    heated = saved(
        Comment(
            annotation=crossing,
            author=users["lucas"],
            body="Les parents n'ont qu'à surveiller leurs enfants, arrêtez de vous plaindre.",
        )
    )
    saved(
        Report(
            comment=heated,
            reporter=users["ines"],
            reason=Report.Reason.OFFENSIVE,
            note="Ton agressif envers les parents.",
        )
    )

    milestones = [
        (date(today.year - 1, 1, 1), "year", "Projet", "Lancement du projet", "", 100),
        (
            today - timedelta(days=PARC_OPEN_DAYS),
            "day",
            "Concertation",
            "Ouverture de la concertation",
            "<p>Signalez, proposez et votez sur la carte <strong>jusqu'à la clôture</strong>."
            "</p><ul><li>ateliers</li><li>assemblées de locataires</li></ul>",
            100,
        ),
        (today + timedelta(days=70), "day", "Concertation", "Clôture et analyse", "", 0),
        (date(today.year + 1, 6, 1), "month", "Projet", "Début des travaux", "", 0),
    ]
    for day, precision, group, headline, text, progress in milestones:
        saved(
            Milestone(
                campaign=campaign,
                date=day,
                date_precision=precision,
                headline=headline,
                text=text,
                group=group,
                progress=progress,
                location=geom("POINT(2.2088 48.8950)") if group == "Projet" else None,
            )
        )
    saved(
        Era(
            campaign=campaign,
            start_date=today - timedelta(days=PARC_OPEN_DAYS),
            end_date=today + timedelta(days=70),
            headline="Concertation",
        )
    )
    add_activity(
        contributions,
        crowd,
        ideas=PARC_IDEAS,
        count=260,
        area=(2.2000, 48.8870, 2.2160, 48.9000),
        first_day=today - timedelta(days=PARC_OPEN_DAYS - 1),
        days=PARC_OPEN_DAYS,
        kinds=["point", "line", "polygon"],
    )
    return campaign


def load_fibre(users, crowd, perimeter, today):
    campaign = saved(
        Campaign(
            title="La fibre pour tous",
            slug="la-fibre-pour-tous",
            summary=f"Où en est la fibre dans votre rue{NNBSP}? "
            "Signalez les oublis du déploiement.",
            rules=f"Chaque signalement est transmis à l'opérateur chaque mois{NNBSP}; la ville "
            "publie sa réponse sur la carte.",
            department="Direction du numérique",
            perimeter=perimeter,
            start_date=today - timedelta(days=60),
            end_date=today + timedelta(days=120),
            phase=Campaign.Phase.OPEN,
            is_published=True,
        )
    )
    zones = saved(
        Layer(
            campaign=campaign,
            kind=Layer.Kind.REFERENCE,
            name="Zones de déploiement",
            color="#2c7bb6",
            style_property="statut",
            place_summary="{zone}\u202f: {statut}, raccordement prévu {trimestre_prevu}",
            opacity=0.35,
            z_index=1,
            attribution=f"Déploiement{NNBSP}: opérateur (démonstration)",
        )
    )
    rollout = [
        ("Zone Centre", "déployée", "2025-T4", (2.195, 48.888, 2.205, 48.896)),
        ("Zone Université", "en cours", "2026-T4", (2.205, 48.896, 2.215, 48.904)),
        ("Zone Parc", "en cours", "2027-T1", (2.205, 48.886, 2.215, 48.896)),
        ("Zone Plateau", "prévue", "2027-T3", (2.195, 48.896, 2.205, 48.904)),
    ]
    for name, status, quarter, (x0, y0, x1, y1) in rollout:
        saved(
            Feature(
                layer=zones,
                label=name,
                geometry=geom(f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"),
                properties={"zone": name, "statut": status, "trimestre_prevu": quarter},
            )
        )
    reports = saved(
        Layer(
            campaign=campaign,
            kind=Layer.Kind.CONTRIBUTION,
            name="Signalements",
            question=f"Votre immeuble est-il raccordable{NNBSP}?",
            color="#d7191c",
            z_index=2,
            opens_at=timezone.now() - timedelta(days=60),
            accepted_geometry_types=["point"],
            accepted_categories=[Category.ISSUE, Category.QUESTION],
        )
    )
    saved(
        Annotation(
            layer=reports,
            geometry=geom("POINT(2.2010 48.8920)"),
            category=Category.ISSUE,
            title="Immeuble non raccordable",
            body="La zone est indiquée déployée mais notre immeuble n'est pas éligible.",
            author=users["resident"],
        )
    )
    saved(
        Annotation(
            layer=reports,
            geometry=geom("POINT(2.2120 48.9000)"),
            category=Category.QUESTION,
            title=f"Quand pour la résidence universitaire{NNBSP}?",
            author=users["lucas"],
        )
    )
    saved(
        Event(
            campaign=campaign,
            title="Permanence fibre",
            starts_at=at(today + timedelta(days=14), 10),
            ends_at=at(today + timedelta(days=14), 12),
            place_name="Hôtel de ville",
            address="88-118 rue du 8 mai 1945, 92000 Nanterre",
            location=geom("POINT(2.2065 48.8925)"),
            attendance_mode=Event.AttendanceMode.MIXED,
            online_url="https://example.org/permanence-fibre",
        )
    )
    saved(
        Milestone(
            campaign=campaign,
            date=date(today.year, 1, 1),
            date_precision="year",
            headline="Déploiement engagé",
            progress=40,
        )
    )
    add_activity(
        reports,
        crowd,
        ideas=FIBRE_REPORTS,
        count=90,
        area=(2.1960, 48.8870, 2.2140, 48.9030),
        first_day=today - timedelta(days=59),
        days=60,
        kinds=["point"],
    )
    load_fibre_charter(users, campaign, zone=Feature.objects.get(layer=zones, label="Zone Plateau"))
    return campaign


FIBRE_CHARTER = """
# Objet de la charte
La présente charte fixe les engagements de la ville et de l'opérateur pour que chaque
logement de Nanterre soit raccordable à la fibre optique.

# Information des habitants
L'opérateur publie chaque trimestre la carte des zones déployées et des zones prévues.

# Raccordement des immeubles
Le syndic est informé six mois avant le déploiement de sa zone. Le raccordement des
parties communes est gratuit pour les copropriétés.

# Zone du Plateau
Le déploiement du Plateau, dernière zone de la ville, est achevé au plus tard fin 2027.

# Logements sociaux
Les bailleurs sociaux raccordent l'ensemble de leurs immeubles dans les mêmes délais que le
parc privé.

# Suivi de la charte
Un comité de suivi réunit la ville, l'opérateur et des habitants deux fois par an.
"""


def load_fibre_charter(users, campaign, zone):
    """A consultation on a text: the fibre charter, its fourth article about one rollout zone."""
    charter = saved(
        Consultation(
            campaign=campaign,
            title="Charte de la fibre pour tous",
            slug="charte-de-la-fibre-pour-tous",
            summary="Le projet de charte entre la ville et l'opérateur, article par article\u202f: "
            "votez, commentez, proposez une autre rédaction.",
            opens_at=timezone.now() - timedelta(days=10),
            closes_at=timezone.now() + timedelta(days=30),
            phase=Consultation.Phase.OPEN,
            is_published=True,
        )
    )
    staff, resident = users["staff"], users["resident"]
    consultation_services.import_text(charter, FIBRE_CHARTER, staff, note="Projet de la ville")
    articles = {article.number: article for article in charter.articles.all()}
    articles[4].features.add(zone)
    cast = consultation_services.cast_vote
    for name, values in {
        "amina": (1, 1, -1),
        "lucas": (1, 0, 1),
        "ines": (-1, 1, 0),
        "resident": (1, 1, 1),
    }.items():
        cast(charter, users[name], values[0])
        cast(charter, users[name], values[1], articles[3])
        cast(charter, users[name], values[2], articles[4])
    faster = consultation_services.propose_amendment(
        articles[4],
        users["amina"],
        "Le déploiement du Plateau, dernière zone de la ville, est achevé au plus tard "
        "mi-2027, et un calendrier par rue est publié.",
        "Le Plateau attend depuis trop longtemps.",
    )
    for name in ("lucas", "ines", "resident"):
        consultation_services.support(faster, users[name])
    consultation_services.answer_amendment(
        faster,
        staff,
        "accepted_with_changes",
        "Le calendrier par rue sera publié\u202f; l'opérateur ne peut pas s'engager avant "
        "fin 2027.",
        adopted_body="Le déploiement du Plateau, dernière zone de la ville, est achevé au plus "
        "tard fin 2027. Un calendrier par rue est publié sur le site de la ville.",
    )
    consultation_services.propose_amendment(
        articles[3],
        users["lucas"],
        "Le syndic est informé un an avant le déploiement de sa zone. Le raccordement des "
        "parties communes est gratuit pour les copropriétés.",
    )
    question = saved(
        Comment(
            consultation=charter,
            article=articles[5],
            author=users["ines"],
            body="Quels bailleurs ont déjà signé\u202f?",
        )
    )
    saved(
        Comment(
            consultation=charter,
            article=articles[5],
            parent=question,
            author=staff,
            body="Les trois principaux bailleurs de la ville\u202f; la liste sera publiée.",
        )
    )
    saved(Comment(consultation=charter, author=resident, body="Une très bonne initiative."))
    saved(
        Milestone(
            campaign=campaign,
            date=timezone.localdate(charter.opens_at),
            headline="Consultation sur la charte de la fibre",
            consultation=charter,
        )
    )


DEMO_CAMPAIGNS = {"quartier-du-parc": load_parc, "la-fibre-pour-tous": load_fibre}


@transaction.atomic
def load_demo():
    """Load the demo; return the slugs of the campaigns created this time."""
    users = load_accounts()
    crowd = Crowd(
        neighbours=[users[name] for name in DEMO_NEIGHBOURS] + load_neighbours(),
        staff=users["staff"],
    )
    perimeter = nanterre_perimeter()
    today = timezone.localdate()
    load_ban_csv(open_text(SAMPLE_ADDRESSES))
    existing = set(Campaign.objects.filter(slug__in=DEMO_CAMPAIGNS).values_list("slug", flat=True))
    created = []
    for slug, loader in DEMO_CAMPAIGNS.items():
        if slug not in existing:
            loader(users, crowd, perimeter, today)
            created.append(slug)
    return created
