// Two helps beside the contribution form, apart from contribute.js: a photo's GPS position
// offered as the pin when it lies inside the campaign's perimeter, and the published
// contributions already close to the shape drawn or with a title alike, each with a
// one-tap "support this one instead". A pin placed here goes through the map's "pm:create"
// event, as one drawn with the tools, so contribute.js keeps it. Every text comes from the page.
import { holds } from "./geometry.js";
import { fetchJSON, fillText, readPageData } from "./shared.js";

const form = document.getElementById("contribute-form");
const photoFields = document.getElementById("photo-fields");
const offer = document.getElementById("photo-position");
const hint = document.getElementById("similar-contributions");
const perimeter = readPageData("campaign-data").perimeter;
const layers = readPageData("contribute-data");
const HINT_DELAY_MS = 400;

let map = null;
let pending = null;
let asked = null;

function chosenLayer() {
  const value = form.elements.layer ? form.elements.layer.value : "";
  return layers.find((layer) => String(layer.id) === value) || layers[0];
}

function takesPoints() {
  const types = chosenLayer().geometry_types;
  return types.length === 0 || types.includes("point");
}

// --- A photo's position as the pin -------------------------------------------------------

async function positionOf(file) {
  try {
    const { gps } = await import(photoFields.dataset.exifr);
    return await gps(file);
  } catch (error) {
    return null; // no EXIF, or a file exifr cannot read: nothing to offer
  }
}

async function offerPosition(event) {
  const file = event.target.files && event.target.files[0];
  if (!file || !map || !takesPoints()) return;
  const position = await positionOf(file);
  if (!position || !holds(perimeter, position.longitude, position.latitude)) return;
  const text = offer.querySelector("span");
  const button = offer.querySelector("button");
  text.textContent = photoFields.dataset.offer;
  button.hidden = false;
  offer.hidden = false;
  button.onclick = function () {
    const latlng = [position.latitude, position.longitude];
    const marker = L.marker(latlng).addTo(map);
    map.fire("pm:create", { shape: "Marker", layer: marker });
    map.setView(latlng, Math.max(map.getZoom(), 17));
    text.textContent = photoFields.dataset.placed;
    button.hidden = true;
  };
}

// One photo field at a time on a small screen: the next shows once this one has a photo.
function showPhotoFieldsInUse() {
  let previousChosen = true;
  photoFields.querySelectorAll(".photo-field").forEach((field) => {
    const input = field.querySelector('input[type="file"]');
    const inUse = input.files.length > 0 || field.classList.contains("has-error");
    field.hidden = !(inUse || previousChosen);
    previousChosen = inUse;
  });
}

// --- What is already on the map ----------------------------------------------------------

function item(found) {
  const entry = document.createElement("li");
  const link = document.createElement("a");
  link.href = found.url;
  link.target = "_blank";
  link.rel = "noopener";
  link.textContent = found.title;
  entry.appendChild(link);
  const facts = [];
  if (found.distance !== null) facts.push(fillText(hint.dataset.distance, { metres: Math.round(found.distance) }));
  facts.push(fillText(hint.dataset.votes, { count: found.votes_for }));
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = " · " + facts.join(" · ");
  entry.appendChild(meta);
  const support = document.createElement("button");
  support.type = "button";
  support.className = "support-instead";
  support.textContent = hint.dataset.support;
  support.addEventListener("click", () => supportInstead(found, support));
  entry.appendChild(support);
  return entry;
}

async function supportInstead(found, button) {
  const status = hint.querySelector(".similar-status");
  const url = hint.dataset.voteUrl.replace("/0/", `/${found.id}/`);
  button.disabled = true;
  try {
    await fetchJSON(url, {
      method: "PUT",
      csrfToken: form.elements.csrfmiddlewaretoken.value,
      body: { value: 1 },
    });
    status.textContent = hint.dataset.supported;
  } catch (error) {
    button.disabled = false;
    status.textContent = hint.dataset.failed;
  }
}

async function showSimilar() {
  const title = form.elements.title.value.trim();
  // contribute.js keeps the shape drawn (or edited) in the form's geometry field.
  const geometry = form.elements.geometry.value;
  if (!geometry && title.length < 4) {
    hint.hidden = true;
    return;
  }
  const params = new URLSearchParams({ layer: chosenLayer().id, title });
  if (geometry) params.set("geometry", geometry);
  if (asked) asked.abort();
  asked = new AbortController();
  let found;
  try {
    found = await fetchJSON(`${hint.dataset.url}?${params}`, { signal: asked.signal });
  } catch (error) {
    return; // a newer question replaced this one, or the hint is simply not shown
  }
  const list = hint.querySelector(".similar-list");
  list.replaceChildren(...found.map(item));
  hint.hidden = found.length === 0;
}

function askSoon() {
  clearTimeout(pending);
  pending = setTimeout(showSimilar, HINT_DELAY_MS);
}

function follow(drawn) {
  drawn.on("pm:edit", askSoon);
  askSoon();
}

if (form && layers.length) {
  document.addEventListener("geoconsult:campaign-map", (event) => {
    map = event.detail.map;
    map.on("pm:create", (created) => follow(created.layer));
    if (form.elements.geometry.value) askSoon(); // the page came back with a shape drawn
  });
  form.elements.title.addEventListener("input", askSoon);
  if (form.elements.layer) form.elements.layer.addEventListener("change", askSoon);
  photoFields.querySelectorAll('input[type="file"]').forEach((input) => {
    input.addEventListener("change", offerPosition);
    input.addEventListener("change", showPhotoFieldsInUse);
  });
  showPhotoFieldsInUse();
}
