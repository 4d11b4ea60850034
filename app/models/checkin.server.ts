import type { BadgeRibbon } from "~/generated/prisma/client";
import { tokenFromPayload } from "~/models/badge.server";
import { lockForWrite } from "~/models/registration.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";

export type ScanDecision =
  | { outcome: "CHECKED_IN"; checkInId: string; person: { nameZh: string; nameEn: string }; ribbon: BadgeRibbon }
  | { outcome: "ALREADY"; person: { nameZh: string; nameEn: string }; ribbon: BadgeRibbon; at: Date; by: { nameZh: string; nameEn: string } | null }
  | { outcome: "WRONG_EVENT"; event: { titleZh: string; titleEn: string } }
  | { outcome: "REVOKED" }
  | { outcome: "UNKNOWN" };

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
        ribbon: true,
        revokedAt: true,
        validFrom: true,
        validUntil: true,
        user: { select: { nameZh: true, nameEn: true } },
        event: { select: { titleZh: true, titleEn: true } },
      },
    });
    if (!badge) return { outcome: "UNKNOWN" as const };
    if (badge.eventId !== scan.eventId) return { outcome: "WRONG_EVENT" as const, event: badge.event };
    if (badge.revokedAt || (badge.validFrom && now < badge.validFrom) || (badge.validUntil && now > badge.validUntil)) return { outcome: "REVOKED" as const };

    if (scan.clientScanId) {
      const replay = await tx.checkIn.findUnique({ where: { clientScanId: scan.clientScanId }, select: { id: true, badgeId: true } });
      if (replay?.badgeId === badge.id) return { outcome: "CHECKED_IN" as const, checkInId: replay.id, person: badge.user, ribbon: badge.ribbon };
    }
    const earlier = await tx.checkIn.findFirst({
      where: { badgeId: badge.id, method: "DOOR", undoneAt: null },
      orderBy: { scannedAt: "asc" },
      select: { scannedAt: true, scannedBy: { select: { nameZh: true, nameEn: true } } },
    });
    if (earlier) return { outcome: "ALREADY" as const, person: badge.user, ribbon: badge.ribbon, at: earlier.scannedAt, by: earlier.scannedBy };

    const checkIn = await tx.checkIn.create({
      data: { eventId: scan.eventId, badgeId: badge.id, scannedById: scan.scannedById, deviceId: scan.deviceId ?? null, clientScanId: scan.clientScanId ?? null, scannedAt: now },
      select: { id: true },
    });
    return { outcome: "CHECKED_IN" as const, checkInId: checkIn.id, person: badge.user, ribbon: badge.ribbon };
  });
}

/** Undoes a mistaken check-in; the row stays, marked with who undid it and when, so the record is complete. */
export async function undoCheckIn(actorId: string, eventId: string, checkInId: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.checkIn.updateMany({ where: { id: checkInId, eventId, undoneAt: null }, data: { undoneAt: now, undoneById: actorId } });
    if (count) await audit({ actorId, action: "checkin.undo", entityType: "CheckIn", entityId: checkInId, eventId }, tx);
    return count > 0;
  });
}
