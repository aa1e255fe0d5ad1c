// The contributions' download form: KML is always in WGS84, by the format's rule, so
// choosing it sets the coordinate system and locks it (the server refuses the pair too).
for (const form of document.querySelectorAll(".download-contributions")) {
  const format = form.elements.format;
  const srid = form.elements.srid;
  const follow = function () {
    const only = format.value === format.dataset.wgs84Only;
    if (only) srid.value = "4326";
    srid.disabled = only;
  };
  format.addEventListener("change", follow);
  follow();
}
