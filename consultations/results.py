"""What a consultation produced: votes per article and on the whole text, participants,
the most supported amendments and the city's answers; and the same as CSV."""

import io
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from annotations.models import Comment
from core.spreadsheets import SafeWriter

from .models import Amendment, Support, Vote

TOP_AMENDMENTS = 3


@dataclass
class Tally:
    for_: int = 0
    against: int = 0
    abstain: int = 0

    @property
    def total(self):
        return self.for_ + self.against + self.abstain

    def percent(self, count):
        return round(100 * count / self.total, 1) if self.total else 0.0

    @property
    def percent_for(self):
        return self.percent(self.for_)

    @property
    def percent_against(self):
        return self.percent(self.against)

    @property
    def percent_abstain(self):
        return self.percent(self.abstain)


@dataclass
class Line:
    """One article's results, or the whole text's (`article` None)."""

    article: object
    title: str
    tally: Tally
    amendments: list = field(default_factory=list)
    amendment_count: int = 0


@dataclass
class Results:
    whole_text: Line
    articles: list
    participants: int


def participants(consultation):
    """How many people voted, commented, proposed or supported an amendment."""
    people = (
        Vote.objects.filter(consultation=consultation)
        .values("user")
        .union(
            Comment.objects.filter(consultation=consultation, author__isnull=False).values(
                "author"
            ),
            Amendment.objects.filter(
                article__consultation=consultation, author__isnull=False
            ).values("author"),
            Support.objects.filter(amendment__article__consultation=consultation).values("user"),
        )
    )
    return people.count()


def figures(consultations):
    """For a campaign's statistics and dashboard: each consultation with its counts of
    votes, visible comments, amendments (answered ones apart) and participants."""
    listed = list(
        consultations.annotate(
            vote_count=Count("votes", distinct=True),
            comment_count=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
            amendment_count=Count("articles__amendments", distinct=True),
            answered_count=Count(
                "articles__amendments",
                filter=~Q(articles__amendments__status=Amendment.Status.PENDING),
                distinct=True,
            ),
        ).order_by("-opens_at", "pk")
    )
    for consultation in listed:
        consultation.participant_count = participants(consultation)
    return listed


def results(consultation):
    """Every figure of the results page, in a handful of queries."""
    tallies = {
        row["article"]: Tally(row["for_"], row["against"], row["abstain"])
        for row in Vote.objects.filter(consultation=consultation)
        .values("article")
        .annotate(
            for_=Count("pk", filter=Q(value=Vote.Value.FOR)),
            against=Count("pk", filter=Q(value=Vote.Value.AGAINST)),
            abstain=Count("pk", filter=Q(value=Vote.Value.ABSTAIN)),
        )
        .order_by()
    }
    amendments = {}
    for amendment in (
        Amendment.objects.filter(article__consultation=consultation)
        .with_support_count()
        .order_by("-support_count", "created_at", "pk")
    ):
        amendments.setdefault(amendment.article_id, []).append(amendment)
    version = consultation.current_version()
    texts = {t.article_id: t for t in version.texts.all()} if version else {}
    lines = []
    for article in consultation.articles.order_by("number"):
        listed = amendments.get(article.pk, [])
        text = texts.get(article.pk)
        lines.append(
            Line(
                article,
                text.title if text else str(article),
                tallies.get(article.pk, Tally()),
                listed[:TOP_AMENDMENTS],
                len(listed),
            )
        )
    whole = Line(None, _("The whole text"), tallies.get(None, Tally()))
    return Results(whole, lines, participants(consultation))


def as_csv(outcome):
    """The results as CSV text: one row per article, then the whole text."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(
        [
            _("article"),
            _("heading"),
            _("for"),
            _("against"),
            _("abstain"),
            _("votes"),
            _("for, per cent"),
            _("against, per cent"),
            _("abstain, per cent"),
            _("amendments"),
            _("most supported amendment"),
            _("supports"),
            _("the city's answer"),
        ]
    )
    for line in [*outcome.articles, outcome.whole_text]:
        top = line.amendments[0] if line.amendments else None
        tally = line.tally
        writer.writerow(
            [
                line.article.number if line.article else "",
                line.title,
                tally.for_,
                tally.against,
                tally.abstain,
                tally.total,
                tally.percent_for,
                tally.percent_against,
                tally.percent_abstain,
                line.amendment_count,
                top.body if top else "",
                top.support_count if top else "",
                f"{top.get_status_display()}: {top.answer}" if top and top.answer else "",
            ]
        )
    return buffer.getvalue()
