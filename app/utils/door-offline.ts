/**
 * The door's answers, shared by the server and the scanner in the browser: the payload format, the words for each
 * answer, and the decision a device makes on its own from its prepared list while the network is down (ADR 008).
 */
import type { Locale, Translate } from "~/utils/i18n";
import { pick } from "~/utils/i18n";

/**
 * The QR payload is "CV1." and 22 characters of a random 128-bit token: unguessable without a signature, short
 * enough (26 characters) for a version-2 code that a phone reads at arm's length, and revocable because the
 * token lives in the database. The prefix lets a scanner tell our badges from any other code.
 */
export const BADGE_PREFIX = "CV1.";
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

/** The token inside a scanned payload, or null for anything that is not one of our badges. */
export function tokenFromPayload(payload: string) {
  const value = payload.trim();
  if (!value.startsWith(BADGE_PREFIX)) return null;
  const token = value.slice(BADGE_PREFIX.length);
  return TOKEN.test(token) ? token : null;
}

export type Outcome = "CHECKED_IN" | "ALREADY" | "WRONG_EVENT" | "REVOKED" | "UNKNOWN";
type Names = { nameZh: string; nameEn: string };

/** One answer as plain data: what the server sends, what the device decides offline, what the queue keeps. */
export type ScanView = {
  outcome: Outcome;
  person?: Names;
  ribbon?: string;
  /** when the person was first checked in (ALREADY) */
  at?: string;
  by?: Names | null;
  event?: { titleZh: string; titleEn: string };
  checkInId?: string | null;
  /** decided by the device from its prepared list, not yet by the server */
  offline?: boolean;
  /** offline, and the code is not on the prepared list: the server decides when the queue syncs */
  unlisted?: boolean;
};

export function scanMessage(t: Translate, locale: Locale, view: ScanView, timeZone = "Asia/Shanghai") {
  const name = view.person ? `${view.person.nameZh} ${view.person.nameEn}` : "";
  switch (view.outcome) {
    case "CHECKED_IN":
      return t("checkin.outcome.CHECKED_IN", { name });
    case "ALREADY": {
      const time = view.at
        ? new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(new Date(view.at))
        : "";
      const by = view.by ? pick(locale, view.by.nameZh, view.by.nameEn) : t("checkin.someone");
      return t("checkin.outcome.ALREADY", { name, time, by });
    }
    case "WRONG_EVENT":
      return t("checkin.outcome.WRONG_EVENT", { event: view.event ? pick(locale, view.event.titleZh, view.event.titleEn) : "" });
    case "UNKNOWN":
      return view.unlisted ? t("checkin.offline.unlisted") : t("checkin.outcome.UNKNOWN");
    default:
      return t("checkin.outcome.REVOKED");
  }
}

/** The prepared list as the server sends it (see doorList in app/models/checkin.server.ts). */
export type PreparedList = {
  preparedAt: string;
  badges: Array<{ hash: string; nameZh: string; nameEn: string; ribbon: string; validFrom: string | null; validUntil: string | null; checkedInAt: string | null }>;
  revoked: string[];
};

/** SHA-256 of a token, hex, first 32 characters: the same as tokenHash on the server. Needs a secure context. */
export async function hashToken(token: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, 32);
}

/**
 * The device's own answer while offline. `seenHere` holds the hashes this device has let in since the list was
 * prepared (with when), so a second scan of the same badge on this device says "already". Two devices that are
 * both offline cannot know about each other: the server settles that when both sync (one check-in, one
 * "already"), as ADR 008 records.
 */
export function decideOffline(list: PreparedList | null, hash: string | null, seenHere: Record<string, string>, now: Date): ScanView {
  if (!hash) return { outcome: "UNKNOWN", offline: true };
  if (list?.revoked.includes(hash)) return { outcome: "REVOKED", offline: true };
  const badge = list?.badges.find((entry) => entry.hash === hash);
  if (!badge) return { outcome: "UNKNOWN", offline: true, unlisted: true };
  const person = { nameZh: badge.nameZh, nameEn: badge.nameEn };
  if ((badge.validFrom && now < new Date(badge.validFrom)) || (badge.validUntil && now > new Date(badge.validUntil))) return { outcome: "REVOKED", offline: true };
  const at = badge.checkedInAt ?? seenHere[hash];
  if (at) return { outcome: "ALREADY", person, ribbon: badge.ribbon, at, by: null, offline: true };
  return { outcome: "CHECKED_IN", person, ribbon: badge.ribbon, offline: true };
}

/** A scan waiting on this device for the network. */
export type QueuedScan = { clientScanId: string; code: string; scannedAt: string; hash: string | null; local: ScanView };

/** A random id for a scan, unique per device and scan, so a queue sent twice is counted once. */
export function newScanId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
