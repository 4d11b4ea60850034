/**
 * Who receives a partnership visit on the lab's side: one overall host of the visit (VisitHost with no agenda item)
 * and the hosts of its meetings (VisitHost with the agenda item). Hosts are active staff; they may read the staff
 * itinerary, see the visit on their home page and are told when a member of the delegation arrives at the gate.
 *
 * Apart from the door of the hosts page (`requireHostsEditor`), this module knows nothing of HTTP.
 */
import { DateTime } from "luxon";
import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { lockForWrite } from "~/models/registration.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { agendaFormatter } from "~/utils/agenda-display";
import { DEFAULT_TIME_ZONE, formatEventRange } from "~/utils/datetime";
import { notFound, uniqueViolation } from "~/utils/http.server";
import { pick, type Locale, type MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";
import type { HostedVisitView } from "~/views/hosted-visit";

type Tx = Prisma.TransactionClient;

// ───────────────────────────── forms ─────────────────────────────

/** A staff member as organizers type them (email or employee number, picked from the staff list). */
const staff = z.string({ message: "hosts.error.staffRequired" }).trim().min(1, { message: "hosts.error.staffRequired" }).max(320, { message: "form.tooLong" });

export const AddHostSchema = z.object({
  staff,
  // empty: the overall host of the visit
  agendaItemId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((value) => value || null),
});
export type AddHostInput = z.output<typeof AddHostSchema>;

export const RemoveHostSchema = z.object({ hostId: z.string({ message: "hosts.error.hostNotFound" }).trim().min(1, { message: "hosts.error.hostNotFound" }).max(64) });

// ───────────────────────────── the door ─────────────────────────────

async function getVisit(eventId: string) {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: { id: true, slug: true, kind: true, status: true, titleZh: true, titleEn: true, timeZone: true, startsAt: true, endsAt: true },
  });
  return event?.kind === "PARTNERSHIP_VISIT" ? event : null;
}

/**
 * The hosts page: the visit's organizers (update:visit on the event) and admins; anyone else 403, and an event that
 * is not a partnership visit 404.
 */
export async function requireHostsEditor(request: Request, slug: string | undefined) {
  const { user, eventId } = await requireEventPermission(request, slug, "update:visit");
  const visit = await getVisit(eventId);
  if (!visit) throw notFound("hosts.notVisit");
  return { user, visit, locale: await resolveLocale(request, user.locale) };
}

// ───────────────────────────── read ─────────────────────────────

const hostUserSelect = {
  id: true,
  email: true,
  nameZh: true,
  nameEn: true,
  profile: { select: { titleZh: true, titleEn: true } },
} satisfies Prisma.UserSelect;

export type HostPerson = { hostId: string; userId: string; email: string; nameZh: string; nameEn: string; titleZh: string; titleEn: string };

export type HostedItem = {
  id: string;
  kind: string;
  titleZh: string;
  titleEn: string;
  startsAt: Date;
  endsAt: Date;
  room: { nameZh: string; nameEn: string } | null;
  hosts: HostPerson[];
};

/** A host who hosts two items of this visit at the same time: the item, the host, and the other item. */
export type HostClash = { itemId: string; userId: string; otherItemId: string };

/** Two items overlap when each starts before the other ends; touching items (10:00–10:30, 10:30–11:00) do not. */
const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

export function findHostClashes(items: HostedItem[]): HostClash[] {
  const clashes: HostClash[] = [];
  for (const item of items) {
    for (const other of items) {
      if (other.id === item.id || !overlaps(item, other)) continue;
      for (const host of item.hosts) {
        if (other.hosts.some((h) => h.userId === host.userId)) clashes.push({ itemId: item.id, userId: host.userId, otherItemId: other.id });
      }
    }
  }
  return clashes;
}

/** The visit's hosts: the overall host(s) and, for every agenda item in time order, its room and host(s). */
export async function getVisitHosts(eventId: string) {
  const [items, hosts] = await Promise.all([
    prisma.agendaItem.findMany({
      where: { eventId },
      orderBy: [{ startsAt: "asc" }, { position: "asc" }],
      select: { id: true, kind: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, room: { select: { nameZh: true, nameEn: true } } },
    }),
    prisma.visitHost.findMany({
      where: { eventId },
      orderBy: { createdAt: "asc" },
      select: { id: true, agendaItemId: true, user: { select: hostUserSelect } },
    }),
  ]);
  const person = (host: (typeof hosts)[number]): HostPerson => ({
    hostId: host.id,
    userId: host.user.id,
    email: host.user.email,
    nameZh: host.user.nameZh,
    nameEn: host.user.nameEn,
    titleZh: host.user.profile?.titleZh ?? "",
    titleEn: host.user.profile?.titleEn ?? "",
  });
  const hostedItems: HostedItem[] = items.map((item) => ({ ...item, hosts: hosts.filter((host) => host.agendaItemId === item.id).map(person) }));
  return {
    overall: hosts.filter((host) => host.agendaItemId === null).map(person),
    items: hostedItems,
    clashes: findHostClashes(hostedItems),
  };
}

