/**
 * Contact exchange at an event (ADR 013): a signed-in attendee scans a colleague's badge, and each is added to the
 * other's "people I met". What either learns is the directory card and nothing else; each side's note is private
 * to its writer; either side can end the connection, which removes it for both. Scanning a badge here never
 * checks anyone in: only the door (app/models/checkin.server.ts) writes CheckIn rows.
 */
import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { resolveGuestLink } from "~/models/guest-link.server";
import { notify } from "~/models/notification.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { tokenFromPayload } from "~/utils/door-offline";
import { uniqueViolation } from "~/utils/http.server";
import { pick, type Locale } from "~/utils/i18n";
import { RateLimiter } from "~/utils/rate-limit.server";
import type { ContactCardView } from "~/views/contact-card";

export const NOTE_MAX = 400;

/** What a colleague sees of a person: the directory profile, never the account's other fields. */
export type DirectoryCard = {
  userId: string;
  kind: "STAFF" | "GUEST";
  nameZh: string;
  nameEn: string;
  pinyin: string | null;
  departmentZh: string | null;
  departmentEn: string | null;
  titleZh: string | null;
  titleEn: string | null;
  /** a guest's organisation; for staff the institution, filled in where it is shown */
  organisationZh: string | null;
  organisationEn: string | null;
  email: string | null;
  phone: string | null;
};

/** A person's directory card as seen at one event: a guest's title, organisation and opt-in are those of that visit's delegation. */
const cardSelect = (eventId: string) =>
  ({
    id: true,
    kind: true,
    email: true,
    nameZh: true,
    nameEn: true,
    pinyin: true,
    profile: { select: { titleZh: true, titleEn: true, phone: true, department: { select: { nameZh: true, nameEn: true } } } },
    delegationMembers: {
      where: { delegation: { eventId } },
      select: { titleZh: true, titleEn: true, organisationZh: true, organisationEn: true, email: true, contactOptIn: true },
      take: 1,
    },
  }) satisfies Prisma.UserSelect;

type CardRow = Prisma.UserGetPayload<{ select: ReturnType<typeof cardSelect> }>;

function cardOf(user: CardRow): DirectoryCard {
  const blank = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
  if (user.kind === "GUEST") {
    const member = user.delegationMembers[0];
    return {
      userId: user.id,
      kind: "GUEST",
      nameZh: user.nameZh,
      nameEn: user.nameEn,
      pinyin: blank(user.pinyin),
      departmentZh: null,
      departmentEn: null,
      titleZh: blank(member?.titleZh),
      titleEn: blank(member?.titleEn),
      organisationZh: blank(member?.organisationZh),
      organisationEn: blank(member?.organisationEn),
      // a guest's account address is made up by the import; only the address the delegation gave is theirs
      email: blank(member?.email),
      phone: null,
    };
  }
  return {
    userId: user.id,
    kind: "STAFF",
    nameZh: user.nameZh,
    nameEn: user.nameEn,
    pinyin: blank(user.pinyin),
    departmentZh: blank(user.profile?.department?.nameZh),
    departmentEn: blank(user.profile?.department?.nameEn),
    titleZh: blank(user.profile?.titleZh),
    titleEn: blank(user.profile?.titleEn),
    organisationZh: null,
    organisationEn: null,
    email: user.email,
    phone: blank(user.profile?.phone),
  };
}

/** Who may exchange contacts at an event: its confirmed registrants, its organizers and its check-in staff. */
export async function canExchangeContacts(userId: string, eventId: string, db: Prisma.TransactionClient = prisma) {
  const [registration, role] = await Promise.all([
    db.registration.findFirst({ where: { eventId, userId, status: "CONFIRMED" }, select: { id: true } }),
    db.eventRole.findFirst({ where: { eventId, userId, role: { name: { in: ["organizer", "checkin"] } } }, select: { id: true } }),
  ]);
  return Boolean(registration || role);
}

export type ConnectResult =
  | { outcome: "CONNECTED"; connectionId: string; person: DirectoryCard }
  | { outcome: "ALREADY"; connectionId: string; person: DirectoryCard }
  | { outcome: "SELF" }
  | { outcome: "NOT_OPTED_IN" }
  | { outcome: "NOT_REGISTERED" }
  | { outcome: "WRONG_EVENT" }
  | { outcome: "REVOKED" }
  | { outcome: "UNKNOWN" }
  | { outcome: "RATE_LIMITED" };

