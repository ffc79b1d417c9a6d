// The header's search field as an accessible combobox (WAI-ARIA 1.2 "list autocomplete").
// The field is a plain GET form that works on its own; this script only adds suggestions
// from /search/suggest as the visitor types (debounced), navigable with the arrow keys:
// Enter on a suggestion opens it, Enter without one submits the form, Escape closes the
// list (a second Escape clears the field). Each suggestion says its kind and year and
// shows a poster or photo thumbnail where there is one.
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_CHARS = 2;

  function setup(input) {
    var form = input.form;
    var url = input.getAttribute("data-suggest-url");
    var list = document.createElement("ul");
    var timer = null;
    var active = -1;
    var items = [];
    var lastQuery = "";
    var controller = null;

    list.id = input.id + "-list";
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    form.classList.add("has-suggestions");
    form.appendChild(list);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(suggestion, index) {
      var item = document.createElement("li");
      item.id = list.id + "-" + index;
      item.className = "search-suggestion";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-url", suggestion.url);
      var thumb;
      if (suggestion.image) {
        thumb = document.createElement("img");
        thumb.src = suggestion.image;
        thumb.alt = "";
        thumb.width = 32;
        thumb.height = 48;
      } else {
        thumb = document.createElement("span");
        thumb.className = "no-poster";
        thumb.setAttribute("aria-hidden", "true");
        thumb.textContent = suggestion.title.charAt(0);
      }
      var text = document.createElement("span");
      text.className = "search-suggestion-text";
      var title = document.createElement("span");
      title.className = "search-suggestion-title";
      title.textContent = suggestion.title;
      var meta = document.createElement("span");
      meta.className = "search-suggestion-meta";
      var parts = [suggestion.kind_label];
      if (suggestion.year && suggestion.kind !== "person") {
        parts.push(String(suggestion.year));
      }
      if (suggestion.detail) {
        parts.push(suggestion.detail);
      }
      meta.textContent = parts.join(" · ");
      text.appendChild(title);
      text.appendChild(meta);
      item.appendChild(thumb);
      item.appendChild(text);
      // mousedown, not click: the field's blur would close the list before the click lands.
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.assign(suggestion.url);
      });
      return item;
    }

    function show(suggestions) {
      list.textContent = "";
      items = suggestions.map(option);
      items.forEach(function (item) {
        list.appendChild(item);
      });
      active = -1;
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < MIN_CHARS) {
        show([]);
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = typeof AbortController === "function" ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          // An older answer arriving late must not replace a newer one.
          if (input.value.trim() === query) {
            show(data.suggestions || []);
          }
        })
        .catch(function () {
          /* aborted or offline: the form still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden && items.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        if (items.length) {
          highlight(active + 1 < items.length ? active + 1 : 0);
          event.preventDefault();
        }
      } else if (event.key === "ArrowUp") {
        if (items.length && !list.hidden) {
          highlight(active > 0 ? active - 1 : items.length - 1);
          event.preventDefault();
        }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          window.location.assign(items[active].getAttribute("data-url"));
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          close();
          event.preventDefault();
        } else if (input.value) {
          input.value = "";
          lastQuery = "";
          event.preventDefault();
        }
      }
    });

    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("site-search-q");
    if (input && input.getAttribute("data-suggest-url") && window.fetch) {
      setup(input);
    }
  });
})();
