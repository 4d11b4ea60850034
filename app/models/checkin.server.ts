import { createHash } from "node:crypto";

import { z } from "zod";

import type { BadgeRibbon } from "~/generated/prisma/client";
import { notify } from "~/models/notification.server";
import { lockForWrite } from "~/models/registration.server";
import { arrivalRecipients } from "~/models/visit-host.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { tokenFromPayload, type ScanView } from "~/utils/door-offline";

export type ScanDecision =
  | { outcome: "CHECKED_IN"; checkInId: string; person: { nameZh: string; nameEn: string }; ribbon: BadgeRibbon }
  | { outcome: "ALREADY"; person: { nameZh: string; nameEn: string }; ribbon: BadgeRibbon; at: Date; by: { nameZh: string; nameEn: string } | null }
  | { outcome: "WRONG_EVENT"; event: { titleZh: string; titleEn: string } }
  | { outcome: "REVOKED" }
  | { outcome: "UNKNOWN" };

type BadgeState = { revokedAt: Date | null; validFrom: Date | null; validUntil: Date | null; registration: { status: string } | null };

/**
 * A badge opens the door only while it is not revoked, inside its validity window, and its registration (if it has
 * one) is confirmed: a registrant who cancels keeps the badge row, which works again if they are confirmed again.
 */
function isLive(badge: BadgeState, now: Date) {
  if (badge.revokedAt || (badge.validFrom && now < badge.validFrom) || (badge.validUntil && now > badge.validUntil)) return false;
  return !badge.registration || badge.registration.status === "CONFIRMED";
}

type Scan = { eventId: string; payload: string; scannedById: string; deviceId?: string | null; clientScanId?: string | null; now?: Date };

/**
 * What the door says to one scan, and the one CheckIn row it may write. Anything that is not a live badge of this
 * event (tampered, truncated, binary, another event's, revoked) is answered, never an error. Decided under the
 * event's write lock, so two devices scanning the same badge in the same second give one check-in and one
 * "already". A scan re-sent with the same clientScanId (an offline queue synced twice) returns its first answer.
 */
export async function decide(scan: Scan): Promise<ScanDecision> {
  const token = tokenFromPayload(scan.payload.slice(0, 200));
  if (!token) return { outcome: "UNKNOWN" };
  const now = scan.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, scan.eventId);
    const badge = await tx.badge.findUnique({
      where: { token },
      select: {
        id: true,
        eventId: true,
        userId: true,
        ribbon: true,
        revokedAt: true,
        validFrom: true,
        validUntil: true,
        registration: { select: { status: true } },
        user: { select: { nameZh: true, nameEn: true } },
        event: { select: { titleZh: true, titleEn: true, kind: true, slug: true } },
      },
    });
    if (!badge) return { outcome: "UNKNOWN" as const };
    if (badge.eventId !== scan.eventId) return { outcome: "WRONG_EVENT" as const, event: { titleZh: badge.event.titleZh, titleEn: badge.event.titleEn } };
    if (!isLive(badge, now)) return { outcome: "REVOKED" as const };

    let clientScanId = scan.clientScanId ?? null;
    if (clientScanId) {
      const replay = await tx.checkIn.findUnique({ where: { clientScanId }, select: { id: true, badgeId: true } });
      if (replay?.badgeId === badge.id) return { outcome: "CHECKED_IN" as const, checkInId: replay.id, person: badge.user, ribbon: badge.ribbon };
      // the same id for another badge is a device's bug, not a replay: decide the scan on its own
      if (replay) clientScanId = null;
    }
    const earlier = await tx.checkIn.findFirst({
      where: { badgeId: badge.id, method: "DOOR", undoneAt: null },
      orderBy: { scannedAt: "asc" },
      select: { id: true, scannedAt: true, scannedBy: { select: { nameZh: true, nameEn: true } } },
    });
    if (earlier) {
      // An offline scan synced late that was made before the recorded one: the person arrived then, so the one
      // check-in takes the earlier time and device (ADR 008). It is still one check-in.
      if (now < earlier.scannedAt) {
        await tx.checkIn.update({ where: { id: earlier.id }, data: { scannedAt: now, deviceId: scan.deviceId ?? null, scannedById: scan.scannedById } });
      }
      return { outcome: "ALREADY" as const, person: badge.user, ribbon: badge.ribbon, at: earlier.scannedAt < now ? earlier.scannedAt : now, by: earlier.scannedBy };
    }

    const checkIn = await tx.checkIn.create({
      data: { eventId: scan.eventId, badgeId: badge.id, scannedById: scan.scannedById, deviceId: scan.deviceId ?? null, clientScanId, scannedAt: now },
      select: { id: true },
    });
    // a visitor at the gate of a visit: its hosts hear of it at once, in the same transaction as the check-in
    if (badge.ribbon === "VISITOR" && badge.event.kind === "PARTNERSHIP_VISIT") {
      const { hostIds, organisationZh, organisationEn } = await arrivalRecipients(tx, scan.eventId, badge.userId);
      const payload = {
        eventSlug: badge.event.slug,
        eventTitleZh: badge.event.titleZh,
        eventTitleEn: badge.event.titleEn,
        guestNameZh: badge.user.nameZh,
        guestNameEn: badge.user.nameEn,
        organisationZh,
        organisationEn,
        arrivedAt: now.toISOString(),
      };
      await notify(hostIds, { kind: "GUEST_ARRIVED", payload }, tx);
    }
    return { outcome: "CHECKED_IN" as const, checkInId: checkIn.id, person: badge.user, ribbon: badge.ribbon };
  });
}

