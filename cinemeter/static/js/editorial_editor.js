/* The article editor's suggestions: typing in the "About" field, or after "[[" in the text,
   asks the server for matching titles, people, editions, albums and tracks (kind:slug) and
   offers them in a list; a click, or Enter on the highlighted one, puts the reference in.
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

  function close() { list.hidden = true; list.innerHTML = ""; items = []; chosen = -1; }

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
    list.innerHTML = "";
    items = results;
    results.forEach(function (item, n) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "ref-suggestion-" + n;
      li.textContent = item.label + " — " + item.ref;
      li.addEventListener("mousedown", function (event) { event.preventDefault(); put(item.ref); });
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    chosen = -1;
    if (active && active.parentNode && active.parentNode.nextSibling !== list) {
      active.parentNode.appendChild(list);
    }
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
  form.addEventListener("keydown", function (event) {
    if (list.hidden || !items.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      chosen = (chosen + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      Array.prototype.forEach.call(list.children, function (li, n) {
        li.setAttribute("aria-selected", n === chosen ? "true" : "false");
      });
    } else if (event.key === "Enter" && chosen >= 0) {
      event.preventDefault();
      put(items[chosen].ref);
    } else if (event.key === "Escape") {
      close();
    }
  });
})();
