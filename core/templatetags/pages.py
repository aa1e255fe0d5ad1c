"""`{% page_url number param %}`: the current address with one list's page number set, for
pages listing two things each paged on its own (the home page's campaigns and consultations)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    query = context["request"].GET.copy()
    query[param or "page"] = number
    return f"?{query.urlencode()}"
