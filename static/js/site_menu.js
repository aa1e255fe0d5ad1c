// The account's menu button of the header, which the style sheet shows on phones only:
// it opens and closes the account's links; Escape or a tap elsewhere closes them.
(function () {
  const toggle = document.querySelector(".menu-toggle");
  const links = document.getElementById(toggle.getAttribute("aria-controls"));

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || toggle.getAttribute("aria-expanded") !== "true") return;
    setOpen(false);
    toggle.focus();
  });
  document.addEventListener("click", function (event) {
    if (!toggle.contains(event.target) && !links.contains(event.target)) setOpen(false);
  });
})();