export type ConnectOutcome = ConnectResult["outcome"];

/**
 * Unknown codes per person: ten a minute is more than any honest thumb mistypes, and at that rate guessing a
 * 128-bit token is hopeless anyway; the limit keeps a script from trying.
 */
const UNKNOWN_PER_MINUTE = 10;
const unknownCodes = new RateLimiter(UNKNOWN_PER_MINUTE, 60_000);

/** The same liveness rule as the door's: not revoked, inside its validity window, registration confirmed. */
function isLive(badge: { revokedAt: Date | null; validFrom: Date | null; validUntil: Date | null; registration: { status: string } | null }, now: Date) {
  if (badge.revokedAt || (badge.validFrom && now < badge.validFrom) || (badge.validUntil && now > badge.validUntil)) return false;
  return !badge.registration || badge.registration.status === "CONFIRMED";
}

type ConnectInput = { scannerId: string; eventId: string; payload: string; now?: Date };

/**
 * One attendee scan. A staff colleague's badge makes the pair of rows (scanner → colleague and colleague →
 * scanner) in one transaction and tells the colleague in the app. A guest's badge works only if the guest opted
 * in, and makes the scanner's row only: guests have no account to keep a list in. Bad codes are answers, not
 * errors, and an answer about someone else's badge reveals nothing beyond its outcome.
 */
export async function connectByBadge({ scannerId, eventId, payload, now = new Date() }: ConnectInput): Promise<ConnectResult> {
  if (unknownCodes.isLimited(scannerId, now.getTime())) return { outcome: "RATE_LIMITED" };
  if (!(await canExchangeContacts(scannerId, eventId))) return { outcome: "NOT_REGISTERED" };
  const unknown = () => {
    unknownCodes.hit(scannerId, now.getTime());
    return { outcome: "UNKNOWN" as const };
  };
  const token = tokenFromPayload(payload.slice(0, 200));
  if (!token) return unknown();
  const badge = await prisma.badge.findUnique({
    where: { token },
    select: { eventId: true, userId: true, revokedAt: true, validFrom: true, validUntil: true, registration: { select: { status: true } }, user: { select: { ...cardSelect(eventId), deletedAt: true } } },
  });
  if (!badge) return unknown();
  if (badge.eventId !== eventId) return { outcome: "WRONG_EVENT" };
  if (!isLive(badge, now) || badge.user.deletedAt) return { outcome: "REVOKED" };
  if (badge.userId === scannerId) return { outcome: "SELF" };
  if (badge.user.kind === "GUEST" && !badge.user.delegationMembers[0]?.contactOptIn) return { outcome: "NOT_OPTED_IN" };
  const person = cardOf(badge.user);

  try {
    return await prisma.$transaction(async (tx) => {
      const key = { eventId_fromUserId_toUserId: { eventId, fromUserId: scannerId, toUserId: badge.userId } };
      const existing = await tx.connection.findUnique({ where: key, select: { id: true } });
      if (existing) return { outcome: "ALREADY" as const, connectionId: existing.id, person };
      const made = await tx.connection.create({ data: { eventId, fromUserId: scannerId, toUserId: badge.userId, createdAt: now }, select: { id: true } });
      if (badge.user.kind === "STAFF") {
        await tx.connection.upsert({
          where: { eventId_fromUserId_toUserId: { eventId, fromUserId: badge.userId, toUserId: scannerId } },
          create: { eventId, fromUserId: badge.userId, toUserId: scannerId, createdAt: now },
          update: {},
        });
        const [scanner, event] = await Promise.all([
          tx.user.findUniqueOrThrow({ where: { id: scannerId }, select: { nameZh: true, nameEn: true } }),
          tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true } }),
        ]);
        await notify(
          [badge.userId],
          { kind: "CONNECTION_MADE", payload: { eventSlug: event.slug, eventTitleZh: event.titleZh, eventTitleEn: event.titleEn, nameZh: scanner.nameZh, nameEn: scanner.nameEn } },
          tx,
        );
      }
      await audit({ actorId: scannerId, action: "connection.create", entityType: "Connection", entityId: made.id, eventId, metadata: { toUserId: badge.userId } }, tx);
      return { outcome: "CONNECTED" as const, connectionId: made.id, person };
    });
  } catch (error) {
    // the same two people scanning each other in the same instant: the other scan made the rows
    if (!uniqueViolation(error)) throw error;
    const existing = await prisma.connection.findUniqueOrThrow({ where: { eventId_fromUserId_toUserId: { eventId, fromUserId: scannerId, toUserId: badge.userId } }, select: { id: true } });
    return { outcome: "ALREADY", connectionId: existing.id, person };
  }
}

