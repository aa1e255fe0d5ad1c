"""Reading the data that server-rendered pages carry for their scripts."""

import json


def page_json(response, element_id):
    """The JSON of the page's `<script id="element_id">` element (json_script's output)."""
    html = response.content.decode()
    start = html.index(f'id="{element_id}"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])
