// "Find an address" and "Locate me" above a map: suggestions as one types (a combobox
// a keyboard and a screen reader can use), the map moved to the chosen place, and,
// on a campaign's map, what applies there. Every text comes from the page
// (templates/_place_search.html); what services answer is set as text, never HTML.
import { CLOSE_ZOOM, PLACE_MARK_STYLE, fetchJSON, fillText, perimeterHolds } from "./shared.js";

const WAIT_MS = 250;

function element(tag, text, className) {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  if (className) made.className = className;
  return made;
}

// `perimeter`: a FeatureCollection of the area the map is about, or null; `onPlace(latlng,
// label)`, if given, hears of each place chosen (an address, or "Locate me"). Returns
// `answerAt(latlng)`, which marks a point chosen on the map and says what applies there
// as for an address, or null when the page has no search for this map.
export function placeSearch(map, perimeter, onPlace) {
  const box = document.querySelector(`.place-search[data-map="${map.getContainer().id}"]`);
  if (!box) return null;
  const texts = box.dataset;
  const input = box.querySelector("input");
  const list = box.querySelector(".place-suggestions");
  const status = box.querySelector(".place-status");
  const answerBox = box.querySelector(".place-answer");
  let suggestions = [];
  let active = -1;
  let timer = null;
  let request = null;
  let mark = null;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    suggestions = [];
    active = -1;
  }

  function highlight(index) {
    active = index;
    list.querySelectorAll("li").forEach(function (option, i) {
      option.setAttribute("aria-selected", String(i === index));
    });
    if (index >= 0) input.setAttribute("aria-activedescendant", list.children[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function show(features) {
    close();
    suggestions = features;
    features.forEach(function (feature, index) {
      const option = element("li", feature.properties.label);
      option.id = `${list.id}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      // Chosen on mousedown, before the input's blur closes the list.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(feature);
      });
      list.appendChild(option);
    });
    list.hidden = features.length === 0;
    input.setAttribute("aria-expanded", String(features.length > 0));
    status.textContent = features.length
      ? fillText(features.length === 1 ? texts.countOne : texts.countOther, { count: features.length })
      : texts.none;
  }

  async function suggest() {
    const query = input.value.trim();
    if (request) request.abort();
    if (query.length < 3) return close();
    request = new AbortController();
    try {
      const url = `${texts.api}?${new URLSearchParams({ q: query, limit: "5" })}`;
      show((await fetchJSON(url, { signal: request.signal })).features);
    } catch (error) {
      if (error.name === "AbortError") return;
      close();
      status.textContent = texts.unavailable;
    }
  }

  function markPlace(latlng, label) {
    if (mark) map.removeLayer(mark);
    mark = L.circleMarker(latlng, PLACE_MARK_STYLE).addTo(map);
    mark.bindTooltip(label);
  }

  function say(lines) {
    answerBox.replaceChildren(...lines);
    answerBox.hidden = false;
  }

  // What applies at the place: inside the area or not, then what each plan or zone says.
  async function answer(latlng, label) {
    const inside = !perimeter || perimeterHolds(perimeter, [latlng.lng, latlng.lat]);
    const heading = element("p", label);
    heading.className = "place-label";
    if (!inside) return say([heading, element("p", texts.outside, "place-warning")]);
    if (!texts.place) return say([heading]);
    try {
      const url = `${texts.place}?${new URLSearchParams({ lat: latlng.lat, lon: latlng.lng })}`;
      const found = await fetchJSON(url);
      const lines = [heading];
      if (found.here.length) {
        lines.push(element("p", texts.here));
        const here = element("ul");
        found.here.forEach(function (a) { here.appendChild(element("li", `${a.layer} · ${a.text}`)); });
        lines.push(here);
      }
      if (found.around.length) {
        lines.push(element("p", texts.around));
        const around = element("ul");
        found.around.forEach(function (a) {
          around.appendChild(element("li", `${a.text} (${fillText(texts.metres, { metres: a.metres })})`));
        });
        lines.push(around);
      }
      if (!found.here.length && !found.around.length) lines.push(element("p", texts.nothing));
      say(lines);
    } catch (error) {
      say([heading, element("p", texts.placeError, "place-warning")]);
    }
  }

  function goTo(latlng, label) {
    map.setView(latlng, CLOSE_ZOOM, { animate: false });
    markPlace(latlng, label);
    answer(latlng, label);
    if (onPlace) onPlace(latlng, label);
  }

  function choose(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    input.value = feature.properties.label;
    close();
    goTo(L.latLng(lat, lon), feature.properties.label);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, WAIT_MS);
  });
  input.addEventListener("keydown", function (event) {
    const count = suggestions.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      highlight((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      highlight((active - 1 + count) % count);
    } else if (event.key === "Enter" && count) {
      event.preventDefault();
      choose(suggestions[Math.max(active, 0)]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", close);

  box.querySelector(".locate-me").addEventListener("click", function () {
    if (!navigator.geolocation) return say([element("p", texts.unlocated, "place-warning")]);
    say([element("p", texts.locating)]);
    navigator.geolocation.getCurrentPosition(
      function (position) {
        const latlng = L.latLng(position.coords.latitude, position.coords.longitude);
        goTo(latlng, texts.youAreHere);
      },
      function (error) {
        say([element("p", error.code === error.PERMISSION_DENIED ? texts.refused : texts.unlocated, "place-warning")]);
      },
      { timeout: 10000, maximumAge: 60000 },
    );
  });

  // A tap leaves the map where it is: the person is looking at that place already.
  return function answerAt(latlng) {
    markPlace(latlng, texts.chosen);
    answer(latlng, texts.chosen);
  };
}
