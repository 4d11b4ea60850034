import { DateTime } from "luxon";
import { z } from "zod";

import type { EventStatus, Prisma } from "~/generated/prisma/client";
import { EVENT_TEMPLATES } from "~/models/event-templates";
import { audit } from "~/utils/audit.server";
import { optionalText, wallClock } from "~/utils/form-fields";
import { prisma } from "~/utils/db.server";
import { userCan } from "~/utils/permissions.server";
import type { MessageKey } from "~/utils/i18n";
import type { SessionUser } from "~/utils/session.server";
import { isTimeZone, parseZonedRange } from "~/utils/zoned-time.server";

/** Who is looking: what audience rules need to know about them. */
export type Viewer = {
  id: string;
  kind: "STAFF" | "GUEST";
  departmentId: string | null;
  isNewHire: boolean;
  seesEverything: boolean;
};

export async function viewerFor(user: SessionUser): Promise<Viewer> {
  const profile = await prisma.staffProfile.findUnique({
    where: { userId: user.id },
    select: { departmentId: true, recruitmentBatch: true },
  });
  return {
    id: user.id,
    kind: user.kind,
    departmentId: profile?.departmentId ?? null,
    isNewHire: Boolean(profile?.recruitmentBatch),
    seesEverything: await userCan(user, "read:event"),
  };
}

/**
 * The audience rules as one query filter, used by listings and by single-event lookups alike, so the
 * two can never disagree. Drafts are seen only by the event's own organizers (and admins).
 */
export function visibleEventsWhere(viewer: Viewer): Prisma.EventWhereInput {
  if (viewer.seesEverything) return {};
  const organizes: Prisma.EventWhereInput = {
    eventRoles: { some: { userId: viewer.id, role: { name: "organizer" } } },
  };
  const involved: Prisma.EventWhereInput[] = [
    { registrations: { some: { userId: viewer.id } } },
    { invitations: { some: { userId: viewer.id } } },
    { eventRoles: { some: { userId: viewer.id } } },
    { delegation: { members: { some: { userId: viewer.id } } } },
    { visitHosts: { some: { userId: viewer.id } } },
  ];
  if (viewer.departmentId) involved.push({ invitations: { some: { departmentId: viewer.departmentId } } });

  const audience: Prisma.EventWhereInput[] =
    viewer.kind === "STAFF"
      ? [
          { audience: "ALL_STAFF" },
          ...(viewer.departmentId
            ? [{ audience: "DEPARTMENTS" as const, audienceDepartments: { some: { departmentId: viewer.departmentId } } }]
            : []),
          ...(viewer.isNewHire ? [{ audience: "NEW_HIRES" as const }] : []),
        ]
      : [];

  return {
    OR: [organizes, { status: { not: "DRAFT" }, OR: [...audience, ...involved] }],
  };
}

export const eventCardSelect = {
  id: true,
  slug: true,
  kind: true,
  status: true,
  titleZh: true,
  titleEn: true,
  timeZone: true,
  startsAt: true,
  endsAt: true,
  audience: true,
  venue: { select: { nameZh: true, nameEn: true } },
} as const;

export async function listUpcomingEvents(viewer: Viewer, now = new Date(), take = 20) {
  return prisma.event.findMany({
    where: { AND: [visibleEventsWhere(viewer), { endsAt: { gte: now }, status: { not: "ARCHIVED" } }] },
    orderBy: { startsAt: "asc" },
    take,
    select: eventCardSelect,
  });
}

export async function listPastEvents(viewer: Viewer, now = new Date(), take = 10) {
  return prisma.event.findMany({
    where: { AND: [visibleEventsWhere(viewer), { endsAt: { lt: now } }] },
    orderBy: { startsAt: "desc" },
    take,
    select: eventCardSelect,
  });
}

export async function getVisibleEvent(viewer: Viewer, slug: string) {
  return prisma.event.findFirst({
    where: { AND: [visibleEventsWhere(viewer), { slug }] },
    select: {
      ...eventCardSelect,
      descriptionZh: true,
      descriptionEn: true,
      cancelReason: true,
      capacity: true,
      registrationOpensAt: true,
      registrationClosesAt: true,
      venue: { select: { nameZh: true, nameEn: true, addressZh: true, addressEn: true } },
    },
  });
}

// ───────────────────────────── organizing ─────────────────────────────

export const EVENT_KINDS = ["INTERNAL_CONFERENCE", "AWARD_CEREMONY", "PARTNERSHIP_VISIT"] as const;
export const AUDIENCES = ["ALL_STAFF", "DEPARTMENTS", "INVITE_ONLY", "NEW_HIRES"] as const;

