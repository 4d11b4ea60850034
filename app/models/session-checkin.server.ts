import { randomBytes } from "node:crypto";

import type { Prisma } from "~/generated/prisma/client";
import { getOrIssueBadge } from "~/models/badge.server";
import { lockForWrite } from "~/models/registration.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { RateLimiter } from "~/utils/rate-limit.server";

/**
 * Session check-in by room poster. An agenda item that needs attendance has a poster whose QR code is the URL
 * `<origin>/attend/<token>`: any phone camera opens it, and so does the in-app scanner. The token is 128 random bits
 * (22 base64url characters), like a badge's (ADR 007): it cannot be guessed from the item, and regenerating it
 * revokes every printed copy of the old poster.
 *
 * The check-in window is [start − grace, end], both edges included: people arrive a little early, and a check-in
 * at the last minute of a session still counts. After the end it is closed, so a photo of the poster shared later
 * does not record attendance. One SESSION check-in per person and item, on their badge for the event (issued here
 * if they are confirmed but have none yet). Door counts never include these: every door query filters on DOOR.
 */

export const POSTER_TOKEN = /^[A-Za-z0-9_-]{22}$/;
export const MAX_GRACE_MINUTES = 120;

/**
 * Guessing a poster token is hopeless (128 bits), but a script trying is still stopped: after 20 unknown codes in
 * ten minutes a person gets 429s, and so does an address after 100 (people behind one NAT share it).
 */
export const unknownPosterLimits = { perUser: new RateLimiter(20, 10 * 60_000), perAddress: new RateLimiter(100, 10 * 60_000) };

export function newPosterToken() {
  return randomBytes(16).toString("base64url");
}

export function posterPath(token: string) {
  return `/attend/${token}`;
}

/** The absolute URL a poster's QR code carries. */
export function posterUrl(origin: string, token: string) {
  return `${origin}${posterPath(token)}`;
}

type Timed = { startsAt: Date; endsAt: Date; attendanceGraceMinutes: number };

/** When check-in opens (the start less the grace period) and closes (the end). Both instants are inside the window. */
export function checkInWindow(item: Timed) {
  return { opensAt: new Date(item.startsAt.getTime() - item.attendanceGraceMinutes * 60_000), closesAt: item.endsAt };
}

const sessionSelect = {
  id: true,
  eventId: true,
  titleZh: true,
  titleEn: true,
  startsAt: true,
  endsAt: true,
  attendanceGraceMinutes: true,
  room: { select: { nameZh: true, nameEn: true } },
  event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true, status: true } },
} satisfies Prisma.AgendaItemSelect;

export type PosterSession = Prisma.AgendaItemGetPayload<{ select: typeof sessionSelect }> & { opensAt: Date; closesAt: Date };

/**
 * The session a poster token names, or null: a malformed token, a revoked one (regenerated or attendance turned
 * off), or an event that is not open to attendees (a draft or a cancelled one).
 */
export async function findPosterSession(token: string | undefined): Promise<PosterSession | null> {
  if (!token || !POSTER_TOKEN.test(token)) return null;
  const item = await prisma.agendaItem.findFirst({ where: { posterToken: token, needsAttendance: true }, select: sessionSelect });
  if (!item || (item.event.status !== "PUBLISHED" && item.event.status !== "ARCHIVED")) return null;
  return { ...item, ...checkInWindow(item) };
}

export type SelfCheckInResult =
  | { outcome: "CHECKED_IN"; session: PosterSession; at: Date }
  | { outcome: "ALREADY"; session: PosterSession; at: Date }
  /** inside the window and not yet checked in: what a GET shows before the person taps "Check in" */
  | { outcome: "OPEN"; session: PosterSession }
  | { outcome: "NOT_OPEN"; session: PosterSession; opensAt: Date }
  | { outcome: "CLOSED"; session: PosterSession; closedAt: Date }
  | { outcome: "NOT_REGISTERED"; session: PosterSession }
  | { outcome: "UNKNOWN" };

type Db = Prisma.TransactionClient;

/** The person's session check-in for the item (on any of their badges: a reissued badge does not allow a second). */
function findSessionCheckIn(db: Db, userId: string, itemId: string) {
  return db.checkIn.findFirst({
    where: { agendaItemId: itemId, method: "SESSION", undoneAt: null, badge: { userId } },
    orderBy: { scannedAt: "asc" },
    select: { scannedAt: true },
  });
}

/** Registration first (a stranger learns nothing about the window), then an earlier check-in, then the window. */
async function precheck(db: Db, session: PosterSession, userId: string, now: Date): Promise<Exclude<SelfCheckInResult, { outcome: "CHECKED_IN" }>> {
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: session.eventId, userId } }, select: { status: true } });
  if (registration?.status !== "CONFIRMED") return { outcome: "NOT_REGISTERED", session };
  const earlier = await findSessionCheckIn(db, userId, session.id);
  if (earlier) return { outcome: "ALREADY", session, at: earlier.scannedAt };
  if (now < session.opensAt) return { outcome: "NOT_OPEN", session, opensAt: session.opensAt };
  if (now > session.closesAt) return { outcome: "CLOSED", session, closedAt: session.closesAt };
  return { outcome: "OPEN", session };
}

