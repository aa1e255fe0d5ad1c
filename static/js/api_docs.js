// Swagger UI's own words in the page's language: it has no translations, so each text
// and label it draws that the page's #swagger-ui-texts names is replaced as it appears.
// Only whole texts are replaced, never words inside the API's own descriptions.
(function () {
  const texts = JSON.parse(document.getElementById("swagger-ui-texts").textContent);
  const ATTRIBUTES = ["title", "aria-label", "placeholder"];
  const root = document.getElementById("swagger-ui");

  function translateText(node) {
    const text = node.nodeValue.trim();
    const translated = texts[text];
    if (translated && translated !== text) node.nodeValue = node.nodeValue.replace(text, translated);
  }

  function translateAttributes(element) {
    ATTRIBUTES.forEach(function (name) {
      const value = element.getAttribute(name);
      const translated = texts[value];
      if (translated && translated !== value) element.setAttribute(name, translated);
    });
  }

  function translate(node) {
    if (node.nodeType === Node.TEXT_NODE) return translateText(node);
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    translateAttributes(node);
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let next = walker.nextNode(); next; next = walker.nextNode()) {
      if (next.nodeType === Node.TEXT_NODE) translateText(next);
      else translateAttributes(next);
    }
  }

  // "required" is drawn by Swagger UI's stylesheet (::after), which api_docs.css points here.
  if (texts.required) root.style.setProperty("--required-word", JSON.stringify(texts.required));

  // React sets a text again when it redraws; the observer then puts it back in French.
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.type === "childList") change.addedNodes.forEach(translate);
      else if (change.type === "characterData") translateText(change.target);
      else translateAttributes(change.target);
    });
  }).observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRIBUTES,
  });
})();