/** The event form. Times are wall-clock in the event's own zone; messages are catalog keys. */
export const EventSchema = z
  .object({
    kind: z.enum(EVENT_KINDS, { message: "form.invalidChoice" }),
    titleZh: optionalText(200),
    titleEn: optionalText(200),
    descriptionZh: optionalText(20_000),
    descriptionEn: optionalText(20_000),
    timeZone: z.string().trim().default("Asia/Shanghai").refine(isTimeZone, { message: "event.timeZoneInvalid" }),
    startsAt: wallClock(),
    endsAt: wallClock(),
    venueId: z.string().trim().optional().transform((v) => v || null),
    coverImageUrl: z
      .string()
      .trim()
      .max(500, { message: "form.tooLong" })
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || /^https:\/\/|^\/(?!\/)/.test(v), { message: "event.coverInvalid" }),
    audience: z.enum(AUDIENCES, { message: "form.invalidChoice" }).default("ALL_STAFF"),
    audienceDepartmentIds: z.array(z.string()).default([]),
    isPublic: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
  })
  .refine((e) => e.titleZh || e.titleEn, { message: "event.titleRequired", path: ["titleZh"] })
  .refine((e) => e.audience !== "DEPARTMENTS" || e.audienceDepartmentIds.length > 0, {
    message: "event.departmentsRequired",
    path: ["audienceDepartmentIds"],
  });
export type EventInput = z.infer<typeof EventSchema>;

type EventOutcome<T> = ({ ok: true } & T) | { ok: false; status: 400 | 404 | 409; fieldErrors: Partial<Record<string, MessageKey[]>> };

async function resolveEventInput(input: EventInput) {
  const range = parseZonedRange(input.startsAt, input.endsAt, input.timeZone);
  const errors: Partial<Record<string, MessageKey[]>> = range.ok ? {} : { ...range.errors };
  if (input.venueId && !(await prisma.venue.findUnique({ where: { id: input.venueId }, select: { id: true } }))) {
    errors.venueId = ["form.invalidChoice"];
  }
  const departmentIds = input.audience === "DEPARTMENTS" ? [...new Set(input.audienceDepartmentIds)] : [];
  if (departmentIds.length > 0) {
    const found = await prisma.department.count({ where: { id: { in: departmentIds } } });
    if (found !== departmentIds.length) errors.audienceDepartmentIds = ["form.invalidChoice"];
  }
  if (!range.ok || Object.keys(errors).length > 0) return { ok: false as const, errors };
  const { startsAt: _s, endsAt: _e, audienceDepartmentIds: _d, ...fields } = input;
  return { ok: true as const, data: { ...fields, startsAt: range.startsAt, endsAt: range.endsAt }, departmentIds };
}

/** URL name from the English title and the year, made unique with a counter. */
async function uniqueSlug(title: string, startsAt: Date, timeZone: string, db: Prisma.TransactionClient) {
  const words = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  // The year on the event's own calendar: 07:00 on 1 January in Hangzhou is still 31 December in UTC.
  const year = String(DateTime.fromJSDate(startsAt, { zone: timeZone }).year);
  // "2028 Annual Conference" already names its year; a Chinese-only title leaves no words, only the year.
  const base = words.split("-").includes(year) ? words : [year, words].filter(Boolean).join("-");
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await db.event.findUnique({ where: { slug }, select: { id: true } }))) return slug;
  }
}

/**
 * Creates a draft with its kind's starting agenda, and makes the creator its organizer, in one transaction.
 */
export async function createEvent(actorId: string, input: EventInput): Promise<EventOutcome<{ slug: string; eventId: string }>> {
  const resolved = await resolveEventInput(input);
  if (!resolved.ok) return { ok: false, status: 400, fieldErrors: resolved.errors };
  const { data, departmentIds } = resolved;
  const event = await prisma.$transaction(async (tx) => {
    const slug = await uniqueSlug(data.titleEn || data.titleZh, data.startsAt, data.timeZone, tx);
    const created = await tx.event.create({
      data: {
        ...data,
        slug,
        status: "DRAFT",
        createdById: actorId,
        audienceDepartments: { create: departmentIds.map((departmentId) => ({ departmentId })) },
      },
      select: { id: true, slug: true, startsAt: true },
    });
    const organizerRole = await tx.role.findUniqueOrThrow({ where: { name: "organizer" }, select: { id: true } });
    await tx.eventRole.create({ data: { eventId: created.id, userId: actorId, roleId: organizerRole.id } });
    await tx.agendaItem.createMany({
      data: EVENT_TEMPLATES[data.kind].map((item, position) => ({
        eventId: created.id,
        kind: item.kind,
        titleZh: item.titleZh,
        titleEn: item.titleEn,
        startsAt: new Date(created.startsAt.getTime() + item.from * 60_000),
        endsAt: new Date(created.startsAt.getTime() + item.to * 60_000),
        position,
      })),
    });
    await audit({ actorId, action: "event.create", entityType: "Event", entityId: created.id, eventId: created.id }, tx);
    return created;
  });
  return { ok: true, slug: event.slug, eventId: event.id };
}

