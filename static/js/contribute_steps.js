// Contributing in two steps on a phone as on a desktop: "Contribute" opens the map full
// screen to place a point or draw (step 1), "Continue" brings the form (step 2). After
// logging in (?contribute=map) or when the shape was refused, the page opens on step 1
// again. The drawing itself is contribute.js's; this module only watches its result.
const frame = document.getElementById("map-frame");
const top = document.getElementById("map-step");
const bottom = document.getElementById("map-step-next-bar");
const next = document.getElementById("map-step-next");
const stepStatus = document.getElementById("map-step-status");
const form = document.getElementById("contribute-form");
const drawingStatus = document.getElementById("drawing-status");
const mapMessage = document.getElementById("map-message");
let map = null;

function placed() {
  return Boolean(form.elements.geometry.value || form.elements.target_feature.value);
}

function follow() {
  next.disabled = !placed();
  stepStatus.textContent = placed() ? stepStatus.dataset.ready : stepStatus.dataset.waiting;
}

function resize() {
  if (map) map.invalidateSize({ animate: false });
}

function openMapStep() {
  document.body.classList.add("contributing");
  top.hidden = false;
  bottom.hidden = false;
  follow();
  resize();
  if (map) {
    // With a single tool (a layer taking points only) the tool is ready at once.
    const tools = map.getContainer().querySelectorAll(".leaflet-pm-toolbar a.leaflet-buttons-control-button");
    if (tools.length === 1 && !placed() && !map.pm.globalDrawModeEnabled()) tools[0].click();
    map.getContainer().focus({ preventScroll: true });
  }
  document.getElementById("map-step-title").focus({ preventScroll: true });
}

function closeMapStep() {
  if (map && map.pm.globalDrawModeEnabled()) map.pm.disableDraw();
  document.body.classList.remove("contributing");
  top.hidden = true;
  bottom.hidden = true;
  resize();
}

function toForm() {
  closeMapStep();
  document.getElementById("form-step").hidden = false;
  document.getElementById("contribute").scrollIntoView({ block: "start" });
  const first = form.querySelector(".has-error input, .has-error select, .has-error textarea")
    || form.querySelector("select:not([hidden]), input[type=text], textarea");
  if (first) first.focus({ preventScroll: true });
}

document.getElementById("map-step-title").tabIndex = -1;
document.getElementById("start-contributing").addEventListener("click", function (event) {
  event.preventDefault();
  openMapStep();
});
document.getElementById("map-step-cancel").addEventListener("click", function () {
  closeMapStep();
  document.getElementById("start-contributing").focus();
});
next.addEventListener("click", toForm);
document.getElementById("form-step-back").addEventListener("click", function () {
  frame.scrollIntoView({ block: "start" });
  openMapStep();
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && document.body.classList.contains("contributing") && !(map && map.pm.globalDrawModeEnabled())) closeMapStep();
});
new MutationObserver(follow).observe(drawingStatus, { childList: true, characterData: true, subtree: true });

document.addEventListener("geoconsult:campaign-map", function (event) {
  map = event.detail.map;
  // The tools of contribute.js come with the same event: wait for them.
  setTimeout(function () {
    const asked = new URLSearchParams(window.location.search).get("contribute") === "map";
    const refused = mapMessage && !mapMessage.hidden;
    if (asked || refused) openMapStep();
  });
});
