/* The article editor's suggestions: typing in the "About" field, or after "[[" in the text,
   asks the server for matching titles, people, editions, albums and tracks (kind:slug) and
   offers them in a list; a click, or Enter on the highlighted one, puts the reference in.
   The list opens right under the field typed in (over what follows it), and the field is a
   combobox for screen readers: it says whether the list is open and which one is chosen.
   Without this script the editor still works: references are typed by hand and checked on
   save. */
(function () {
  "use strict";
  var form = document.querySelector("form.editor-form");
  if (!form) return;
  var url = form.getAttribute("data-lookup-url");
  var list = form.querySelector(".ref-suggestions");
  var tags = form.querySelector("[data-ref-complete=tags]");
  var body = form.querySelector("textarea[name=body]");
  var active = null, start = 0, chosen = -1, timer = null, items = [];

  [tags, body].forEach(function (field) {
    if (!field) return;
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", list.id);
    field.setAttribute("aria-expanded", "false");
  });

  function mark() {
    Array.prototype.forEach.call(list.children, function (li, n) {
      li.setAttribute("aria-selected", n === chosen ? "true" : "false");
    });
    if (active) {
      if (chosen >= 0) active.setAttribute("aria-activedescendant", list.children[chosen].id);
      else active.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true; list.innerHTML = ""; items = []; chosen = -1;
    [tags, body].forEach(function (field) {
      if (!field) return;
      field.setAttribute("aria-expanded", "false");
      field.removeAttribute("aria-activedescendant");
    });
  }

  function put(ref) {
    if (active === tags) {
      var parts = tags.value.split(/,\s*/);
      parts[parts.length - 1] = ref;
      tags.value = parts.join(", ") + ", ";
    } else if (active === body) {
      var caret = body.selectionStart;
      body.value = body.value.slice(0, start) + ref + "]]" + body.value.slice(caret);
      var at = start + ref.length + 2;
      body.setSelectionRange(at, at);
    }
    close();
    active.focus();
  }

  function show(results) {
    if (!active || document.activeElement !== active) return;  // left the field meanwhile
    list.innerHTML = "";
    items = results;
    results.forEach(function (item, n) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "ref-suggestion-" + n;
      li.setAttribute("aria-selected", "false");
      var label = document.createElement("span");
      label.className = "ref-label";
      label.textContent = item.label;
      var ref = document.createElement("span");
      ref.className = "ref-code";
      ref.textContent = item.ref;
      li.appendChild(label);
      li.appendChild(document.createTextNode(" — "));
      li.appendChild(ref);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); put(item.ref); });
      list.appendChild(li);
    });
    chosen = -1;
    // Right under the field typed in: the list is placed where the field ends.
    if (active && active.nextElementSibling !== list) active.insertAdjacentElement("afterend", list);
    list.hidden = results.length === 0;
    if (active) active.setAttribute("aria-expanded", results.length ? "true" : "false");
  }

  function ask(query) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { show(data.results || []); })
        .catch(close);
    }, 150);
  }

  if (tags) tags.addEventListener("input", function () {
    active = tags;
    var last = tags.value.split(/,\s*/).pop().trim();
    if (last.length >= 2) ask(last); else close();
  });
  if (body) body.addEventListener("input", function () {
    active = body;
    var before = body.value.slice(0, body.selectionStart);
    var open = before.lastIndexOf("[[");
    if (open < 0 || before.indexOf("]]", open) >= 0) { close(); return; }
    var typed = before.slice(open + 2);
    if (/\s|\|/.test(typed) || typed.replace(/^[a-z]+:/, "").length < 2) { close(); return; }
    start = open + 2;
    ask(typed);
  });
  [tags, body].forEach(function (field) {
    if (field) field.addEventListener("blur", function () { if (active === field) close(); });
  });
  // After "Preview" the page comes back with the preview under the form: go to it, as the
  // editor asked to see it (and a screen reader reads it from its heading).
  var preview = document.querySelector(".article-preview");
  if (preview) {
    preview.setAttribute("tabindex", "-1");
    preview.focus();
  }

  form.addEventListener("keydown", function (event) {
    if (list.hidden || !items.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      chosen = (chosen + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      mark();
      list.children[chosen].scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter" && chosen >= 0) {
      event.preventDefault();
      put(items[chosen].ref);
    } else if (event.key === "Escape") {
      close();
    }
  });
})();
