from django import template

from ..email_views import preferences_form

register = template.Library()


@register.simple_tag(takes_context=True)
def email_preferences_form(context, form=None):
    """The form given (with its errors), or the signed-in person's e-mail settings, so any
    page can include `notifications/_preferences.html` without building the form."""
    return form or preferences_form(context["request"].user)
