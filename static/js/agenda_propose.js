// Proposing an event: a click or tap on the map places it, filling the form's hidden
// latitude and longitude; after an error the page comes back with the place kept.
import { fillText, whenMapReady } from "./shared.js";

const form = document.querySelector(".propose-event");
const status = document.getElementById("place-status");

whenMapReady("proposal-map", function (map) {
  let marker = null;
  function place(latlng) {
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng).addTo(map);
    form.elements.latitude.value = latlng.lat.toFixed(6);
    form.elements.longitude.value = latlng.lng.toFixed(6);
    status.textContent = fillText(status.dataset.placed, {
      latitude: latlng.lat.toFixed(5),
      longitude: latlng.lng.toFixed(5),
    });
  }
  map.on("click", (event) => place(event.latlng));
  const latitude = parseFloat(form.elements.latitude.value);
  const longitude = parseFloat(form.elements.longitude.value);
  if (Number.isFinite(latitude) && Number.isFinite(longitude)) {
    place(L.latLng(latitude, longitude));
    map.setView([latitude, longitude], 16);
  }
});
