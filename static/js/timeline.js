// Renders a campaign's TimelineJS story from the JSON API, with the library and
// its locale served from static/vendor (never a CDN).
(function () {
  "use strict";
  const url = JSON.parse(document.getElementById("timeline-url").textContent);
  const language = document.getElementById("timeline-language");
  const options = { hash_bookmark: false, initial_zoom: 2, timenav_position: "bottom" };
  if (language) options.language = JSON.parse(language.textContent);
  window.geoconsultTimeline = new TL.Timeline("timeline", url, options);
})();
