import { randomBytes } from "node:crypto";

import QRCode from "qrcode";

import type { BadgeRibbon, Prisma } from "~/generated/prisma/client";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { BADGE_PREFIX } from "~/utils/door-offline";
import { announcedWhere } from "~/models/award.server";

export function newBadgeToken() {
  return randomBytes(16).toString("base64url");
}

/** The payload format lives in app/utils/door-offline.ts, which the scanner in the browser shares. */
export function badgePayload(token: string) {
  return `${BADGE_PREFIX}${token}`;
}

/** The ribbon a person wears at an event: the most specific role they have there. */
async function ribbonFor(db: Prisma.TransactionClient, eventId: string, userId: string): Promise<BadgeRibbon> {
  const [user, organizer, speaker, awardee] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { kind: true, profile: { select: { recruitmentBatch: true } }, delegationMembers: { where: { delegation: { eventId } }, select: { id: true }, take: 1 } } }),
    db.eventRole.findFirst({ where: { eventId, userId, role: { name: "organizer" } }, select: { id: true } }),
    db.agendaPerson.findFirst({ where: { userId, role: "SPEAKER", agendaItem: { eventId } }, select: { id: true } }),
    // an awardee only once the programme is announced: a ribbon must not tell anyone (the winner included) early
    db.awardRecipient.findFirst({
      where: { OR: [{ userId }, { team: { members: { some: { userId } } } }], award: { category: { programme: { AND: [{ eventId }, announcedWhere()] } } } },
      select: { id: true },
    }),
  ]);
  // a visitor of this visit's delegation; a guest of another kind (or of another visit) is a plain guest here
  if (user.kind === "GUEST") return user.delegationMembers.length ? "VISITOR" : "GUEST";
  if (organizer) return "ORGANIZER";
  if (speaker) return "SPEAKER";
  if (awardee) return "AWARDEE";
  if (user.profile?.recruitmentBatch) return "NEW_HIRE";
  return "STAFF";
}

const badgeSelect = {
  id: true,
  token: true,
  ribbon: true,
  revokedAt: true,
  createdAt: true,
  user: {
    select: {
      nameZh: true,
      nameEn: true,
      pinyin: true,
      profile: { select: { department: { select: { nameZh: true, nameEn: true } } } },
    },
  },
  event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true, startsAt: true, endsAt: true } },
} satisfies Prisma.BadgeSelect;

/**
 * The current badge of a confirmed registrant, issued on first need. Only a confirmed registration has a badge:
 * waiting, pending or cancelled registrants get none.
 */
export async function getOrIssueBadge(eventId: string, userId: string) {
  return prisma.$transaction(async (tx) => {
    const registration = await tx.registration.findUnique({ where: { eventId_userId: { eventId, userId } }, select: { id: true, status: true } });
    if (registration?.status !== "CONFIRMED") return null;
    const current = await tx.badge.findFirst({ where: { eventId, userId, revokedAt: null }, orderBy: { createdAt: "desc" }, select: badgeSelect });
    if (current) return current;
    return tx.badge.create({
      data: { eventId, userId, registrationId: registration.id, token: newBadgeToken(), ribbon: await ribbonFor(tx, eventId, userId) },
      select: badgeSelect,
    });
  });
}

/**
 * Revokes a badge and issues its successor with a fresh token, in one transaction: from that moment the old
 * code fails at the door and the new one works.
 */
export async function revokeAndReissue(actorId: string, eventId: string, badgeId: string, reason: string) {
  return prisma.$transaction(async (tx) => {
    const badge = await tx.badge.findFirst({
      where: { id: badgeId, eventId, revokedAt: null },
      select: { userId: true, registrationId: true, ribbon: true, callingOrder: true, presentedAt: true, validFrom: true, validUntil: true },
    });
    if (!badge) return null;
    await tx.badge.update({ where: { id: badgeId }, data: { revokedAt: new Date(), revokedReason: reason } });
    const successor = await tx.badge.create({
      // the successor is the same badge in every way but its code: ceremony number, presentation, validity
      data: { ...badge, eventId, token: newBadgeToken() },
      select: { id: true, token: true },
    });
    await audit({ actorId, action: "badge.revoke", entityType: "Badge", entityId: badgeId, eventId, metadata: { reason, successor: successor.id } }, tx);
    return successor;
  });
}

/** The QR code of a payload as SVG markup (about 3 ms), sized by its viewBox so it scales to any badge. */
export function qrSvg(payload: string) {
  return QRCode.toString(payload, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
