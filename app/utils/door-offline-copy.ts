/**
 * The browser side of the door scanner's service worker (`public/door-sw.js`, ADR 008): a door device keeps a copy
 * of its scanner page and the build files it runs on, so the page reopens without a network. Only the scanner page
 * asks for a copy, and the sign-in page drops it, so a shared device never keeps an event page after signing out.
 */

export type OfflineCopy = "unsupported" | "pending" | "ready" | "failed";

const WORKER = "/door-sw.js";

/** The page's own URL and every build file it has loaded (route chunks, the camera's decoder, styles). */
function pageFiles() {
  const files = performance
    .getEntriesByType("resource")
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith("/build/"))
    .map((url) => url.pathname);
  const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"], link[rel="modulepreload"]')].map((link) => new URL(link.href).pathname);
  const scripts = [...document.querySelectorAll<HTMLScriptElement>("script[src]")].map((script) => new URL(script.src).pathname);
  return [location.pathname, "/favicon.svg", ...new Set([...files, ...sheets, ...scripts].filter((path) => path.startsWith("/build/")))];
}

/** Registers the worker and asks it to keep this page; resolves with what became of the copy. */
export async function keepOfflineCopy(): Promise<OfflineCopy> {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return "unsupported";
  try {
    await navigator.serviceWorker.register(WORKER);
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (!worker) return "failed";
    const answer = new Promise<OfflineCopy>((resolve) => {
      const onMessage = (event: MessageEvent<{ type?: string; kept?: boolean }>) => {
        if (event.data?.type !== "kept") return;
        navigator.serviceWorker.removeEventListener("message", onMessage);
        resolve(event.data.kept ? "ready" : "failed");
      };
      navigator.serviceWorker.addEventListener("message", onMessage);
      setTimeout(() => resolve("failed"), 20_000);
    });
    worker.postMessage({ type: "keep", urls: pageFiles() });
    return await answer;
  } catch {
    return "failed";
  }
}

/** Drops any kept scanner page (on the sign-in page: whoever used this device before has signed out). */
export function forgetOfflineCopy() {
  if (!("serviceWorker" in navigator)) return;
  void navigator.serviceWorker.getRegistration(WORKER).then((registration) => registration?.active?.postMessage({ type: "forget" }));
}
