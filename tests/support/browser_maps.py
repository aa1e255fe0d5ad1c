"""Helpers for browser tests of Leaflet maps."""

# Clicks every drawn shape in one go and returns each popup's text. Done inside
# the page because an open popup pans the map, and panning makes the cluster
# layer redraw its points: locators taken before would go stale.
POPUPS_OF_ALL_SHAPES = """selector => [...document.querySelectorAll(selector)].map(shape => {
    shape.dispatchEvent(new MouseEvent("click", {bubbles: true}));
    const popups = document.querySelectorAll(".leaflet-popup-content");
    return popups[popups.length - 1].innerText;
})"""


def popup_texts(page, shapes_selector):
    return page.evaluate(POPUPS_OF_ALL_SHAPES, shapes_selector)


def wait_until_settled(page, map_selector):
    """Wait for the map's first view and for its clusters to stop animating."""
    page.wait_for_selector(f"{map_selector}[data-ready]")
    page.wait_for_function(
        "selector => !document.querySelector(`${selector} .leaflet-cluster-anim`)", arg=map_selector
    )
