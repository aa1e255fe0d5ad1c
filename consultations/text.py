"""A text as staff write it (Markdown) and as residents read it: split into articles at
its headings, rendered safely, and compared word by word."""

import difflib
import re
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

# CommonMark without raw HTML: what staff and residents type is shown, never run.
MARKDOWN = MarkdownIt("commonmark", {"html": False})
MAX_ARTICLES = 200
# Words and the spaces between them, each a token, so that a diff keeps the layout.
TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class Section:
    number: int
    title: str
    body: str


def split_articles(markdown):
    """The articles of `markdown`: one per heading of the highest level used, numbered in
    order, each with the text up to the next one. Text before the first heading is left out."""
    lines = markdown.splitlines()
    headings = [t for t in MARKDOWN.parse(markdown) if t.type == "heading_open" and t.map]
    if not headings:
        raise ValidationError(_("The text has no heading: start each article with a # heading."))
    top = min(token.tag for token in headings)  # "h1" to "h6"
    starts = [token.map[0] for token in headings if token.tag == top]
    if len(starts) > MAX_ARTICLES:
        raise ValidationError(_("A text has at most %(max)s articles.") % {"max": MAX_ARTICLES})
    sections = []
    for number, (start, end) in enumerate(
        zip(starts, [*starts[1:], len(lines)], strict=True), start=1
    ):
        title = lines[start].lstrip("#").strip().rstrip("#").strip() or _("Article %(n)s") % {
            "n": number
        }
        body = "\n".join(lines[start + 1 : end]).strip()
        sections.append(Section(number, title[:200], body))
    return sections


def render(markdown):
    """`markdown` as HTML safe to put in a page."""
    return mark_safe(nh3.clean(MARKDOWN.render(markdown or "")))


def same_wording(first, second):
    """Whether two wordings say the same words, whatever the spaces between them."""
    return first.split() == second.split()


def word_diff(old, new):
    """HTML marking the words `new` removes from `old` (<del>) and adds (<ins>)."""
    before, after = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    # Runs of (kept, removed, added) text; a lone space kept between two changes joins
    # them, so that "six mois" -> "un an" reads as one change, not two.
    runs = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(before[i1:i2]), "".join(after[j1:j2])
        if operation == "equal":
            runs.append([old, "", ""])
        elif runs and not runs[-1][0].strip() and len(runs) > 1:
            space = runs.pop()[0]
            runs[-1][1] += space + old
            runs[-1][2] += space + new
        elif runs and runs[-1][0] == "":
            runs[-1][1] += old
            runs[-1][2] += new
        else:
            runs.append(["", old, new])
    parts = []
    for kept, removed, added in runs:
        parts.append(escape(kept))
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(parts))
