/* prikaz: the draft editor — points added, moved, nested and numbered; executors picked; deadlines previewed. */
(function () {
  "use strict";

  var form = document.getElementById("order-editor");
  if (!form) { return; }
  var list = document.getElementById("points");
  var template = document.getElementById("point-template");
  var previewUrl = form.getAttribute("data-preview-url");
  var searchUrl = form.getAttribute("data-search-url");
  var counter = 0;
  var MAX_LEVEL = 4;

  function rows() { return Array.prototype.slice.call(list.querySelectorAll(":scope > li.point-row")); }
  function levelOf(row) { return parseInt(row.querySelector(".point-level").value, 10) || 1; }

  function setLevel(row, level) {
    level = Math.max(1, Math.min(MAX_LEVEL, level));
    row.querySelector(".point-level").value = String(level);
    row.className = row.className.replace(/\blevel-\d\b/, "level-" + level);
  }

  /* Numbers as the server will give them: 1, 2, 2.1 …; a row cannot be nested deeper than one below its predecessor. */
  function renumber() {
    var counters = [];
    rows().forEach(function (row) {
      var level = Math.min(levelOf(row), counters.length + 1);
      setLevel(row, level);
      counters.length = level;
      counters[level - 1] = (counters[level - 1] || 0) + 1;
      var number = counters.join(".");
      row.querySelector(".pnum").textContent = number + ".";
      row.querySelector(".point-tools").setAttribute("aria-label", "Пункт " + number + ": порядок и вложенность");
    });
  }

  function newRow(level) {
    counter += 1;
    var key = "n" + Date.now().toString(36) + counter;
    var html = template.innerHTML.split("__KEY__").join(key);
    var holder = document.createElement("ol");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    setLevel(row, level || 1);
    return row;
  }

  /* A row with its sub-points: they move together. */
  function block(row) {
    var result = [row];
    var level = levelOf(row);
    var next = row.nextElementSibling;
    while (next && levelOf(next) > level) {
      result.push(next);
      next = next.nextElementSibling;
    }
    return result;
  }

  function focusTool(row, act) {
    var button = row.querySelector('[data-act="' + act + '"]');
    if (button) { button.focus(); }
  }

  list.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("button[data-act]") : null;
    if (!button) { return; }
    var row = button.closest("li.point-row");
    var act = button.getAttribute("data-act");
    var group = block(row);
    var last = group[group.length - 1];
    if (act === "up") {
      var prev = row.previousElementSibling;
      while (prev && levelOf(prev) > levelOf(row)) { prev = prev.previousElementSibling; }
      if (prev) { group.forEach(function (r) { list.insertBefore(r, prev); }); }
    } else if (act === "down") {
      var after = last.nextElementSibling;
      if (after) {
        var afterGroup = block(after);
        var anchor = afterGroup[afterGroup.length - 1].nextElementSibling;
        group.forEach(function (r) { list.insertBefore(r, anchor); });
      }
    } else if (act === "indent") {
      group.forEach(function (r) { setLevel(r, levelOf(r) + 1); });
    } else if (act === "outdent") {
      if (levelOf(row) > 1) { group.forEach(function (r) { setLevel(r, levelOf(r) - 1); }); }
    } else if (act === "child") {
      var child = newRow(levelOf(row) + 1);
      list.insertBefore(child, last.nextElementSibling);
      renumber();
      child.querySelector("textarea").focus();
      return;
    } else if (act === "remove") {
      var focusAfter = last.nextElementSibling || row.previousElementSibling;
      group.forEach(function (r) { r.remove(); });
      if (!rows().length) { list.appendChild(newRow(1)); }
      renumber();
      (focusAfter && focusAfter.querySelector("textarea") || document.getElementById("add-point")).focus();
      return;
    }
    renumber();
    focusTool(row, act);
  });

  list.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("point-level")) { renumber(); }
  });

  document.getElementById("add-point").addEventListener("click", function () {
    var row = newRow(1);
    list.appendChild(row);
    renumber();
    row.querySelector("textarea").focus();
  });

  /* The executor picker: search the directory, pick a person or an organization (optionally with subordinates). */
  var timers = new WeakMap();

  function chip(picker, value, label) {
    var name = picker.getAttribute("data-name");
    var exists = Array.prototype.some.call(picker.querySelectorAll(".chips input"), function (i) { return i.value === value; });
    if (exists) { return; }
    var li = document.createElement("li");
    li.className = "chip";
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    var span = document.createElement("span");
    span.textContent = label;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-remove";
    remove.setAttribute("aria-label", "Убрать: " + label);
    remove.textContent = "✕";
    li.appendChild(input);
    li.appendChild(span);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(remove);
    picker.querySelector(".chips").appendChild(li);
  }

  function search(picker) {
    var input = picker.querySelector(".picker-search");
    var results = picker.querySelector(".picker-results");
    var q = input.value.trim();
    if (q.length < 1) { results.innerHTML = ""; return; }
    var org = (document.getElementById("organization_id") || {}).value || picker.getAttribute("data-org") || "";
    var url = searchUrl + "?q=" + encodeURIComponent(q) + "&kinds=" + encodeURIComponent(picker.getAttribute("data-kinds")) +
      (org ? "&org=" + encodeURIComponent(org) : "");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        results.innerHTML = "";
        if (!data.items.length) {
          var none = document.createElement("li");
          none.className = "muted";
          none.textContent = "Никого не нашлось: проверьте написание.";
          results.appendChild(none);
          return;
        }
        data.items.forEach(function (item) {
          var li = document.createElement("li");
          var b = document.createElement("button");
          b.type = "button";
          b.className = "picker-option";
          b.setAttribute("data-value", item.value);
          b.setAttribute("data-label", item.label);
          b.textContent = item.label;
          if (item.detail) {
            var small = document.createElement("small");
            small.textContent = " — " + item.detail;
            b.appendChild(small);
          }
          li.appendChild(b);
          results.appendChild(li);
        });
      })
      .catch(function () {
        results.innerHTML = "";
        var li = document.createElement("li");
        li.className = "field-error";
        li.textContent = "Поиск не удался. Проверьте соединение и повторите.";
        results.appendChild(li);
      });
  }

  form.addEventListener("input", function (event) {
    var target = event.target;
    if (target.classList.contains("picker-search")) {
      var picker = target.closest(".picker");
      window.clearTimeout(timers.get(picker));
      timers.set(picker, window.setTimeout(function () { search(picker); }, 250));
    } else if (target.classList.contains("deadline-input")) {
      window.clearTimeout(timers.get(target));
      timers.set(target, window.setTimeout(function () { preview(target); }, 300));
    }
  });

  /* A point may be only its addressee («Директору …:») opening its sub-points: then its text may stay empty. */
  var ADDRESSEE_HINT = "Можно оставить пустым: пункт станет обращением «Директору …:» к подпунктам ниже.";
  function addresseeHint(select) {
    var text = select.closest(".point-row").querySelector("textarea");
    text.placeholder = select.value ? ADDRESSEE_HINT : "";
  }
  Array.prototype.forEach.call(form.querySelectorAll('select[id^="addressee-"]'), addresseeHint);
  form.addEventListener("change", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.matches('select[id^="addressee-"]')) { addresseeHint(target); }
  });

  form.addEventListener("keydown", function (event) {
    /* Enter in a search box picks the first result instead of submitting the whole form. */
    if (event.key === "Enter" && event.target.classList && event.target.classList.contains("picker-search")) {
      event.preventDefault();
      var first = event.target.closest(".picker").querySelector(".picker-option");
      if (first) { first.click(); }
    }
  });

  form.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    var option = target.closest(".picker-option");
    if (option) {
      var picker = option.closest(".picker");
      chip(picker, option.getAttribute("data-value"), option.getAttribute("data-label"));
      picker.querySelector(".picker-results").innerHTML = "";
      var input = picker.querySelector(".picker-search");
      input.value = "";
      input.focus();
      return;
    }
    var remove = target.closest(".chip-remove");
    if (remove) {
      var pickerOf = remove.closest(".picker");
      remove.closest(".chip").remove();
      pickerOf.querySelector(".picker-search").focus();
    }
  });

  /* The live preview of a deadline: what the text means and which dates it gives, from the server's grammar. */
  function preview(input) {
    var out = document.getElementById(input.getAttribute("aria-describedby"));
    var text = input.value.trim();
    if (!text) { out.textContent = ""; return; }
    var url = previewUrl + "?text=" + encodeURIComponent(text) +
      "&start=" + encodeURIComponent(document.getElementById("period_start").value) +
      "&end=" + encodeURIComponent(document.getElementById("period_end").value);
    out.textContent = "Разбираем срок…";
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        if (input.value.trim() !== data.text) { return; }
        out.textContent = data.line;
        out.classList.toggle("warn", !!data.needs_date || data.warnings.length > 0);
      })
      .catch(function () { out.textContent = "Не удалось проверить срок: проверьте соединение."; });
  }

  renumber();
}());