// ───────────────────────────── write ─────────────────────────────

type HostFailure = { ok: false; status: 400 | 404 | 409; messageKey: MessageKey };
const failure = (status: HostFailure["status"], messageKey: MessageKey): HostFailure => ({ ok: false, status, messageKey });

class Refused extends Error {
  constructor(readonly failure: HostFailure) {
    super(failure.messageKey);
  }
}

async function refusable<T>(work: () => Promise<T>): Promise<T | HostFailure> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused) return error.failure;
    if (uniqueViolation(error)) return failure(409, "hosts.error.duplicate");
    throw error;
  }
}

async function lockVisit(tx: Tx, eventId: string) {
  await lockForWrite(tx, eventId);
  const event = await tx.event.findUnique({ where: { id: eventId }, select: { kind: true } });
  if (event?.kind !== "PARTNERSHIP_VISIT") throw new Refused(failure(404, "hosts.notVisit"));
}

/**
 * An active staff account named by email, employee number or (when only one person has it) full name, as organizers
 * type or pick them; guests, leavers and unknown names are refused (400).
 */
async function findActiveStaff(tx: Tx, identifier: string) {
  const value = identifier.trim();
  const select = { id: true, nameZh: true, nameEn: true } as const;
  const active = { deletedAt: null, kind: "STAFF" as const };
  const exact = await tx.user.findFirst({ where: { ...active, OR: [{ email: value.toLowerCase() }, { profile: { employeeNo: value } }] }, select });
  if (exact) return exact;
  // the picker shows "中文名 English Name": either name alone, or both as shown
  const named = await tx.user.findMany({
    where: { ...active, OR: [{ nameZh: value }, { nameEn: value }, ...(value.includes(" ") ? [{ nameZh: value.slice(0, value.indexOf(" ")), nameEn: value.slice(value.indexOf(" ") + 1) }] : [])] },
    select,
    take: 2,
  });
  if (named.length > 1) throw new Refused(failure(400, "hosts.error.ambiguous"));
  if (!named[0]) throw new Refused(failure(400, "hosts.error.notStaff"));
  return named[0];
}

/**
 * Adds a host: to one agenda item of the visit, or (no item) as the overall host. The visit has one overall host,
 * so naming another one replaces the first; naming the same person twice for the same place is a 409.
 */
export async function addHost(actorId: string, eventId: string, input: AddHostInput) {
  return refusable(() =>
    prisma.$transaction(async (tx) => {
      await lockVisit(tx, eventId);
      const user = await findActiveStaff(tx, input.staff);
      const item = input.agendaItemId
        ? await tx.agendaItem.findFirst({ where: { id: input.agendaItemId, eventId }, select: { id: true, titleZh: true, titleEn: true } })
        : null;
      if (input.agendaItemId && !item) throw new Refused(failure(404, "hosts.error.itemNotFound"));
      const agendaItemId = item?.id ?? null;
      const existing = await tx.visitHost.findMany({ where: { eventId, agendaItemId }, select: { id: true, userId: true } });
      if (existing.some((host) => host.userId === user.id)) throw new Refused(failure(409, "hosts.error.duplicate"));
      const replaced = agendaItemId === null ? existing : [];
      for (const previous of replaced) {
        await tx.visitHost.delete({ where: { id: previous.id } });
        await audit({ actorId, action: "visit.host.remove", entityType: "VisitHost", entityId: previous.id, eventId, metadata: { userId: previous.userId, agendaItemId: null, replacedBy: user.id } }, tx);
      }
      const host = await tx.visitHost.create({ data: { eventId, userId: user.id, agendaItemId }, select: { id: true } });
      // a host is invited too: taken off the visit later, they still see it (cancelled in their calendar) until an
      // organizer withdraws the invitation, as a registrant who cancelled still sees the event they cancelled
      await tx.eventInvitation.upsert({ where: { eventId_userId: { eventId, userId: user.id } }, create: { eventId, userId: user.id }, update: {} });
      await audit({ actorId, action: "visit.host.add", entityType: "VisitHost", entityId: host.id, eventId, metadata: { userId: user.id, agendaItemId } }, tx);
      return { ok: true as const, hostId: host.id, person: { nameZh: user.nameZh, nameEn: user.nameEn }, item, replaced: replaced.length };
    }),
  );
}

/** Removes one host of this visit (404 for a host of another visit or one already removed). */
export async function removeHost(actorId: string, eventId: string, hostId: string) {
  return refusable(() =>
    prisma.$transaction(async (tx) => {
      await lockVisit(tx, eventId);
      const host = await tx.visitHost.findFirst({ where: { id: hostId, eventId }, select: { id: true, userId: true, agendaItemId: true, user: { select: { nameZh: true, nameEn: true } } } });
      if (!host) throw new Refused(failure(404, "hosts.error.hostNotFound"));
      await tx.visitHost.delete({ where: { id: host.id } });
      await audit({ actorId, action: "visit.host.remove", entityType: "VisitHost", entityId: host.id, eventId, metadata: { userId: host.userId, agendaItemId: host.agendaItemId } }, tx);
      return { ok: true as const, person: host.user };
    }),
  );
}

