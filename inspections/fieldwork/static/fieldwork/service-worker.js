// The fieldwork pages' service worker (docs/decisions/0011). Served from under one inspection's
// fieldwork address (inspections/fieldwork/offline.py), so its scope is that inspection's fieldwork
// pages and it never sees another page. It keeps only the shell: the evidence page without the
// inspector's records (its own address, under the scope), its style sheets and scripts. Records never
// pass through here: the page keeps them in IndexedDB and sends them itself.
//
// Pages: network first, and the kept shell when there is no network. Static files the shell uses:
// the kept copy (their names change with their content).
const scope = new URL(self.registration.scope);
const staticPrefix = new URL(self.location.href).searchParams.get("static") || "/static/";
const CACHE = `jtai-offline-shell:${scope.pathname}`;
const SHELL = "shell";

const ours = (url) => url.origin === scope.origin;
const inScope = (url) => ours(url) && url.pathname.startsWith(scope.pathname);
const isStatic = (url) => ours(url) && url.pathname.startsWith(staticPrefix);

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// The evidence page asks for its shell to be kept, with the files it uses; anything else is refused.
async function keepShell(shell, assets) {
  const pageUrl = new URL(shell, scope);
  if (!inScope(pageUrl)) return;
  const cache = await caches.open(CACHE);
  const files = assets.map((asset) => new URL(asset, scope)).filter(isStatic);
  await Promise.all(
    files.map(async (file) => {
      if (!(await cache.match(file.href))) await cache.add(file.href);
    }),
  );
  const response = await fetch(pageUrl.href, { credentials: "same-origin", cache: "no-store", redirect: "error" });
  if (response.ok && (response.headers.get("Content-Type") || "").startsWith("text/html")) {
    await cache.put(new Request(new URL(SHELL, scope).href), response);
  }
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "keep-shell") {
    event.waitUntil(keepShell(event.data.shell, event.data.assets || []).catch(() => undefined));
  }
});

async function offlinePage() {
  const cache = await caches.open(CACHE);
  return (await cache.match(new URL(SHELL, scope).href)) || Response.error();
}

async function staticFile(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request.url)) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate" && inScope(url)) {
    event.respondWith(fetch(request).catch(offlinePage));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
});
