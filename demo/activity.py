"""A running campaign's crowd for the demo: neighbours, and weeks of their contributions,
votes, comments, official answers and the odd hidden message.

Deterministic (one seeded random generator) and fast: every row goes in with
`bulk_create`, a few statements per model whatever the count.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import LineString, Point, Polygon
from django.utils import timezone

from annotations.models import Annotation, Comment, Vote
from layers.models import Category

SEED = 2026
FIRST_NAMES = [
    "Aïcha", "Bernard", "Chloé", "Damien", "Élodie", "Fatou", "Gaëlle", "Hugo", "Isabelle",
    "Jamel", "Karima", "Louis", "Manon", "Nadia", "Olivier", "Pauline", "Quentin", "Rachida",
    "Sébastien", "Thi Lan", "Ulysse", "Valérie", "Wassim", "Xavier", "Yasmine", "Zoé",
    "Mamadou", "Hélène", "Kevin", "Sofia", "Jean-Pierre", "Maëlys", "Rémi", "Leïla",
    "Antoine", "Nathalie", "Moussa", "Claire", "Théo", "Inès",
]  # fmt: skip
INITIALS = "ABCDEFGHJKLMNOPRSTV"
STREETS = [
    "rue des Muguets", "allée des Tilleuls", "avenue Pablo Picasso", "boulevard de Pesaro",
    "rue du Marché", "place de la Boule", "rue Maurice Thorez", "avenue Joliot-Curie",
    "rue des Anciennes Mairies", "allée des Glycines", "rue Salvador Allende", "square du Parc",
]  # fmt: skip
# "\N{NARROW NO-BREAK SPACE}" before : ; ? ! as French typography wants.
NNBSP = "\N{NARROW NO-BREAK SPACE}"

PARC_IDEAS = [
    (Category.ISSUE, "Trottoir encombré {street}",
     "Les poubelles et les trottinettes bloquent le passage des poussettes et des fauteuils."),
    (Category.ISSUE, "Éclairage en panne {street}",
     "Trois lampadaires éteints depuis des semaines{n}; on ne se sent pas en sécurité le soir."),
    (Category.ISSUE, "Voitures trop rapides {street}",
     "Un ralentisseur ou une zone 30 éviterait un accident, surtout à la sortie de l'école."),
    (Category.ISSUE, "Dépôts sauvages {street}",
     "Des encombrants s'accumulent au pied de l'immeuble chaque fin de semaine."),
    (Category.ISSUE, "Passage piéton effacé {street}",
     "Le marquage a disparu{n}: les voitures ne s'arrêtent plus."),
    (Category.ISSUE, "Flaque permanente {street}",
     "Après chaque pluie, une grande flaque oblige à marcher sur la chaussée."),
    (Category.PROPOSAL, "Des arbres {street}",
     "Planter des arbres apporterait de l'ombre l'été et rendrait la rue plus agréable."),
    (Category.PROPOSAL, "Un arceau vélos {street}",
     "Aucun stationnement vélo à proximité{n}: quelques arceaux suffiraient."),
    (Category.PROPOSAL, "Des bancs {street}",
     "Les personnes âgées n'ont nulle part où s'asseoir entre le marché et la résidence."),
    (Category.PROPOSAL, "Une aire de jeux ombragée",
     "Les enfants jouent en plein soleil{n}; une aire de jeux sous les arbres serait idéale."),
    (Category.PROPOSAL, "Un composteur partagé {street}",
     "Plusieurs voisins sont prêts à s'en occuper si la ville fournit le bac."),
    (Category.PROPOSAL, "Une fontaine à eau",
     "Utile pour les joggeurs et les familles près de la place centrale."),
    (Category.PROPOSAL, "Élargir le trottoir {street}",
     "Le trottoir fait moins d'un mètre{n}: impossible de s'y croiser avec une poussette."),
    (Category.PROPOSAL, "Un jardin partagé {street}",
     "La pelouse n'est jamais utilisée{n}; un potager partagé créerait du lien."),
    (Category.QUESTION, "Que devient le parking {street}{n}?",
     "Le plan ne dit pas si les places de stationnement seront conservées."),
    (Category.QUESTION, "Quand commencent les travaux {street}{n}?",
     "Les commerçants aimeraient connaître le calendrier pour s'organiser."),
    (Category.QUESTION, "Le bus passera-t-il toujours {street}{n}?",
     "Beaucoup d'habitants dépendent de cette ligne pour aller à la gare."),
    (Category.QUESTION, "Les arbres existants seront-ils gardés{n}?",
     "Certains platanes ont plus de cinquante ans."),
]  # fmt: skip
FIBRE_REPORTS = [
    (Category.ISSUE, "Immeuble non raccordable {street}",
     "La carte indique la zone déployée, mais l'opérateur dit que l'adresse n'est pas éligible."),
    (Category.ISSUE, "Armoire fibre ouverte {street}",
     "La porte de l'armoire de rue est ouverte depuis plusieurs jours."),
    (Category.ISSUE, "Pavillon oublié {street}",
     "Tous les voisins ont la fibre sauf notre maison{n}; le raccordement a été refusé."),
    (Category.ISSUE, "Syndic sans réponse {street}",
     "Notre syndic ne répond pas à l'opérateur{n}: l'immeuble reste sans fibre."),
    (Category.QUESTION, "Quelle date pour notre résidence{n}?",
     "Le calendrier affiché ne précise pas notre bâtiment."),
    (Category.QUESTION, "Qui paie le raccordement {street}{n}?",
     "Un technicien a demandé des frais{n}; est-ce normal{n}?"),
]  # fmt: skip
COMMENTS = [
    "Tout à fait d'accord, je passe là tous les jours.",
    "Même constat de notre côté de la rue.",
    "C'est signalé depuis longtemps, il serait temps d'agir.",
    "Bonne idée{n}! À condition de penser à l'entretien.",
    "Je ne suis pas sûr que ce soit la priorité du quartier.",
    "On en a parlé à l'assemblée des locataires, beaucoup sont pour.",
    "Attention à ne pas supprimer de places pour les livraisons.",
    "Les enfants de l'école en profiteraient beaucoup.",
    "Pourquoi pas, mais qui s'en occupera{n}?",
    "Merci de l'avoir signalé{n}!",
]
REPLIES = [
    "Justement, l'amicale des locataires propose de s'en charger.",
    "Je confirme, c'est encore le cas ce matin.",
    "Bonne remarque, à soulever lors de l'atelier.",
]
ANSWERS = {
    Annotation.Status.ACCEPTED: "Proposition retenue{n}: elle sera intégrée au plan d'aménagement "
    "et réalisée avec les travaux de la place.",
    Annotation.Status.UNDER_REVIEW: "Les services techniques étudient la faisabilité{n}; "
    "réponse détaillée à l'atelier de décembre.",
    Annotation.Status.REJECTED: "Ce n'est pas possible à cet endroit{n}: les réseaux souterrains "
    "l'interdisent. Une solution voisine sera étudiée.",
    Annotation.Status.DONE: "C'est fait{n}: l'intervention a eu lieu la semaine dernière. Merci "
    "pour le signalement.",
}
HIDDEN = (
    "Ceux qui se plaignent n'ont qu'à déménager, ce quartier est fichu.",
    "Propos insultant envers d'autres habitants.",
)


def french(text, **values):
    return text.format(n=NNBSP, **values)


@dataclass
class Crowd:
    """The demo's neighbours: who writes, who votes, who answers."""

    neighbours: list
    staff: object