/** How far back a queued offline scan may be dated; anything older, or dated in the future, is taken as "now". */
const OFFLINE_WINDOW_MS = 48 * 3600_000;

export type QueuedScan = { clientScanId: string; code: string; scannedAt: Date };

/** What a scanner device posts: its id and up to 500 scans (a long offline stretch is sent in parts). */
export const scanQueueSchema = z.object({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  scans: z
    .array(z.object({ clientScanId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), code: z.string().max(500), scannedAt: z.iso.datetime().transform((value) => new Date(value)) }))
    .min(1)
    .max(500),
});

/**
 * A device's queue of scans, decided one by one in the order they were made, each at the time it was made (so
 * validity windows and arrival times are those of the scan, not of the sync). Re-sending the same queue, or part
 * of it, changes nothing: every scan carries the device's own id for it.
 */
export async function decideQueue(eventId: string, scannedById: string, deviceId: string, scans: QueuedScan[], now = new Date()) {
  const ordered = [...scans].sort((a, b) => a.scannedAt.getTime() - b.scannedAt.getTime());
  const results: Array<{ clientScanId: string; decision: ScanDecision }> = [];
  for (const scan of ordered) {
    const age = now.getTime() - scan.scannedAt.getTime();
    const at = Number.isFinite(age) && age >= 0 && age <= OFFLINE_WINDOW_MS ? scan.scannedAt : now;
    results.push({ clientScanId: scan.clientScanId, decision: await decide({ eventId, payload: scan.code, scannedById, deviceId, clientScanId: scan.clientScanId, now: at }) });
  }
  return results;
}

/** A decision as plain data for the scanner (dates as ISO strings). */
export function scanView(decision: ScanDecision): ScanView {
  switch (decision.outcome) {
    case "CHECKED_IN":
      return { outcome: decision.outcome, person: decision.person, ribbon: decision.ribbon, checkInId: decision.checkInId };
    case "ALREADY":
      return { outcome: decision.outcome, person: decision.person, ribbon: decision.ribbon, at: decision.at.toISOString(), by: decision.by };
    case "WRONG_EVENT":
      return { outcome: decision.outcome, event: decision.event };
    default:
      return { outcome: decision.outcome };
  }
}

/** Undoes a mistaken check-in; the row stays, marked with who undid it and when, so the record is complete. */
export async function undoCheckIn(actorId: string, eventId: string, checkInId: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    // the door undoes door check-ins only: a session check-in is not the door's to take back
    const { count } = await tx.checkIn.updateMany({ where: { id: checkInId, eventId, method: "DOOR", undoneAt: null }, data: { undoneAt: now, undoneById: actorId } });
    if (count) await audit({ actorId, action: "checkin.undo", entityType: "CheckIn", entityId: checkInId, eventId }, tx);
    return count > 0;
  });
}

/**
 * What a door device keeps to decide on its own while the network is down: for every badge of the event, a hash
 * of its token (never the token, so a lost phone cannot print badges), the name, ribbon and validity, and whether
 * the person is already in. The device hashes what it scans and looks it up (see app/utils/door-offline.ts).
 */
export function tokenHash(token: string) {
  return createHash("sha256").update(token).digest("hex").slice(0, 32);
}

export async function doorList(eventId: string, now = new Date()) {
  const badges = await prisma.badge.findMany({
    where: { eventId },
    select: {
      token: true,
      ribbon: true,
      revokedAt: true,
      validFrom: true,
      validUntil: true,
      registration: { select: { status: true } },
      user: { select: { nameZh: true, nameEn: true } },
      checkIns: { where: { method: "DOOR", undoneAt: null }, orderBy: { scannedAt: "asc" }, take: 1, select: { scannedAt: true } },
    },
  });
  return {
    preparedAt: now.toISOString(),
    // badges that may become valid later (a visit's window) are listed with their window; the device checks it
    badges: badges
      .filter((badge) => isLive({ ...badge, validFrom: null, validUntil: null }, now))
      .map((badge) => ({
        hash: tokenHash(badge.token),
        nameZh: badge.user.nameZh,
        nameEn: badge.user.nameEn,
        ribbon: badge.ribbon,
        validFrom: badge.validFrom?.toISOString() ?? null,
        validUntil: badge.validUntil?.toISOString() ?? null,
        checkedInAt: badge.checkIns[0]?.scannedAt.toISOString() ?? null,
      })),
    revoked: badges.filter((badge) => !isLive({ ...badge, validFrom: null, validUntil: null }, now)).map((badge) => tokenHash(badge.token)),
  };
}
export type DoorList = Awaited<ReturnType<typeof doorList>>;
