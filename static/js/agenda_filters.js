// The agenda's place filters: an address becomes `near` (longitude,latitude) through the
// geocoder the page names, and the map's visible area becomes `bbox`. Both submit the
// form, so the filtered agenda keeps an address of its own to share or subscribe to.
import { fetchJSON, whenMapReady } from "./shared.js";

const form = document.getElementById("agenda-filters");
const addressInput = document.getElementById("agenda-address");
const status = document.getElementById("agenda-address-status");

async function findAddress() {
  const text = addressInput.value.trim();
  if (!text) return;
  const url = new URL(form.dataset.geocoder);
  url.searchParams.set("q", text);
  url.searchParams.set("limit", "1");
  try {
    const found = await fetchJSON(url.toString());
    const [longitude, latitude] = found.features[0].geometry.coordinates;
    form.elements.near.value = `${longitude.toFixed(5)},${latitude.toFixed(5)}`;
    form.elements.bbox.value = "";
    form.submit();
  } catch (error) {
    status.textContent = form.dataset.notFound;
  }
}

if (addressInput) {
  document.getElementById("agenda-address-find").addEventListener("click", findAddress);
  addressInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      findAddress();
    }
  });
}

whenMapReady("agenda-map", function (map) {
  document.getElementById("agenda-map-area").addEventListener("click", () => {
    form.elements.bbox.value = map.getBounds().toBBoxString();
    form.elements.near.value = "";
    form.submit();
  });
});
