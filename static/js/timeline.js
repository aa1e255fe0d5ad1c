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
new TL.Timeline("timeline", readPageData("timeline-url"), options);
