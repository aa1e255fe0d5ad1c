"""The API's interactive documentation (/api/docs/): Swagger UI, in the site's language.

Swagger UI has no translations of its own; the page carries ours of the words it draws,
and static/js/api_docs.js puts them in place as Swagger UI renders.
"""

from django.utils.translation import get_language, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

# Swagger UI's own words, as it writes them, each a whole text or attribute value.
SWAGGER_UI_TEXTS = {
    "Authorize": _("Authorize"),
    "Authorized": _("Authorized"),
    "Available authorizations": _("Available authorizations"),
    "Apply credentials": _("Apply credentials"),
    "authorization button locked": _("Authorization: locked"),
    "authorization button unlocked": _("Authorization: unlocked"),
    "Logout": _("Log out"),
    "Close": _("Close"),
    "Name:": _("Name:"),
    "In:": _("In:"),
    "Value:": _("Value:"),
    "Try it out": _("Try it out"),
    "Cancel": _("Cancel"),
    "Execute": _("Execute"),
    "Clear": _("Clear"),
    "Parameters": _("Parameters"),
    # Not a text but the ::after content of a required parameter's or body's name.
    "required": pgettext_lazy("API parameter", "required"),
    "No parameters": _("No parameters"),
    "Name": pgettext_lazy("API parameter", "Name"),
    "Description": pgettext_lazy("API parameter", "Description"),
    "Available values": _("Available values"),
    "Send empty value": _("Send empty value"),
    "Add string item": _("Add an item"),
    "Add item": _("Add an item"),
    "Edit Value": _("Edit the value"),
    "Request body": _("Request body"),
    "Request content type": _("Request content type"),
    "Responses": _("Responses"),
    "Code": pgettext_lazy("HTTP status", "Code"),
    "Links": _("Links"),
    "No links": _("No links"),
    "Media type": _("Media type"),
    "Media Type": _("Media type"),
    # "Controls <code>Accept</code> header.": the two texts around the header's name
    # ("Fixe l'en-tête <code>Accept</code> de la requête.").
    "Controls": _("Sets the"),
    "header.": _("header."),
    "Example Value": _("Example value"),
    "Schema": pgettext_lazy("API", "Schema"),
    "Schemas": pgettext_lazy("API", "Schemas"),
    "Server response": _("Server response"),
    "Request URL": _("Request URL"),
    "Response body": _("Response body"),
    "Response headers": _("Response headers"),
    "Details": _("Details"),
    "Download": _("Download"),
    "Undocumented": _("Undocumented"),
    "Loading...": _("Loading…"),
    "Failed to load API definition.": _("Failed to load the API's description."),
    "Copy code to clipboard": _("Copy the code"),
    "Copy path to clipboard": _("Copy the path"),
    "Collapse operation": _("Collapse the operation"),
    "Expand operation": _("Expand the operation"),
}

# drf-spectacular writes these into the schema through gettext but ships no French: they
# come from our catalogue like the rest of the schema's words.
DRF_SPECTACULAR_TEXTS = (
    gettext_noop('Token-based authentication with required prefix "%s"'),
    gettext_noop("No response body"),
    gettext_noop("Unspecified response body"),
)


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            # In English Swagger UI's own words stay as it writes them.
            english = (get_language() or "").startswith("en")
            response.data["swagger_ui_texts"] = (
                {} if english else {words: str(text) for words, text in SWAGGER_UI_TEXTS.items()}
            )
        return response