def load_neighbours(count=40):
    """`count` demo neighbours (they cannot log in), created once."""
    User = get_user_model()
    wanted = {
        f"voisin{index:02d}": f"{FIRST_NAMES[index % len(FIRST_NAMES)]} "
        f"{INITIALS[index % len(INITIALS)]}."
        for index in range(count)
    }
    present = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        User(username=username, display_name=name, password=unusable)
        for username, name in wanted.items()
        if username not in present
    )
    return list(User.objects.filter(username__in=wanted).order_by("username"))


def _moment(rng, first_day, days):
    """A past moment in the `days` days from `first_day`, busier at the start and at the
    end, as a campaign's news and meetings make it."""
    day = min(int(rng.betavariate(0.8, 0.9) * days), days - 1)
    hour = rng.choice([8, 9, 12, 13, 18, 19, 20, 21, 22])
    moment = timezone.make_aware(
        datetime.combine(first_day + timedelta(days=day), datetime.min.time())
        + timedelta(hours=hour, minutes=rng.randrange(60))
    )
    return min(moment, timezone.now() - timedelta(minutes=rng.randint(5, 600)))


def _shape(rng, centre, kinds):
    x, y = centre
    kind = rng.choices(kinds, weights=[85, 10, 5][: len(kinds)])[0]
    if kind == "point":
        return Point(x, y, srid=4326)
    if kind == "line":
        return LineString(
            [(x, y), (x + rng.uniform(0.0008, 0.002), y + rng.uniform(-0.0008, 0.0008))],
            srid=4326,
        )
    w, h = rng.uniform(0.0004, 0.001), rng.uniform(0.0003, 0.0008)
    return Polygon(((x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)), srid=4326)


