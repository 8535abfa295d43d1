// Progress of a running import, updated in place while JavaScript is on. The page works
// without it (a Refresh button); with it, the updates can be paused (WCAG 2.2.2), the page
// is never reloaded under the reader, and only the finish is announced.
(function () {
  "use strict";
  var region = document.getElementById("import-status");
  if (!region || !window.fetch || !window.DOMParser) return;
  var INTERVAL = 3000;
  var timer = null;
  var paused = false;

  var announcer = document.createElement("p");
  announcer.className = "govuk-visually-hidden";
  announcer.setAttribute("aria-live", "polite");
  region.parentNode.insertBefore(announcer, region.nextSibling);

  var controls = document.createElement("p");
  controls.className = "govuk-body";
  var note = document.createElement("span");
  note.textContent = "This progress updates by itself every few seconds. ";
  var toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0";
  toggle.textContent = "Pause updates";
  controls.appendChild(note);
  controls.appendChild(toggle);
  region.parentNode.insertBefore(controls, region);

  toggle.addEventListener("click", function () {
    paused = !paused;
    toggle.textContent = paused ? "Resume updates" : "Pause updates";
    note.textContent = paused ? "Updates are paused. " : "This progress updates by itself every few seconds. ";
    if (paused) {
      window.clearTimeout(timer);
    } else {
      poll();
    }
  });

  function schedule() {
    if (!paused) timer = window.setTimeout(poll, INTERVAL);
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("import-status");
        if (!fresh) return schedule();
        region.innerHTML = fresh.innerHTML;
        if (fresh.getAttribute("data-finished") === "true") {
          controls.parentNode.removeChild(controls);
          announcer.textContent = fresh.getAttribute("data-summary") || "The import has finished.";
        } else {
          schedule();
        }
      })
      .catch(schedule);
  }

  schedule();
})();
