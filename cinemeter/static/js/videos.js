// Click to play: nothing of YouTube or Vimeo loads until the reader presses a video's play
// button; then the button's card gives way to the provider's player, playing. Without this
// script the button is a plain link to the video at its provider.
(function () {
  "use strict";
  // The only players the page may frame (its Content-Security-Policy says the same).
  var PLAYERS = ["https://www.youtube-nocookie.com/", "https://player.vimeo.com/"];

  function allowed(address) {
    return PLAYERS.some(function (prefix) {
      return address.indexOf(prefix) === 0;
    });
  }

  function play(button) {
    var address = button.dataset.embed;
    if (!address || !allowed(address)) return false;
    var frame = document.createElement("iframe");
    frame.className = "video-frame";
    frame.src = address;
    frame.title = button.dataset.frameTitle || "";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    // The site sends no referrer elsewhere; the players refuse to start without the origin.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    var stage = button.closest(".video-stage");
    stage.classList.add("playing");
    stage.replaceChildren(frame);
    frame.focus();
    return true;
  }

  // With the script the link acts as a button: announce it so, and let Space press it too.
  document.querySelectorAll("a[data-embed]").forEach(function (button) {
    button.setAttribute("role", "button");
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("a[data-embed]");
    // A middle click or a modified one still opens the provider's page, as a link does.
    if (!button || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (play(button)) event.preventDefault();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== " ") return;
    var button = event.target.closest && event.target.closest("a[data-embed]");
    if (button && play(button)) event.preventDefault();
  });
})();
