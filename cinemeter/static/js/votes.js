// Votes without a page reload. The vote form works on its own (a plain POST that redirects
// back to the title page); this script only sends the same form with fetch, asks for JSON,
// and swaps in the score panel and the own-vote panel the server rendered, so the
// average, count, histogram and own vote are formatted in one place (the templates). When
// anything goes wrong it falls back to the plain form post.
(function () {
  "use strict";

  function submitPlainly(form, submitter) {
    // form.submit() skips the submit event (no loop) but also the clicked button's value.
    if (submitter && submitter.name) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = submitter.name;
      field.value = submitter.value;
      form.appendChild(field);
    }
    form.submit();
  }

  function fromHtml(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    return holder.firstElementChild;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-vote-form")) return;
    if (!window.fetch || !window.FormData) return;
    event.preventDefault();
    var submitter = event.submitter || null;
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var panel = form.closest("[data-vote-panel]");
    form.setAttribute("aria-busy", "true");

    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "X-CSRFToken": String(data.get("csrfmiddlewaretoken") || ""),
      },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) throw new Error("no JSON answer");
        return response.json();
      })
      .then(function (answer) {
        if (!answer.ok) {
          form.removeAttribute("aria-busy");
          panel.querySelector("[data-vote-status]").textContent = answer.error;
          return;
        }
        var score = document.querySelector("[data-score-panel]");
        if (score) score.replaceWith(fromHtml(answer.score_html));
        var fresh = fromHtml(answer.panel_html);
        panel.replaceWith(fresh);
        fresh.querySelector("[data-vote-status]").textContent = answer.message;
        // Keep keyboard users where they were: on the value they chose, or the first one.
        starsPrepare(fresh);
        var focus = fresh.querySelector(".vote-choice.chosen") || fresh.querySelector(".vote-choice");
        if (focus) focus.focus();
      })
      .catch(function () {
        submitPlainly(form, submitter);
      });
  });

  // The star control: one tab stop (the chosen half, else the first), arrow keys move
  // between the halves, Home and End jump, Enter or Space votes (the buttons' own action).
  // Hover and focus fill the stars up to that half (CSS) and name the value beside them.
  function starsPrepare(root) {
    var groups = root.querySelectorAll("[data-star-vote]");
    Array.prototype.forEach.call(groups, function (group) {
      var halves = group.querySelectorAll(".vote-choice");
      var current = group.querySelector(".vote-choice.chosen") || halves[0];
      Array.prototype.forEach.call(halves, function (half) {
        half.tabIndex = half === current ? 0 : -1;
      });
    });
  }

  function preview(group, text) {
    var label = group.querySelector("[data-star-preview]");
    if (label) label.textContent = text;
  }

  document.addEventListener("keydown", function (event) {
    var half = event.target;
    if (!(half instanceof HTMLElement) || !half.classList.contains("vote-choice")) return;
    var group = half.closest("[data-star-vote]");
    if (!group) return;
    var halves = Array.prototype.slice.call(group.querySelectorAll(".vote-choice"));
    var index = halves.indexOf(half);
    var next = {ArrowRight: index + 1, ArrowUp: index + 1, ArrowLeft: index - 1,
                ArrowDown: index - 1, Home: 0, End: halves.length - 1}[event.key];
    if (next === undefined) return;
    event.preventDefault();
    var target = halves[Math.max(0, Math.min(halves.length - 1, next))];
    halves.forEach(function (each) { each.tabIndex = each === target ? 0 : -1; });
    target.focus();
  });

  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var half = event.target;
      if (!(half instanceof HTMLElement) || !half.classList.contains("vote-choice")) return;
      var group = half.closest("[data-star-vote]");
      if (group) preview(group, half.getAttribute("aria-label") || "");
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var half = event.target;
      if (!(half instanceof HTMLElement) || !half.classList.contains("vote-choice")) return;
      var group = half.closest("[data-star-vote]");
      if (group) preview(group, "");
    });
  });

  starsPrepare(document);
})();
