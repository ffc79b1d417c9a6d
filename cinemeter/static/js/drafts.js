/* Drafts: a member never loses the text they typed into a message form.

   While they type, the box's text is kept in localStorage under the form's address (a title's
   new message, a reply, an edit). When the form is opened again and still holds what the
   server put there (empty, a quote, the message being edited), the draft is put back: after a
   failed post (503, 500, an expired form, a lost session and a log-in), a closed tab or a
   crash. A successful post lands on the title page at the new message (#message-<id>): only
   then is the draft of the form that was sent dropped. Without this script nothing breaks:
   the server also gives the text back on every failure page it can. No inline script: this
   file is loaded with `defer` by the message form and the reviews section. */
(function () {
  "use strict";
  if (window.cinemeterDrafts) return; // loaded by both the form and the section
  window.cinemeterDrafts = true;

  var PREFIX = "cinemeter:draft:";
  var SENT = "cinemeter:draft-sent";
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000; // a month-old draft is forgotten

  function storage(kind) {
    try {
      var store = window[kind];
      var probe = PREFIX + "probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null; // private mode or storage turned off: the server's copy still helps
    }
  }
  var local = storage("localStorage");
  var session = storage("sessionStorage");
  if (!local) return;

  function keyOf(form) {
    var reply = form.querySelector("input[name=reply_to]");
    return PREFIX + form.getAttribute("action") + "|" + (reply && reply.value ? reply.value : "");
  }

  function read(key) {
    try {
      var draft = JSON.parse(local.getItem(key) || "null");
      if (!draft || typeof draft.text !== "string") return null;
      if (Date.now() - draft.saved > MAX_AGE_MS) {
        local.removeItem(key);
        return null;
      }
      return draft.text;
    } catch (error) {
      return null;
    }
  }

  // The page after a successful post shows the new message at its anchor: drop that draft.
  var sent = session && session.getItem(SENT);
  if (sent && /^#message-\d+$/.test(window.location.hash) &&
      document.getElementById(window.location.hash.slice(1))) {
    local.removeItem(sent);
    session.removeItem(SENT);
  }

  document.querySelectorAll("form.message-form").forEach(function (form) {
    var box = form.querySelector("textarea[name=body]");
    if (!box) return;
    var key = keyOf(form);
    var draft = read(key);
    // Only over what the server rendered (empty, a quote, the text being edited), never over
    // text the server gave back after a failure or that the member has typed since.
    if (draft && draft !== box.value && box.value === box.defaultValue) {
      box.value = draft;
      form.setAttribute("data-draft-restored", "1");
    }
    box.addEventListener("input", function () {
      if (box.value.trim()) {
        local.setItem(key, JSON.stringify({ text: box.value, saved: Date.now() }));
      } else {
        local.removeItem(key);
      }
    });
    form.addEventListener("submit", function () {
      if (box.value.trim()) local.setItem(key, JSON.stringify({ text: box.value, saved: Date.now() }));
      if (session) session.setItem(SENT, key);
    });
  });
})();
