/* prikaz: small enhancements of the server-rendered pages (no inline scripts, no external libraries). */
(function () {
  "use strict";

  function status(message) {
    var box = document.getElementById("status");
    if (!box) { return; }
    box.textContent = message;
    box.hidden = !message;
  }

  /* Long actions: the form's buttons are disabled and a progress line appears until the next page loads. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy")) { return; }
    form.setAttribute("aria-busy", "true");
    form.classList.add("busy");
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit], button:not([type])"), function (b) {
      /* Disabled a moment later: a disabled button's name and value would not be sent. */
      window.setTimeout(function () { b.disabled = true; }, 0);
    });
    status(form.getAttribute("data-busy"));
  });

  /* Downloads that take time (PDF through LibreOffice, exports): say so while the file is prepared. */
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-busy]") : null;
    if (!link) { return; }
    status(link.getAttribute("data-busy"));
    window.addEventListener("focus", function clear() {
      status("");
      window.removeEventListener("focus", clear);
    });
  });

  /* A page reopened from the back/forward cache must not keep a stale progress line. */
  window.addEventListener("pageshow", function () {
    status("");
    Array.prototype.forEach.call(document.querySelectorAll("form.busy"), function (form) {
      form.classList.remove("busy");
      form.removeAttribute("aria-busy");
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = false; });
    });
  });

  /* An action whose form failed is opened by the server; bring it into view and focus its first field. */
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) {
      invalid.focus();
    }
  });
}());
