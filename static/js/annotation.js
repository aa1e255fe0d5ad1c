// A contribution's page: its geometry on the small map, and vote buttons that count live.
// Without this script the page still works: the vote buttons post a plain form.
import {
  CLOSE_ZOOM,
  CONTRIBUTION_POINT_STYLE,
  CONTRIBUTION_STYLE,
  FIT_PADDING,
  announceNear,
  fetchJSON,
  fillText,
  fragmentTarget,
  readPageData,
  whenMapReady,
} from "./shared.js";
import { placeSearch } from "./places.js";

function drawAnnotation(map) {
  const shape = L.geoJSON(readPageData("annotation-geometry"), {
    style: CONTRIBUTION_STYLE,
    pointToLayer: function (feature, latlng) {
      return L.circleMarker(latlng, CONTRIBUTION_POINT_STYLE);
    },
  }).addTo(map);
  // No animation: the first view is where the contribution is, at once.
  map.fitBounds(shape.getBounds(), { maxZoom: CLOSE_ZOOM, padding: FIT_PADDING, animate: false });
  placeSearch(map, null);
  map.getContainer().dataset.ready = "true";
}

// Shows the counts the API answered: each button's count, its pressed state, and
// what its plain-form value would now do (vote, or 0 to take the vote back).
function showCounts(form, counts) {
  form.querySelector('[data-count="for"]').textContent = counts.votes_for;
  form.querySelector('[data-count="against"]').textContent = counts.votes_against;
  form.querySelectorAll("button[data-value]").forEach(function (button) {
    const pressed = Number(button.dataset.value) === counts.my_vote;
    button.setAttribute("aria-pressed", String(pressed));
    button.value = pressed ? "0" : button.dataset.value;
  });
}

function enhanceVotes(form) {
  const status = form.querySelector('[role="status"]');
  const token = form.querySelector('[name="csrfmiddlewaretoken"]').value;
  const buttons = form.querySelectorAll("button[data-value]");
  form.addEventListener("submit", function (event) {
    const button = event.submitter;
    if (!button || !button.dataset.value) return;
    event.preventDefault();
    const takingBack = button.getAttribute("aria-pressed") === "true";
    buttons.forEach(function (b) { b.disabled = true; });
    const request = takingBack
      ? { method: "DELETE", csrfToken: token }
      : { method: "PUT", csrfToken: token, body: { value: Number(button.dataset.value) } };
    fetchJSON(form.dataset.apiUrl, request)
      .then(function (counts) {
        showCounts(form, counts);
        const text = takingBack ? form.dataset.takenBack : form.dataset.recorded;
        status.textContent = fillText(text, { for: counts.votes_for, against: counts.votes_against });
      })
      .catch(function () { status.textContent = form.dataset.failed; })
      .finally(function () {
        buttons.forEach(function (b) { b.disabled = false; });
      });
  });
}

document.querySelectorAll("form.votes[data-api-url]").forEach(enhanceVotes);
announceNear(fragmentTarget());
whenMapReady("annotation-map", drawAnnotation);