def add_activity(layer, crowd, *, ideas, count, area, first_day, days, kinds):
    """`count` contributions on `layer` from `first_day` over `days` days, inside `area`
    (west, south, east, north), with votes, comments and answers."""
    rng = random.Random(f"{SEED}-{layer.campaign.slug}")
    west, south, east, north = area
    contributions = []
    for _ in range(count):
        category, title, body = rng.choice(ideas)
        street = rng.choice(STREETS)
        created = _moment(rng, first_day, days)
        status = rng.choices(
            [
                Annotation.Status.PUBLISHED,
                Annotation.Status.UNDER_REVIEW,
                Annotation.Status.ACCEPTED,
                Annotation.Status.REJECTED,
                Annotation.Status.DONE,
            ],
            weights=[80, 8, 6, 3, 3],
        )[0]
        answer = ANSWERS.get(status, "")
        hidden = rng.random() < 0.03
        contributions.append(
            Annotation(
                layer=layer,
                geometry=_shape(rng, (rng.uniform(west, east), rng.uniform(south, north)), kinds),
                category=category,
                title=french(title, street=street),
                body=french(HIDDEN[0] if hidden else body),
                author=rng.choice(crowd.neighbours),
                status=status,
                response_text=french(answer),
                response_author=crowd.staff if answer else None,
                responded_at=created + timedelta(days=rng.randint(2, 10)) if answer else None,
                is_hidden=hidden,
                hidden_reason=HIDDEN[1] if hidden else "",
                created_at=created,
                updated_at=created,
            )
        )
    contributions = _with_their_dates(Annotation, contributions)
    _add_votes(rng, contributions, crowd)
    _add_comments(rng, contributions, crowd)
    return contributions


def _with_their_dates(model, rows):
    """Inserts `rows` and gives them back the dates of the story: auto_now_add stamps "now"
    on the way in, so the dates go back in one more statement."""
    dates = [row.created_at for row in rows]
    rows = model.objects.bulk_create(rows)
    for row, moment in zip(rows, dates, strict=True):
        row.created_at = row.updated_at = moment
    model.objects.bulk_update(rows, ["created_at", "updated_at"])
    return rows


def _add_votes(rng, contributions, crowd):
    votes = []
    for contribution in contributions:
        # A few contributions gather most support, as in any consultation.
        supporters = min(int(rng.paretovariate(0.9)) - 1, len(crowd.neighbours) - 1)
        voters = rng.sample([p for p in crowd.neighbours if p != contribution.author], supporters)
        votes += [
            Vote(
                annotation=contribution,
                user=voter,
                value=Vote.Value.AGAINST if rng.random() < 0.12 else Vote.Value.FOR,
            )
            for voter in voters
        ]
    Vote.objects.bulk_create(votes)


def _add_comments(rng, contributions, crowd):
    comments = []
    for contribution in contributions:
        if rng.random() < 0.35:
            for _ in range(rng.randint(1, 3)):
                created = min(
                    contribution.created_at + timedelta(hours=rng.randint(1, 200)),
                    timezone.now(),
                )
                comments.append(
                    Comment(
                        annotation=contribution,
                        author=rng.choice(crowd.neighbours),
                        body=french(rng.choice(COMMENTS)),
                        created_at=created,
                        updated_at=created,
                    )
                )
    comments = _with_their_dates(Comment, comments)
    replies = []
    for parent in comments:
        if rng.random() < 0.2:
            created = min(parent.created_at + timedelta(hours=rng.randint(1, 48)), timezone.now())
            replies.append(
                Comment(
                    annotation=parent.annotation,
                    parent=parent,
                    author=rng.choice(crowd.neighbours),
                    body=french(rng.choice(REPLIES)),
                    created_at=created,
                    updated_at=created,
                )
            )
    _with_their_dates(Comment, replies)