export async function updateEvent(actorId: string, eventId: string, input: EventInput): Promise<EventOutcome<object>> {
  const resolved = await resolveEventInput(input);
  if (!resolved.ok) return { ok: false, status: 400, fieldErrors: resolved.errors };
  const { data, departmentIds } = resolved;
  const updated = await prisma.$transaction(async (tx) => {
    const { count } = await tx.event.updateMany({ where: { id: eventId }, data });
    if (count === 0) return false;
    await tx.eventAudienceDepartment.deleteMany({ where: { eventId } });
    if (departmentIds.length) await tx.eventAudienceDepartment.createMany({ data: departmentIds.map((departmentId) => ({ eventId, departmentId })) });
    await audit({ actorId, action: "event.update", entityType: "Event", entityId: eventId, eventId }, tx);
    return true;
  });
  return updated ? { ok: true } : { ok: false, status: 404, fieldErrors: {} };
}

const TRANSITIONS: Record<EventStatus, EventStatus[]> = {
  DRAFT: ["PUBLISHED", "CANCELLED"],
  PUBLISHED: ["CANCELLED", "ARCHIVED"],
  CANCELLED: ["ARCHIVED"],
  ARCHIVED: [],
};

export const StatusSchema = z
  .object({
    status: z.enum(["PUBLISHED", "CANCELLED", "ARCHIVED"], { message: "form.invalidChoice" }),
    cancelReason: z.string().trim().max(1000, { message: "form.tooLong" }).default(""),
  })
  .refine((s) => s.status !== "CANCELLED" || s.cancelReason.length > 0, { message: "event.cancelReasonRequired", path: ["cancelReason"] });

/**
 * Draft → published → cancelled or archived. Cancelling needs a reason, and everyone registered is told, in the
 * same transaction. An impossible move (say, from archived) is a 409.
 */
export async function changeEventStatus(actorId: string, eventId: string, input: z.infer<typeof StatusSchema>): Promise<EventOutcome<object>> {
  return prisma.$transaction(async (tx) => {
    const event = await tx.event.findUnique({ where: { id: eventId }, select: { status: true } });
    if (!event) return { ok: false as const, status: 404 as const, fieldErrors: {} };
    if (!TRANSITIONS[event.status].includes(input.status)) {
      return { ok: false as const, status: 409 as const, fieldErrors: { status: ["event.transitionInvalid" as const] } };
    }
    await tx.event.update({
      where: { id: eventId },
      data: { status: input.status, ...(input.status === "CANCELLED" ? { cancelReason: input.cancelReason } : {}) },
    });
    if (input.status === "CANCELLED") {
      const registrants = await tx.registration.findMany({
        where: { eventId, status: { in: ["CONFIRMED", "WAITLISTED", "PENDING"] } },
        select: { userId: true },
      });
      await tx.notification.createMany({
        data: registrants.map(({ userId }) => ({ userId, kind: "EVENT_CANCELLED", payload: JSON.stringify({ eventId, reason: input.cancelReason }) })),
      });
    }
    await audit({ actorId, action: `event.${input.status.toLowerCase()}`, entityType: "Event", entityId: eventId, eventId }, tx);
    return { ok: true as const };
  });
}

export async function getEventForEditing(slug: string) {
  return prisma.event.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      kind: true,
      status: true,
      titleZh: true,
      titleEn: true,
      descriptionZh: true,
      descriptionEn: true,
      timeZone: true,
      startsAt: true,
      endsAt: true,
      venueId: true,
      coverImageUrl: true,
      audience: true,
      isPublic: true,
      cancelReason: true,
      audienceDepartments: { select: { departmentId: true } },
    },
  });
}

export async function listVenues() {
  return prisma.venue.findMany({ orderBy: { nameEn: "asc" }, select: { id: true, nameZh: true, nameEn: true } });
}

export const EventFilterSchema = z.object({
  kind: z.enum(EVENT_KINDS).optional().catch(undefined),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  department: z.string().max(40).optional().catch(undefined),
  when: z.enum(["upcoming", "past"]).catch("upcoming"),
});
export type EventFilter = z.infer<typeof EventFilterSchema>;

/**
 * The event listing: what the viewer's audience rules allow, narrowed by kind, by calendar month in the
 * lab's zone, and by department (events aimed at it, or inviting it).
 */
export async function listEvents(viewer: Viewer, filter: EventFilter, now = new Date(), monthZone = "Asia/Shanghai") {
  const conditions: Prisma.EventWhereInput[] = [visibleEventsWhere(viewer)];
  conditions.push(filter.when === "past" ? { endsAt: { lt: now } } : { endsAt: { gte: now } });
  if (filter.kind) conditions.push({ kind: filter.kind });
  if (filter.month) {
    const start = DateTime.fromISO(`${filter.month}-01T00:00`, { zone: monthZone });
    conditions.push({ startsAt: { gte: start.toJSDate(), lt: start.plus({ months: 1 }).toJSDate() } });
  }
  if (filter.department) {
    conditions.push({
      OR: [
        { audienceDepartments: { some: { departmentId: filter.department } } },
        { invitations: { some: { departmentId: filter.department } } },
      ],
    });
  }
  return prisma.event.findMany({
    where: { AND: conditions },
    orderBy: { startsAt: filter.when === "past" ? "desc" : "asc" },
    take: 100,
    select: eventCardSelect,
  });
}