/** What checking in would do now, without writing anything: a GET must not check anyone in. */
export async function previewSelfCheckIn({ userId, posterToken, now = new Date() }: { userId: string; posterToken: string | undefined; now?: Date }): Promise<SelfCheckInResult> {
  const session = await findPosterSession(posterToken);
  if (!session) return { outcome: "UNKNOWN" };
  return precheck(prisma, session, userId, now);
}

/**
 * Checks a signed-in attendee into the session of a poster. Decided under the event's write lock (as the door's
 * `decide()` is), so two taps, or two devices, in the same instant record one check-in and one ALREADY.
 */
export async function selfCheckIn({ userId, posterToken, now = new Date() }: { userId: string; posterToken: string | undefined; now?: Date }): Promise<SelfCheckInResult> {
  const session = await findPosterSession(posterToken);
  if (!session) return { outcome: "UNKNOWN" };
  const before = await precheck(prisma, session, userId, now);
  if (before.outcome !== "OPEN") return before;
  // A confirmed registrant who never opened their badge has none yet: issue it first (its own transaction, which
  // must not run inside the locked one below).
  const issued = await getOrIssueBadge(session.eventId, userId);
  if (!issued) return { outcome: "NOT_REGISTERED", session };
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, session.eventId);
    const decided = await precheck(tx, session, userId, now);
    if (decided.outcome !== "OPEN") return decided;
    const badge = await tx.badge.findFirst({ where: { eventId: session.eventId, userId, revokedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true } });
    const checkIn = await tx.checkIn.create({
      data: { eventId: session.eventId, badgeId: badge?.id ?? issued.id, agendaItemId: session.id, method: "SESSION", scannedAt: now, scannedById: userId },
      select: { id: true },
    });
    await audit({ actorId: userId, action: "checkin.session", entityType: "CheckIn", entityId: checkIn.id, eventId: session.eventId, metadata: { agendaItemId: session.id } }, tx);
    return { outcome: "CHECKED_IN" as const, session, at: now };
  });
}

/**
 * A new poster token for an item that needs attendance: every printed copy of the old poster stops working at once.
 * Null when the item is unknown or does not need attendance.
 */
export async function regeneratePosterToken(actorId: string, eventId: string, itemId: string) {
  return prisma.$transaction(async (tx) => {
    const item = await tx.agendaItem.findFirst({ where: { id: itemId, eventId, needsAttendance: true }, select: { id: true } });
    if (!item) return null;
    const posterToken = newPosterToken();
    await tx.agendaItem.update({ where: { id: itemId }, data: { posterToken } });
    await audit({ actorId, action: "agenda.poster.regenerate", entityType: "AgendaItem", entityId: itemId, eventId }, tx);
    return posterToken;
  });
}

// ───────────────────────────── the organizers' view ─────────────────────────────

export type SessionAttendee = { userId: string; nameZh: string; nameEn: string; departmentZh: string | null; departmentEn: string | null; at: Date };

export type SessionAttendance = {
  id: string;
  titleZh: string;
  titleEn: string;
  startsAt: Date;
  endsAt: Date;
  opensAt: Date;
  room: { nameZh: string; nameEn: string; capacity: number | null } | null;
  checkedIn: number;
  overCapacity: boolean;
  attendees: SessionAttendee[];
};

/**
 * Every item of the event that needs attendance, in running order, with the people checked in (not undone session
 * check-ins, one per person, earliest first), against the room's capacity and the event's confirmed registrants.
 */
export async function sessionAttendance(eventId: string) {
  const [items, registered, checkIns] = await Promise.all([
    prisma.agendaItem.findMany({
      where: { eventId, needsAttendance: true },
      orderBy: [{ startsAt: "asc" }, { position: "asc" }],
      select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, attendanceGraceMinutes: true, room: { select: { nameZh: true, nameEn: true, capacity: true } } },
    }),
    prisma.registration.count({ where: { eventId, status: "CONFIRMED" } }),
    prisma.checkIn.findMany({
      where: { eventId, method: "SESSION", undoneAt: null, agendaItem: { needsAttendance: true } },
      orderBy: { scannedAt: "asc" },
      select: {
        agendaItemId: true,
        scannedAt: true,
        badge: { select: { user: { select: { id: true, nameZh: true, nameEn: true, profile: { select: { department: { select: { nameZh: true, nameEn: true } } } } } } } },
      },
    }),
  ]);
  const byItem = new Map<string, Map<string, SessionAttendee>>();
  for (const checkIn of checkIns) {
    if (!checkIn.agendaItemId) continue;
    let people = byItem.get(checkIn.agendaItemId);
    if (!people) byItem.set(checkIn.agendaItemId, (people = new Map()));
    const { user } = checkIn.badge;
    if (people.has(user.id)) continue;
    const department = user.profile?.department ?? null;
    people.set(user.id, { userId: user.id, nameZh: user.nameZh, nameEn: user.nameEn, departmentZh: department?.nameZh ?? null, departmentEn: department?.nameEn ?? null, at: checkIn.scannedAt });
  }
  const sessions: SessionAttendance[] = items.map((item) => {
    const attendees = [...(byItem.get(item.id)?.values() ?? [])];
    const capacity = item.room?.capacity ?? null;
    return {
      id: item.id,
      titleZh: item.titleZh,
      titleEn: item.titleEn,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      opensAt: checkInWindow(item).opensAt,
      room: item.room,
      checkedIn: attendees.length,
      overCapacity: capacity !== null && attendees.length > capacity,
      attendees,
    };
  });
  return { registered, sessions };
}
