// What every page script shares: reading the data a page carries, filling its
// translated texts, asking the JSON API, and how maps look. Nothing here touches the
// page when imported, so Node's test runner can import it too (tests/js/).

// The JSON a page carries in a <script type="application/json" id="…"> (json_script).
export function readPageData(id, page = globalThis.document) {
  const element = page.getElementById(id);
  if (!element) throw new Error(`The page carries no data "#${id}".`);
  return JSON.parse(element.textContent);
}

// Fills a translated text's %(name)s with values[name]. A name without a value stays
// as written, so that a mistake shows. The replacement is a function so that "$&" or
// "$'" in a resident's text is never read as a pattern.
export function fillText(text, values) {
  return text.replace(/%\((\w+)\)s/g, function (placeholder, name) {
    const value = values[name];
    return value === undefined || value === null ? placeholder : String(value);
  });
}

// A layer's place summary ("{zone}: {statut}") with a feature's values; as the server's
// Layer.summarise, an attribute without a value says nothing.
export function fillSummary(template, values) {
  return template.replace(/\{([^{}]{1,100})\}/g, function (field, name) {
    const value = values[name];
    return value === undefined || value === null ? "" : String(value);
  }).trim();
}

// The element the address's #fragment names, or null; a fragment that is not valid
// percent-encoding (a link ending in "#%") names none rather than stopping the page's script.
export function fragmentTarget(location = globalThis.location, page = globalThis.document) {
  if (!location.hash) return null;
  try {
    return page.getElementById(decodeURIComponent(location.hash.slice(1)));
  } catch (error) {
    return null;
  }
}

// The page's confirmation ("Your comment is published.") beside what it is about, the
// element the address's #fragment names, where the page opens, instead of at the top;
// filled once the page is there so that screen readers announce it.
export function announceNear(target, page = globalThis.document) {
  const messages = page.querySelector(".messages");
  if (!messages || !target) return;
  const notice = page.createElement("p");
  notice.className = "notice-here";
  notice.setAttribute("role", "status");
  target.before(notice);
  messages.hidden = true;
  setTimeout(function () {
    notice.textContent = messages.textContent.trim();
    // The notice, just above the target: the page opened with the target at its top.
    notice.scrollIntoView({ block: "nearest" });
  }, 100);
}

// Text as HTML that shows it as written: for the few Leaflet calls that take HTML
// (a layer's name in the layers control, an attribution), which staff type freely.
const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (character) {
    return HTML_ESCAPES[character];
  });
}

// The API answered something else than 2xx.
export class RequestFailed extends Error {
  constructor(method, url, response) {
    super(`${method} ${url} answered ${response.status} ${response.statusText}`.trim());
    this.name = "RequestFailed";
    this.status = response.status;
  }
}

// Asks the JSON API with the session's cookies and answers the parsed JSON. A request
// that writes sends the CSRF token Django expects. Throws RequestFailed on a non-2xx
// answer; an aborted request throws the browser's AbortError.
export async function fetchJSON(url, { method = "GET", body, csrfToken, signal } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (csrfToken) headers["X-CSRFToken"] = csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw new RequestFailed(method, url, response);
  return response.json();
}

// Runs draw(map) once django-leaflet has made the map of the element `id`
// ({% leaflet_map %} announces every map it makes with a "map:init" event).
export function whenMapReady(id, draw) {
  window.addEventListener("map:init", function (event) {
    if (event.detail.id === id) draw(event.detail.map);
  });
}

// Every Leaflet-Geoman tool, off: a map that draws turns on only the ones it takes.
const DRAWING_TOOLS_OFF = Object.freeze({
  drawMarker: false,
  drawCircleMarker: false,
  drawPolyline: false,
  drawRectangle: false,
  drawPolygon: false,
  drawCircle: false,
  drawText: false,
  editMode: false,
  dragMode: false,
  cutPolygon: false,
  removalMode: false,
  rotateMode: false,
});

// Leaflet-Geoman alike on every map one draws on: its words in the page's language (on a
// touch screen the hints say "tap", not "click"), one shape at a time, no snapping.
export function setUpDrawing(map) {
  const language = document.documentElement.lang === "fr" ? "fr" : "en";
  if (window.matchMedia("(pointer: coarse)").matches) map.pm.setLang("touch", readPageData("drawing-touch-texts"), language);
  else map.pm.setLang(language);
  map.pm.setGlobalOptions({ continueDrawing: false, snappable: false });
  // Quick taps place vertices: they must not zoom the map meanwhile.
  map.on("pm:drawstart", function () { map.doubleClickZoom.disable(); });
  map.on("pm:drawend", function () { map.doubleClickZoom.enable(); });
}

function capitalised(word) {
  return word[0].toUpperCase() + word.slice(1);
}

// The drawing toolbar at `position` with only `tools` on ("marker", "polyline", "polygon"),
// each named from `texts`, a form's dataset: `toolPolygon` for screen readers and on hover,
// `wordPolygon` the short word phones show beside the icon.
export function showDrawingTools(map, position, tools, texts) {
  const on = {};
  tools.forEach(function (tool) { on["draw" + capitalised(tool)] = true; });
  map.pm.removeControls();
  map.pm.addControls({ ...DRAWING_TOOLS_OFF, position: position, ...on });
  tools.forEach(function (tool) {
    const button = map.getContainer().querySelector(".leaflet-pm-icon-" + tool).closest("a");
    const label = texts["tool" + capitalised(tool)];
    button.setAttribute("aria-label", label);
    button.parentElement.setAttribute("title", label);
    const word = document.createElement("span");
    word.className = "tool-word";
    word.setAttribute("aria-hidden", "true");
    word.textContent = texts["word" + capitalised(tool)];
    button.appendChild(word);
  });
}

