/* The paste guard's first line: warn the moment a long text is pasted into a message box,
   and tell the server (hidden field pasted_long=1), which checks every message again anyway.
   Without this script nothing breaks: the server's check still runs. */
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-paste-guard]").forEach(function (box) {
    var form = box.form;
    if (!form) return;
    var minimum = parseInt(form.getAttribute("data-paste-min") || "300", 10);
    box.addEventListener("paste", function (event) {
      var clipboard = event.clipboardData || window.clipboardData;
      var text = clipboard ? clipboard.getData("text") : "";
      if (text.length < minimum) return;
      var flag = form.querySelector("input[name=pasted_long]");
      if (flag) flag.value = "1";
      var warning = form.querySelector("[data-paste-warning]");
      if (warning) warning.hidden = false;
    });
  });
})();
