// The door scanner's service worker (ADR 008): a door device that loses the network can still reload or reopen its
// scanner page. Its badge list and scan queue already live in localStorage; this keeps the page itself, and the
// build files it runs on, in one cache.
//
// - The scanner page (/events/:slug/checkin) is fetched from the network first, always: a fresh page when online,
//   a 403 or a sign-in redirect honoured (and the kept copy dropped). Only when the network fails is the kept copy
//   served, marked with the header x-convene-offline-copy.
// - The page asks for its own copy once it has loaded (message "keep", with the URLs of the page and its build
//   files). One scanner page is kept at a time, with exactly the build files it needs, so old builds never pile up.
// - Nothing else is touched: every other request goes to the network as if there were no worker.
// - Signing out (the sign-in page sends "forget") deletes the copy, so no event page stays on a shared device.

const CACHE = "convene-door-v1";
const SCANNER_PAGE = /^\/events\/[^/]+\/checkin$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const message = event.data ?? {};
  if (message.type === "forget") {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (message.type !== "keep" || !Array.isArray(message.urls)) return;
  event.waitUntil(
    keep(message.urls).then(
      (kept) => event.source?.postMessage({ type: "kept", kept }),
      () => event.source?.postMessage({ type: "kept", kept: false }),
    ),
  );
});

/** Replaces the kept copy with this page and its build files; false if any of them could not be fetched. */
async function keep(urls) {
  const wanted = [...new Set(urls)].map((url) => new URL(url, self.location.origin)).filter((url) => url.origin === self.location.origin);
  const page = wanted.find((url) => SCANNER_PAGE.test(url.pathname));
  if (!page) return false;
  const files = wanted.filter((url) => url.pathname.startsWith("/build/") || url.pathname === "/favicon.svg");
  const responses = await Promise.all(
    [page, ...files].map(async (url) => {
      const response = await fetch(url.href, { credentials: "same-origin", cache: "no-cache" });
      // a page that answers with a redirect (signed out) or an error is not worth keeping
      return response.ok && !response.redirected ? [url.pathname, response] : null;
    }),
  );
  if (responses.some((entry) => entry === null)) return false;
  await caches.delete(CACHE);
  const cache = await caches.open(CACHE);
  await Promise.all(responses.map(([path, response]) => cache.put(path, response)));
  return true;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && SCANNER_PAGE.test(url.pathname)) event.respondWith(scannerPage(request, url.pathname));
  else if (url.pathname.startsWith("/build/")) event.respondWith(buildFile(request, url.pathname));
});

async function scannerPage(request, path) {
  try {
    const response = await fetch(request);
    // signed out, or no longer allowed at this door: the kept copy must not outlive that
    if (response.redirected || response.status === 401 || response.status === 403 || response.status === 404) {
      const cache = await caches.open(CACHE);
      await cache.delete(path);
    }
    return response;
  } catch (error) {
    const cache = await caches.open(CACHE);
    const kept = await cache.match(path);
    if (!kept) throw error;
    const headers = new Headers(kept.headers);
    headers.set("x-convene-offline-copy", "1");
    return new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers });
  }
}

/** Build files are named by their content, so a kept one is the right one; the network is asked only for others. */
async function buildFile(request, path) {
  const cache = await caches.open(CACHE);
  return (await cache.match(path)) ?? fetch(request);
}