// Room left around what a map opens on, and how close it comes to one shape or point.
export const FIT_PADDING = [16, 16];
export const CLOSE_ZOOM = 17;

export function fitTo(map, bounds) {
  if (bounds.isValid()) map.fitBounds(bounds, { padding: FIT_PADDING });
}

export const GREEN = "#1d6f42";

// A campaign's perimeter around its map: a dashed outline that lets clicks through.
export const PERIMETER_STYLE = Object.freeze({ color: "#333", weight: 2, dashArray: "6 4", fill: false });
// A campaign's area on the map of all campaigns.
export const CAMPAIGN_AREA_STYLE = Object.freeze({ color: GREEN, weight: 2, fillOpacity: 0.15 });
// One contribution on its own page: its shape, or its point.
export const CONTRIBUTION_STYLE = Object.freeze({ color: GREEN, weight: 3, fillOpacity: 0.3 });
export const CONTRIBUTION_POINT_STYLE = Object.freeze({ radius: 9, color: GREEN, fillOpacity: 0.9 });
// The place a link such as ?at=48.89,2.20 points at.
export const PLACE_MARK_STYLE = Object.freeze({ radius: 12, color: "#000", weight: 3, fill: false });
// Lines and polygons of the campaign map's layers; the reference feature a
// contribution being written annotates stands out from them.
const LAYER_WEIGHT = 3;
export const HIGHLIGHT_STYLE = Object.freeze({ weight: 6, dashArray: "8 6" });
export const UNHIGHLIGHT_STYLE = Object.freeze({ weight: LAYER_WEIGHT, dashArray: null });

// How a layer of the campaign map draws each feature: in the layer's colour, or in
// the legend's colour of the feature's value when staff styled it by an attribute.
export function layerStyle(layer) {
  const colours = {};
  (layer.style_classes || []).forEach(function (c) {
    colours[c.value] = c.color;
  });
  return function (feature) {
    const colour = colours[feature.properties.style] || layer.color;
    return { color: colour, fillColor: colour, fillOpacity: layer.opacity, weight: LAYER_WEIGHT };
  };
}

// Whether a ring (GeoJSON positions) holds the point [lon, lat]: a ray cast eastwards
// crosses its edges an odd number of times.
function ringHolds(ring, [x, y]) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Whether a GeoJSON FeatureCollection of (Multi)Polygons, such as a campaign's
// perimeter, holds the point [lon, lat]; a hole is outside. The server checks again.
export function perimeterHolds(collection, point) {
  return collection.features.some(function (feature) {
    const g = feature.geometry;
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polygons.some(function (rings) {
      return ringHolds(rings[0], point) && !rings.slice(1).some(function (hole) { return ringHolds(hole, point); });
    });
  });
}

// Dates as the server writes them (core/templatetags/dates.py): Django's format strings
// of the page's language (`{% date_formats %}`, #date-formats) in the site's time zone,
// "1er" for the first of a month in French, and a range within one day naming the day
// once: "7 décembre 2026, 18 h 30 – 20 h 30".
const RANGE_DASH = " \u2013 ";
// Django's format characters, or a character its backslash escapes.
const FORMAT_CHARACTER = /\\(.)|([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])/g;

function twoDigits(number) {
  return String(number).padStart(2, "0");
}

// Django's "f": 12-hour hours, and minutes unless zero ("6", "6:30").
function twelveHour(parts) {
  const hour = parts.hour % 12 || 12;
  return parts.minute ? `${hour}:${twoDigits(parts.minute)}` : String(hour);
}

function meridiem(parts, formats) {
  return formats.words[parts.hour > 11 ? "p.m." : "a.m."];
}

const WRITERS = {
  j: (parts) => String(parts.day),
  F: (parts, formats) => formats.months[parts.month - 1],
  N: (parts, formats) => formats.months_ap[parts.month - 1],
  Y: (parts) => String(parts.year).padStart(4, "0"),
  H: (parts) => twoDigits(parts.hour),
  i: (parts) => twoDigits(parts.minute),
  f: twelveHour,
  a: meridiem,
  P: function (parts, formats) {
    if (parts.minute === 0 && parts.hour === 0) return formats.words.midnight;
    if (parts.minute === 0 && parts.hour === 12) return formats.words.noon;
    return `${twelveHour(parts)} ${meridiem(parts, formats)}`;
  },
};

// The year, month, day, hour and minute of a moment on the site's clock.
function localParts(moment, timeZone) {
  const parts = {};
  new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  }).formatToParts(moment).forEach(function (part) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  });
  return parts;
}

function writeFormat(format, parts, formats) {
  return format.replace(FORMAT_CHARACTER, function (match, escaped, character) {
    if (escaped !== undefined) return escaped;
    const write = WRITERS[character];
    if (!write) throw new Error(`The date format character "${character}" has no writer here.`);
    return write(parts, formats);
  });
}

function writeDay(format, parts, formats) {
  const text = writeFormat(format, parts, formats);
  return parts.day === 1 && formats.language.startsWith("fr") && text.startsWith("1 ") ? "1er" + text.slice(1) : text;
}

// From `starts` to `ends` (Dates, or what `new Date` reads), as `{% date_range %}` writes them.
export function formatDateRange(starts, ends, formats) {
  const first = localParts(new Date(starts), formats.time_zone);
  const last = localParts(new Date(ends), formats.time_zone);
  const sameDay = first.year === last.year && first.month === last.month && first.day === last.day;
  return writeDay(formats.datetime, first, formats) + RANGE_DASH +
    (sameDay ? writeFormat(formats.time, last, formats) : writeDay(formats.datetime, last, formats));
}
