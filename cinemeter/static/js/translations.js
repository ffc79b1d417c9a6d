// "Translated from Dutch · View original": flips a translated message to its original and
// back in place. Without this script the same link reloads the page with ?original=<id>.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-toggle-original]");
    if (!link) return;
    var box = link.closest("[data-translated-message]");
    if (!box) return;
    event.preventDefault();
    var translation = box.querySelector('[data-version="translation"]');
    var original = box.querySelector('[data-version="original"]');
    var showingOriginal = translation.hidden;
    translation.hidden = !showingOriginal;
    original.hidden = showingOriginal;
    link.textContent = showingOriginal
      ? link.dataset.labelOriginal
      : link.dataset.labelTranslation;
  });
})();