// ───────────────────────────── the gate ─────────────────────────────

/**
 * Whom to tell that a guest arrived, and as whom: every distinct active host of the visit (overall or of a meeting)
 * with the guest's organisation (theirs, else the delegation's). One query, because it runs inside the door's write
 * lock for every visitor scanned in.
 */
export async function arrivalRecipients(tx: Tx, eventId: string, guestUserId: string) {
  const rows = await tx.$queryRaw<Array<{ userId: string; organisationZh: string | null; organisationEn: string | null }>>`
    SELECT DISTINCT h."userId" AS "userId",
      COALESCE(NULLIF(m."organisationZh", ''), d."organisationZh") AS "organisationZh",
      COALESCE(NULLIF(m."organisationEn", ''), d."organisationEn") AS "organisationEn"
    FROM "VisitHost" h
    JOIN "User" u ON u.id = h."userId" AND u."deletedAt" IS NULL
    LEFT JOIN "Delegation" d ON d."eventId" = h."eventId"
    LEFT JOIN "DelegationMember" m ON m."delegationId" = d.id AND m."userId" = ${guestUserId}
    WHERE h."eventId" = ${eventId}`;
  return {
    hostIds: rows.map((row) => row.userId),
    organisationZh: rows[0]?.organisationZh ?? "",
    organisationEn: rows[0]?.organisationEn ?? "",
  };
}

// ───────────────────────────── the host's own view ─────────────────────────────

/** Midnight of today in the lab's zone, as an instant: "today's visits" still show after they have ended. */
const startOfToday = (now: Date) => DateTime.fromJSDate(now, { zone: DEFAULT_TIME_ZONE }).startOf("day").toJSDate();

export type HostedVisit = {
  slug: string;
  status: "PUBLISHED" | "CANCELLED";
  titleZh: string;
  titleEn: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  venue: { nameZh: string; nameEn: string } | null;
  overall: boolean;
  meetings: Array<{ id: string; titleZh: string; titleEn: string; startsAt: Date; endsAt: Date; room: { nameZh: string; nameEn: string } | null }>;
};

/**
 * The visits a staff member hosts, overall or any of their meetings, that are today or later (in the lab's zone),
 * soonest first, with the meetings they host. Drafts are left out (a host cannot open them yet), and so are archived
 * visits; a cancelled one stays, so its hosts learn of it.
 */
export async function visitsHostedBy(userId: string, now = new Date()): Promise<HostedVisit[]> {
  const rows = await prisma.visitHost.findMany({
    where: {
      userId,
      event: { kind: "PARTNERSHIP_VISIT", status: { in: ["PUBLISHED", "CANCELLED"] }, endsAt: { gte: startOfToday(now) } },
    },
    select: {
      agendaItem: { select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, room: { select: { nameZh: true, nameEn: true } } } },
      event: {
        select: {
          id: true,
          slug: true,
          status: true,
          titleZh: true,
          titleEn: true,
          timeZone: true,
          startsAt: true,
          endsAt: true,
          venue: { select: { nameZh: true, nameEn: true } },
        },
      },
    },
  });
  const visits = new Map<string, HostedVisit>();
  for (const row of rows) {
    const { id, status, ...event } = row.event;
    const visit = visits.get(id) ?? { ...event, status: status === "CANCELLED" ? "CANCELLED" : "PUBLISHED", overall: false, meetings: [] };
    if (row.agendaItem) visit.meetings.push(row.agendaItem);
    else visit.overall = true;
    visits.set(id, visit);
  }
  for (const visit of visits.values()) visit.meetings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return [...visits.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The hosted visits as the home page shows them, in one language and each visit's own zone. */
export function localizeHostedVisits(locale: Locale, visits: HostedVisit[]): HostedVisitView[] {
  return visits.map((visit) => {
    const format = agendaFormatter(locale, visit.timeZone);
    return {
      slug: visit.slug,
      title: pick(locale, visit.titleZh, visit.titleEn),
      when: formatEventRange(locale, visit.timeZone, visit.startsAt, visit.endsAt),
      venue: visit.venue ? pick(locale, visit.venue.nameZh, visit.venue.nameEn) : null,
      cancelled: visit.status === "CANCELLED",
      overall: visit.overall,
      meetings: visit.meetings.map((meeting) => {
        const range = format.range(meeting.startsAt, meeting.endsAt);
        return {
          id: meeting.id,
          title: pick(locale, meeting.titleZh, meeting.titleEn),
          time: range.label,
          start: range.start,
          room: meeting.room ? pick(locale, meeting.room.nameZh, meeting.room.nameEn) : null,
        };
      }),
    };
  });
}
