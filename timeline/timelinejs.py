"""A campaign's timeline in TimelineJS's JSON format.

https://timeline.knightlab.com/docs/json-format.html. TimelineJS inserts
`text.text` as HTML, so it goes through nh3 with a small allow-list; headlines,
captions and credits are plain text and are escaped.
"""

import html

import nh3
from django.utils.translation import gettext as _

ALLOWED_TAGS = {"p", "a", "em", "strong", "ul", "ol", "li", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def sanitised(text):
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def escaped(text):
    return html.escape(text, quote=True)


def slide(milestone):
    event = {
        "unique_id": f"milestone-{milestone.pk}",
        "start_date": milestone.date_parts(),
        "text": {"headline": escaped(milestone.headline), "text": sanitised(milestone.text)},
    }
    if milestone.progress is not None:
        event["text"]["text"] += f"<p>{milestone.progress}&nbsp;%</p>"
    map_url = milestone.get_map_url()
    if map_url:
        event["text"]["text"] += (
            f'<p><a href="{escaped(map_url)}">{escaped(_("See on the map"))}</a></p>'
        )

    if milestone.consultation_id:
        event["text"]["text"] += (
            f'<p><a href="{escaped(milestone.consultation.get_absolute_url())}">'
            f"{escaped(milestone.consultation.title)}</a></p>"
        )
    if milestone.group:
        event["group"] = escaped(milestone.group)
    if milestone.media_url:
        event["media"] = {
            "url": milestone.media_url,
            "caption": escaped(milestone.media_caption),
            "credit": escaped(milestone.media_credit),
        }
    return event


def date_parts(day):
    return {"year": day.year, "month": day.month, "day": day.day}


def timeline(campaign):
    """The TimelineJS document of `campaign`: its title slide, milestones and eras."""
    return {
        "title": {
            "text": {"headline": escaped(campaign.title), "text": sanitised(campaign.summary)}
        },
        "events": [
            slide(milestone) for milestone in campaign.milestones.select_related("consultation")
        ],
        "eras": [
            {
                "start_date": date_parts(era.start_date),
                "end_date": date_parts(era.end_date),
                "text": {"headline": escaped(era.headline)},
            }
            for era in campaign.eras.all()
        ],
    }
