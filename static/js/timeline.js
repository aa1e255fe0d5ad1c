// Renders a campaign's TimelineJS story from the JSON API. The library, its
// locale and everything it would fetch come from static/vendor, never a CDN;
// its web font is left out (the page's own font is used).
import { readPageData } from "./shared.js";

const vendor = readPageData("timeline-vendor");
const options = {
  hash_bookmark: false,
  initial_zoom: 2,
  timenav_position: "bottom",
  font: null,
  script_path: new URL(vendor.script_path, document.baseURI).href,
};
if (vendor.language) options.language = new URL(vendor.language, document.baseURI).href;
const story = document.getElementById("timeline");
const timeline = new TL.Timeline(story, readPageData("timeline-url"), options);

// On a touch screen TimelineJS lays its "swipe to navigate" hint over the story, where it
// hid the first slide's last lines until dismissed: it goes just above the story instead,
// in the page's flow, over nothing. Its OK still dismisses it.
timeline.on("ready", function () {
  const hint = story.querySelector(".tl-storyslider > .tl-message-full");
  if (!hint) return;
  hint.classList.add("timeline-hint");
  story.before(hint);
});