export type MetPerson = { connectionId: string; note: string; metAt: Date; person: DirectoryCard };

/** The people a user met at an event, newest first: only the user's own rows, each with its private note. */
export async function listConnections(userId: string, eventId: string): Promise<MetPerson[]> {
  const rows = await prisma.connection.findMany({
    where: { eventId, fromUserId: userId, toUser: { deletedAt: null } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, note: true, createdAt: true, toUser: { select: cardSelect(eventId) } },
  });
  return rows.map((row) => ({ connectionId: row.id, note: row.note, metAt: row.createdAt, person: cardOf(row.toUser) }));
}

export const NoteSchema = z.object({
  connectionId: z.string().min(1).max(40),
  note: z
    .string()
    .max(NOTE_MAX)
    .optional()
    .transform((value) => (value ?? "").replace(/\r\n?/g, "\n").trim()),
});

/** Saves the user's private note on one of their own connections; false when it is not theirs (or gone). */
export async function updateNote(userId: string, eventId: string, connectionId: string, note: string) {
  if (note.length > NOTE_MAX) throw new RangeError("note too long");
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.connection.updateMany({ where: { id: connectionId, eventId, fromUserId: userId }, data: { note } });
    if (count) await audit({ actorId: userId, action: "connection.note", entityType: "Connection", entityId: connectionId, eventId, metadata: { length: note.length } }, tx);
    return count > 0;
  });
}

/**
 * Ends a connection for both sides (ADR 013): the user's row and the other person's row towards them, notes and
 * all. Either side may do it, so whoever was scanned can take their card back out of the scanner's list.
 */
export async function deleteConnection(userId: string, eventId: string, connectionId: string) {
  return prisma.$transaction(async (tx) => {
    const mine = await tx.connection.findFirst({ where: { id: connectionId, eventId, fromUserId: userId }, select: { id: true, toUserId: true } });
    if (!mine) return false;
    const { count } = await tx.connection.deleteMany({
      where: { eventId, OR: [{ fromUserId: userId, toUserId: mine.toUserId }, { fromUserId: mine.toUserId, toUserId: userId }] },
    });
    await audit({ actorId: userId, action: "connection.delete", entityType: "Connection", entityId: mine.id, eventId, metadata: { otherUserId: mine.toUserId, rows: count } }, tx);
    return true;
  });
}

/**
 * A guest's own choice, from their invitation link, to be scannable by staff at the visit. Recorded only when it
 * changes; the link is the credential, so a revoked or expired link changes nothing.
 */
export async function setGuestContactOptIn(token: string | undefined, optIn: boolean, now = new Date()) {
  const link = await resolveGuestLink(token, now);
  if (link.status !== "active") return link;
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.delegationMember.updateMany({ where: { id: link.member.id, contactOptIn: !optIn }, data: { contactOptIn: optIn } });
    if (count) {
      await audit({ actorId: link.member.userId, action: optIn ? "guest.contactOptIn" : "guest.contactOptOut", entityType: "DelegationMember", entityId: link.member.id, eventId: link.event.id, metadata: { linkId: link.linkId } }, tx);
    }
  });
  return { status: "saved" as const, optIn };
}

/** Whether the guest behind a member id has opted in (the guest page shows the current choice). */
export async function guestContactOptIn(memberId: string) {
  const member = await prisma.delegationMember.findUnique({ where: { id: memberId }, select: { contactOptIn: true } });
  return member?.contactOptIn ?? false;
}

/** The card as one reader sees it: their language first, and only the fields the directory shows. */
export function contactCardView(card: DirectoryCard, locale: Locale): ContactCardView {
  const facts: ContactCardView["facts"] = [];
  const add = (key: ContactCardView["facts"][number]["key"], value: string) => {
    if (value) facts.push({ key, value });
  };
  add("department", pick(locale, card.departmentZh, card.departmentEn));
  add("title", pick(locale, card.titleZh, card.titleEn));
  add("organisation", pick(locale, card.organisationZh, card.organisationEn));
  add("email", card.email ?? "");
  add("phone", card.phone ?? "");
  return { nameZh: card.nameZh, nameEn: card.nameEn, pinyin: card.pinyin, guest: card.kind === "GUEST", facts };
}
