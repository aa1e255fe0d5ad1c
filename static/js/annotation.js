// A contribution's page: its geometry on the small map, and vote buttons that count live.
// Without this script the page still works: the vote buttons post a plain form.
(function () {
  "use strict";

  function drawAnnotation(map) {
    const geometry = JSON.parse(document.getElementById("annotation-geometry").textContent);
    const shape = L.geoJSON(geometry, {
      style: { color: "#1d6f42", weight: 3, fillOpacity: 0.3 },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 9, color: "#1d6f42", fillOpacity: 0.9 });
      },
    }).addTo(map);
    // No animation: the first view is where the contribution is, at once.
    map.fitBounds(shape.getBounds(), { maxZoom: 17, padding: [16, 16], animate: false });
    map.getContainer().dataset.ready = "true";
  }

  function fill(template, counts) {
    return template
      .replace("%(for)s", function () { return counts.votes_for; })
      .replace("%(against)s", function () { return counts.votes_against; });
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
      fetch(form.dataset.apiUrl, {
        method: takingBack ? "DELETE" : "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
        body: takingBack ? null : JSON.stringify({ value: Number(button.dataset.value) }),
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (counts) {
          showCounts(form, counts);
          status.textContent = fill(takingBack ? form.dataset.takenBack : form.dataset.recorded, counts);
        })
        .catch(function () { status.textContent = form.dataset.failed; })
        .finally(function () {
          buttons.forEach(function (b) { b.disabled = false; });
        });
    });
  }

  document.querySelectorAll("form.votes[data-api-url]").forEach(enhanceVotes);

  window.geoconsultAnnotation = { drawAnnotation: drawAnnotation };
})();
