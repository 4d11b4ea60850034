import { tokenFromPayload } from "~/utils/door-offline";

/**
 * What an attendee's scanner read: one of our badges, a session poster of this site (its /attend/<token> page,
 * opened directly), or something else, which is only ever answered with a message. A poster is recognised only
 * on this site's own origin, so a code pointing anywhere else is never followed.
 */
export type ScanTarget = { kind: "badge"; payload: string } | { kind: "poster"; path: string } | { kind: "empty" } | { kind: "other" };

const POSTER_PATH = /^\/attend\/[A-Za-z0-9_-]{8,200}$/;

export function scanTarget(code: string, origin: string): ScanTarget {
  const text = code.trim();
  if (!text) return { kind: "empty" };
  if (tokenFromPayload(text)) return { kind: "badge", payload: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: "other" };
  }
  if (url.origin !== origin || !POSTER_PATH.test(url.pathname) || url.username || url.password) return { kind: "other" };
  return { kind: "poster", path: `${url.pathname}${url.search}` };
}
