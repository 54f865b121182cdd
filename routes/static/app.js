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

  /* The header's menu folds behind «Меню» on narrow screens; without scripts it simply stays open. */
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("top-menu");
    if (!toggle || !menu) { return; }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });

  /* On a phone a table's rows become cards: each cell is labelled with its column's heading (see app.css).
     Tables whose rows do not match their heading cell for cell (spans, calendars) keep scrolling in their box. */
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
      var heads = table.tHead ? table.tHead.rows[0] : null;
      if (!heads || table.classList.contains("month") || table.querySelector("[colspan], [rowspan]")) { return; }
      var names = Array.prototype.map.call(heads.cells, function (th) { return th.textContent.trim(); });
      var rows = Array.prototype.slice.call(table.tBodies.length ? table.tBodies[0].rows : []);
      if (!rows.every(function (row) { return row.cells.length === names.length; })) { return; }
      rows.forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, n) { cell.setAttribute("data-label", names[n]); });
      });
      table.classList.add("stackable");
    });
  });

  /* A menu group («Планы») closes when one clicks elsewhere or presses Escape. */
  function closeGroups(except) {
    Array.prototype.forEach.call(document.querySelectorAll("details.nav-group[open]"), function (d) {
      if (d !== except) { d.open = false; }
    });
  }
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("details.nav-group") : null;
    closeGroups(target);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeGroups(null); }
  });

  /* A field required only for some decisions (the visa's remarks): marked required as soon as one is chosen. */
  function markRequiredWhen(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-required-when]"), function (field) {
      var codes = field.getAttribute("data-required-when").split(" ");
      var chosen = form.querySelector("input[name=decision]:checked");
      var needed = !!chosen && codes.indexOf(chosen.value) >= 0;
      field.setAttribute("aria-required", needed ? "true" : "false");
      var label = form.querySelector("label[for='" + field.id + "'] .req-when");
      if (label) { label.classList.toggle("on", needed); }
    });
  }
  document.addEventListener("change", function (event) {
    var form = event.target instanceof Element ? event.target.closest("form") : null;
    if (form) { markRequiredWhen(form); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form"), markRequiredWhen);
  });

  /* A password field's «Показать» button shows what is typed, and hides it again. */
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("button.show-password") : null;
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("aria-controls") || "");
    if (!field) { return; }
    var shown = field.type === "text";
    field.type = shown ? "password" : "text";
    button.textContent = shown ? "Показать" : "Скрыть";
    button.setAttribute("aria-pressed", shown ? "false" : "true");
  });

  /* An action whose form failed is opened by the server; bring it into view and focus its first field. */
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) {
      invalid.focus();
    }
  });
}());
