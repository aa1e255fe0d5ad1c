"""Helpers for browser tests of Leaflet maps."""

# Clicks every drawn shape in one go and returns each popup's text. Done inside
# the page because an open popup pans the map, and panning makes the tiles redraw
# their shapes: locators taken before would go stale. Each click is at the shape's
# centre, as a person's. A click without a position lands at the page's top left,
# far above the map: its popup pans the map by more than its size, which Leaflet
# does by resetting the view, and every shape drawn so far is gone.
POPUPS_OF_ALL_SHAPES = """selector => [...document.querySelectorAll(selector)].map(shape => {
    const box = shape.getBoundingClientRect();
    shape.dispatchEvent(new MouseEvent("click", {
        bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2,
    }));
    const popups = document.querySelectorAll(".leaflet-popup-content");
    return popups[popups.length - 1].innerText;
})"""


def popup_texts(page, shapes_selector):
    return page.evaluate(POPUPS_OF_ALL_SHAPES, shapes_selector)


def word_fits_its_tool(tool):
    """Whether a drawing tool's name (the word phones show beside its icon) lies inside
    the tool's button, and is not cut off at its edge or the map's."""
    word = tool.locator(".tool-word").bounding_box()
    button = tool.bounding_box()
    return button["x"] <= word["x"] and word["x"] + word["width"] <= button["x"] + button["width"]


def wait_until_settled(page, map_selector):
    """Wait for the map's first view and for its clusters to stop animating."""
    page.wait_for_selector(f"{map_selector}[data-ready]")
    page.wait_for_function(
        "selector => !document.querySelector(`${selector} .leaflet-cluster-anim`)", arg=map_selector
    )
