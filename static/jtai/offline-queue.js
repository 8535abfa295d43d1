// Records made with no connection, waiting in this browser to be sent (docs/decisions/0011).
//
// Each signed-in user has a store of their own, named after their queue key (jtai/offline.py), so
// another user on the same browser neither sees nor sends it. The store holds only records still
// to send: a record leaves it once the server has said it has it ("stored" or "already"), and a
// record the server refused stays, with the reason, until the user removes it. Its id is made here
// (a UUID) and the server stores each id once, so sending the same record again is harmless.
//
// A record: { id, syncUrl, record (what the sync address takes), summary (what the list shows),
//             status: "waiting" | "refused", reason, savedAt }.

const STORE = "records";
const PREFIX = "jtai-queue-";
// The names the fieldwork service worker gives its caches; the last user seen is kept to notice another.
const SHELL_CACHES = "jtai-offline-shell";
const LAST_OWNER = "jtai-offline-owner";
const BATCH = 100;
export const CHANGED = "jtai:queue-changed";

const databaseName = (owner) => `${PREFIX}${owner}`;

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

function open(owner) {
  const opening = indexedDB.open(databaseName(owner), 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: "id" });
  return request(opening);
}

// Whether this user has a store in this browser, without making one for every page they open.
async function exists(owner) {
  if (typeof indexedDB.databases !== "function") return true;
  const names = (await indexedDB.databases()).map((database) => database.name);
  return names.includes(databaseName(owner));
}

async function inStore(owner, mode, work) {
  const database = await open(owner);
  try {
    const transaction = database.transaction(STORE, mode);
    const done = new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
    const result = await work(transaction.objectStore(STORE));
    await done;
    return result;
  } finally {
    database.close();
  }
}

const changed = () => document.dispatchEvent(new CustomEvent(CHANGED));

export async function all(owner) {
  if (!owner || !(await exists(owner))) return [];
  const records = await inStore(owner, "readonly", (store) => request(store.getAll()));
  return records.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

// Keeps a record to send; the same id kept twice is one record.
export async function keep(owner, entry) {
  await inStore(owner, "readwrite", (store) =>
    request(store.put({ status: "waiting", reason: "", savedAt: new Date().toISOString(), ...entry })),
  );
  changed();
}

export async function remove(owner, ids) {
  if (!ids.length) return;
  await inStore(owner, "readwrite", (store) => Promise.all(ids.map((id) => request(store.delete(id)))));
  changed();
}

async function refuse(owner, refusals) {
  if (!refusals.length) return;
  await inStore(owner, "readwrite", async (store) => {
    for (const { id, reason } of refusals) {
      const entry = await request(store.get(id));
      if (entry) await request(store.put({ ...entry, status: "refused", reason: String(reason) }));
    }
  });
  changed();
}

// Signing out: the store goes if nothing is left in it. Records still waiting or refused stay.
export async function discardSent(owner) {
  if (!owner || !(await exists(owner))) return;
  if ((await all(owner)).length === 0) await request(indexedDB.deleteDatabase(databaseName(owner)));
}

function csrfToken() {
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
}

// Whose session this browser holds now: records go only to the session of the user who made them,
// since the server files what it receives under the session's user.
async function sessionOwner(statusUrl) {
  const response = await fetch(statusUrl, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
    cache: "no-store",
  });
  const status = await response.json();
  return status.signed_in ? status.queue_owner : "";
}

async function post(syncUrl, entries) {
  const response = await fetch(syncUrl, {
    method: "POST",
    credentials: "same-origin",
    redirect: "error",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify({ records: entries.map((entry) => entry.record) }),
  });
  if (!response.ok) throw new Error(`The service answered ${response.status}`);
  return response.json();
}

async function sendAll(owner, statusUrl) {
  const outcome = { sent: 0, refused: 0, signedOut: false, failed: false };
  const waiting = (await all(owner)).filter((entry) => entry.status === "waiting");
  if (!waiting.length || !navigator.onLine) return outcome;
  try {
    if ((await sessionOwner(statusUrl)) !== owner) {
      outcome.signedOut = true;
      return outcome;
    }
    const bySyncUrl = Map.groupBy
      ? Map.groupBy(waiting, (entry) => entry.syncUrl)
      : waiting.reduce((groups, entry) => groups.set(entry.syncUrl, [...(groups.get(entry.syncUrl) || []), entry]), new Map());
    for (const [syncUrl, entries] of bySyncUrl) {
      for (let start = 0; start < entries.length; start += BATCH) {
        const answer = await post(syncUrl, entries.slice(start, start + BATCH));
        const confirmed = [...(answer.stored || []), ...(answer.already || [])].map(String);
        await remove(owner, confirmed);
        await refuse(owner, answer.refused || []);
        outcome.sent += confirmed.length;
        outcome.refused += (answer.refused || []).length;
      }
    }
  } catch {
    // No answer, or not the answer the sync address gives: everything not confirmed stays to send later.
    outcome.failed = true;
  }
  return outcome;
}

// Sends every waiting record of this user, one sender at a time across the user's tabs.
export function send(owner, statusUrl) {
  if (!owner) return Promise.resolve({ sent: 0, refused: 0, signedOut: false, failed: false });
  const run = () => sendAll(owner, statusUrl);
  return navigator.locks ? navigator.locks.request(`${PREFIX}${owner}`, run) : run();
}

// Offline pages carry the name of the user they were kept for and the inspection they belong to.
export async function forgetOfflinePages() {
  if ("caches" in window) {
    for (const name of await caches.keys()) {
      if (name.startsWith(SHELL_CACHES)) await caches.delete(name);
    }
  }
  if ("serviceWorker" in navigator) {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
  }
}

// Once per page, before any script of the page keeps an offline page: when another user was the
// last one here, their offline pages go. Every script that keeps or sends waits for it.
let claimed = null;
export function claimBrowser(owner) {
  claimed ||= (async () => {
    if (window.localStorage.getItem(LAST_OWNER) !== owner) {
      await forgetOfflinePages();
      window.localStorage.setItem(LAST_OWNER, owner);
    }
  })();
  return claimed;
}

export async function signingOut(owner) {
  await discardSent(owner);
  await forgetOfflinePages();
  window.localStorage.removeItem(LAST_OWNER);
}

export function count(entries) {
  const waiting = entries.filter((entry) => entry.status === "waiting").length;
  return { waiting, refused: entries.length - waiting };
}
