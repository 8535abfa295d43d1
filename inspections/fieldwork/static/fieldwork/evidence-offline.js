// The evidence page with no connection (docs/decisions/0011). Online, the form is saved as it is
// without JavaScript. Offline, saving keeps the record in this browser (static/jtai/offline-queue.js)
// under an id made here, and lists it as waiting to send; the site-wide script (static/jtai/offline.js)
// sends it when the connection returns, and this page says so. The page also asks its service worker
// to keep the page's shell (the page with the empty form and none of the inspector's records, its
// style sheets and scripts) for the next time it is opened offline.
const script = document.querySelector("script[data-sync-url]");
const site = document.querySelector("script[data-queue-owner]");
const panel = document.querySelector("[data-offline-panel]");
const form = document.querySelector("#evidence-form");

// Fields the sync interface takes as ids or as lists, and the form's names it spells otherwise.
const IDS = new Set(["agencies", "case_sample"]);
const LISTS = new Set(["agencies", "scope_areas"]);
const RENAMED = { confirmed: "personal_data_confirmed" };
const SKIPPED = new Set(["csrfmiddlewaretoken", "occurred_on_0", "occurred_on_1", "occurred_on_2", "occurred_time"]);

if (site && panel && "indexedDB" in window) {
  const owner = site.dataset.queueOwner;
  const syncUrl = new URL(script.dataset.syncUrl, window.location.href).pathname;
  const queue = await import(site.dataset.queueModule);
  // Another user's offline pages are forgotten before this page keeps its own.
  await queue.claimBrowser(owner);
  const status = panel.querySelector("[data-offline-status]");
  const list = panel.querySelector("[data-offline-list]");
  panel.hidden = false;

  const say = (words) => {
    status.textContent = words;
    status.hidden = !words;
  };
  const records = (number) => (number === 1 ? "1 record" : `${number} records`);

  function occurredAt() {
    const part = (name) => (form.elements[name] ? form.elements[name].value.trim() : "");
    const [day, month, year] = ["occurred_on_0", "occurred_on_1", "occurred_on_2"].map(part);
    const time = part("occurred_time").replace(".", ":");
    const [hours, minutes] = time.split(":");
    const two = (value) => String(value || "").padStart(2, "0");
    // London time without an offset, as the form means it; the server checks it is a real moment.
    return `${year}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:00`;
  }

  function labelOf(input) {
    const label = input.labels && input.labels[0];
    return label ? label.textContent.trim() : input.value;
  }

  // The form as the sync interface takes it, and a few words for the list.
  function recordFromForm() {
    const record = { id: form.dataset.offlineId, occurred_at: occurredAt() };
    const summary = { kind: "", when: record.occurred_at.replace("T", " ").slice(0, 16) };
    for (const element of form.elements) {
      const name = element.name;
      if (!name || SKIPPED.has(name) || element.disabled || ["submit", "button"].includes(element.type)) continue;
      const key = RENAMED[name] || name;
      const value = IDS.has(name) ? Number(element.value) : element.value;
      if (LISTS.has(name)) {
        record[key] = [...(record[key] || []), ...(element.checked ? [value] : [])];
      } else if (element.type === "checkbox") {
        record[key] = element.checked;
      } else if (key === "personal_data_confirmed") {
        record[key] = ["True", "true", "on"].includes(element.value);
      } else if (element.type === "radio") {
        if (element.checked) record[key] = value;
        if (element.checked && name === "kind") summary.kind = labelOf(element);
      } else if (element.value !== "") {
        record[key] = value;
      }
    }
    summary.text = record.text || "";
    return { record, summary };
  }

  const newId = () => {
    form.dataset.offlineId = crypto.randomUUID();
  };

  function item(entry) {
    const li = document.createElement("li");
    li.className = "jtai-offline__record";
    li.dataset.recordId = entry.id;
    const tag = document.createElement("strong");
    tag.className = `govuk-tag ${entry.status === "refused" ? "govuk-tag--red" : "govuk-tag--grey"}`;
    tag.textContent = entry.status === "refused" ? "Not accepted" : "Waiting to send";
    const heading = document.createElement("p");
    heading.className = "govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1";
    heading.textContent = [entry.summary.kind, entry.summary.when].filter(Boolean).join(", ");
    const text = document.createElement("p");
    text.className = "govuk-body jtai-offline__text";
    text.textContent = entry.summary.text;
    li.append(tag, heading, text);
    if (entry.status === "refused") {
      const reason = document.createElement("p");
      reason.className = "govuk-error-message";
      reason.textContent = `The service did not accept it: ${entry.reason}`;
      const hint = document.createElement("p");
      hint.className = "govuk-body-s";
      hint.textContent = "Copy what you need, then remove it from this browser.";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "govuk-button govuk-button--secondary";
      remove.textContent = "Remove from this browser";
      remove.addEventListener("click", () => queue.remove(owner, [entry.id]));
      li.append(reason, hint, remove);
    }
    return li;
  }

  async function show() {
    const entries = (await queue.all(owner)).filter((entry) => entry.syncUrl === syncUrl);
    list.replaceChildren(...entries.map(item));
    panel.querySelector("[data-offline-empty]").hidden = entries.length > 0;
    panel.querySelector("[data-offline-explained]").hidden = entries.length === 0;
  }

  document.addEventListener(queue.CHANGED, show);
  document.addEventListener("jtai:queue-sent", ({ detail }) => {
    const words = [];
    if (detail.sent) words.push(`${records(detail.sent)} sent.`);
    if (detail.refused) words.push(`${records(detail.refused)} not accepted: see the reasons below.`);
    if (detail.signedOut) words.push("Sign in again to send the records waiting in this browser.");
    if (words.length) say(words.join(" "));
  });
  window.addEventListener("offline", () =>
    say("You are offline. Records you save are kept in this browser and sent when the connection returns."),
  );
  if (!navigator.onLine) say("You are offline. Records you save are kept in this browser and sent when the connection returns.");
  await show();

  if (form) {
    newId();
    form.addEventListener("submit", async (event) => {
      // Online, the form goes to the server as it does without JavaScript, and the server checks it.
      if (navigator.onLine) return;
      event.preventDefault();
      const { record, summary } = recordFromForm();
      // The same id kept twice (a second press of the button) is one record.
      await queue.keep(owner, { id: record.id, syncUrl, record, summary });
      form.reset();
      newId();
      say(`Saved in this browser: waiting to send. ${records((await queue.all(owner)).filter((e) => e.syncUrl === syncUrl).length)} waiting.`);
      status.scrollIntoView({ block: "center" });
    });
  }

  if ("serviceWorker" in navigator && form) {
    const registration = await navigator.serviceWorker.register(script.dataset.serviceWorker, { type: "classic" });
    const worker = registration.active || registration.waiting || registration.installing;
    const assets = [
      ...document.querySelectorAll("link[rel=stylesheet], link[rel=icon], link[rel=manifest], script[src]"),
    ].map((element) => element.href || element.src);
    for (const element of document.querySelectorAll("[data-govuk-frontend], [data-queue-module]")) {
      assets.push(element.dataset.govukFrontend || element.dataset.queueModule);
    }
    const ask = (target) => navigator.onLine && target.postMessage({ type: "keep-shell", shell: script.dataset.shell, assets });
    if (worker.state === "activated") ask(worker);
    else worker.addEventListener("statechange", () => worker.state === "activated" && ask(worker));
  }
}
