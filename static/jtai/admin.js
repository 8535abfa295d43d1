/* Accessibility fixes for widgets the admin's JavaScript builds after the page loads.
   - select2 (autocomplete fields): the combobox is named only by its current value, so an empty one
     has no name (axe aria-input-field-name): name it by the field's label too.
   - The filter boxes of many-to-many fields (SelectFilter2): the search icon is a span with an
     aria-label, which a span without a role may not carry (axe aria-prohibited-attr): make it an image.
   - A date and time field (a user's last log-in) is two boxes with the words "Date:" and "Time:"
     beside them but no label (axe label): name each by the field's label and its word.
   - An inline row's "Delete" box, and each box of a table of inline rows (a consultation's channels,
     a question's options), has its column's heading but no label (axe label): name it by the heading
     and the row's number. */
(function () {
  "use strict";
  function fix(root) {
    root.querySelectorAll(".select2-selection[role=combobox]").forEach(function (combo) {
      var container = combo.closest(".select2-container");
      var select = container && container.previousElementSibling;
      if (!select || !select.id) return;
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (!label) return;
      if (!label.id) label.id = select.id + "-label";
      var names = (combo.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
      if (names.indexOf(label.id) === -1) combo.setAttribute("aria-labelledby", [label.id].concat(names).join(" "));
      // Its read-only text box, which shows the value, is named the same way.
      var shown = combo.querySelector(".select2-selection__rendered[role=textbox]");
      if (shown && shown.id && !shown.hasAttribute("aria-labelledby")) {
        shown.setAttribute("aria-labelledby", label.id + " " + shown.id);
      }
    });
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    root.querySelectorAll("p.datetime input:not([aria-label])").forEach(function (input, n) {
      var row = input.closest(".form-row, .fieldBox, div");
      var label = row && row.querySelector("label");
      var part = input.name.slice(-2) === "_1" ? "time" : "date";
      input.setAttribute("aria-label", (label ? label.textContent.replace(/:$/, "").trim() + ": " : "") + part);
    });
    root.querySelectorAll(".tabular tbody tr.form-row").forEach(function (row, n) {
      row.querySelectorAll('td[class*="field-"]').forEach(function (cell) {
        var name = (cell.className.match(/field-(\S+)/) || [])[1];
        var heading = name && row.closest("table").querySelector("thead th.column-" + name);
        if (!heading) return;
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
          if ((field.labels && field.labels.length) || field.hasAttribute("aria-label")) return;
          field.setAttribute("aria-label", heading.textContent.trim() + " (row " + (n + 1) + ")");
        });
      });
    });
    root.querySelectorAll('input[type=checkbox][name$="-DELETE"]:not([aria-label])').forEach(function (box) {
      if (box.labels && box.labels.length) return;
      var row = box.closest("tr, .inline-related");
      var title = row && row.querySelector("td.original p, h3 b, .inline_label");
      box.setAttribute("aria-label", "Delete" + (title && title.textContent.trim() ? ": " + title.textContent.trim() : " this row"));
    });
  }
  function start() {
    fix(document);
    new MutationObserver(function () { fix(document); }).observe(document.body, { childList: true, subtree: true });
  }
  // After Django's own load handlers (SelectFilter2 builds its boxes on load).
  window.addEventListener("load", function () { setTimeout(start, 0); });
})();
