import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from "node:zlib";

import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { AGENDA_ITEM_KINDS, AGENDA_PERSON_ROLES } from "~/models/agenda-kinds";
import { eventCardSelect } from "~/models/event.server";
import { MAX_GRACE_MINUTES, newPosterToken } from "~/models/session-checkin.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import { optionalText, wallClock } from "~/utils/form-fields";
import type { MessageKey } from "~/utils/i18n";
import { parseZonedRange } from "~/utils/zoned-time.server";

// ───────────────────────────── input ─────────────────────────────

/** An agenda item as the form sends it: wall-clock times in the event's zone. Messages are catalog keys. */
export const AgendaItemSchema = z
  .object({
    kind: z.enum(AGENDA_ITEM_KINDS, { message: "form.invalidChoice" }),
    titleZh: optionalText(200),
    titleEn: optionalText(200),
    notesZh: optionalText(2000),
    notesEn: optionalText(2000),
    cueNotes: optionalText(2000),
    startsAt: wallClock(),
    endsAt: wallClock(),
    roomId: z.string().trim().optional().transform((v) => v || null),
    // session self check-in by room poster: left out (an unticked box) means the item needs none
    needsAttendance: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).optional(),
    attendanceGraceMinutes: z.coerce
      .number({ message: "attendance.graceInvalid" })
      .int({ message: "attendance.graceInvalid" })
      .min(0, { message: "attendance.graceInvalid" })
      .max(MAX_GRACE_MINUTES, { message: "attendance.graceInvalid" })
      .optional(),
  })
  .refine((item) => item.titleZh || item.titleEn, { message: "agenda.titleRequired", path: ["titleZh"] });
export type AgendaItemInput = z.infer<typeof AgendaItemSchema>;

export const AgendaPersonFields = z.object({
    role: z.enum(AGENDA_PERSON_ROLES, { message: "form.invalidChoice" }),
    side: z.enum(["LAB", "GUEST"]).default("LAB"),
    userId: z.string().trim().optional().transform((v) => v || null),
    externalNameZh: optionalText(100),
    externalNameEn: optionalText(100),
    organisation: optionalText(200),
    title: optionalText(200),
});
export const AgendaPersonSchema = AgendaPersonFields.refine((p) => p.userId || p.externalNameZh || p.externalNameEn, {
  message: "agenda.personRequired",
  path: ["userId"],
});
export type AgendaPersonInput = z.infer<typeof AgendaPersonSchema>;
/** The person form names a staff member by email or employee number; the route resolves it to an account. */
export const AgendaPersonFormSchema = AgendaPersonFields.extend({ staff: z.string().trim().max(200).default("") });

export type FieldErrors = Partial<Record<string, MessageKey[]>>;
type Outcome<T> = ({ ok: true } & T) | { ok: false; status: 400 | 404; fieldErrors: FieldErrors };

const invalid = (fieldErrors: FieldErrors) => ({ ok: false as const, status: 400 as const, fieldErrors });
const missing = () => ({ ok: false as const, status: 404 as const, fieldErrors: {} });

// ───────────────────────────── reading ─────────────────────────────

const itemInclude = {
  room: { select: { id: true, nameZh: true, nameEn: true, capacity: true } },
  people: {
    orderBy: [{ role: "asc" }, { position: "asc" }],
    select: {
      id: true,
      role: true,
      side: true,
      userId: true,
      externalNameZh: true,
      externalNameEn: true,
      organisation: true,
      title: true,
      user: { select: { nameZh: true, nameEn: true, profile: { select: { titleZh: true, titleEn: true } } } },
    },
  },
} satisfies Prisma.AgendaItemInclude;

export type AgendaItemRow = Prisma.AgendaItemGetPayload<{ include: typeof itemInclude }>;

// The event card's fields, plus the rooms of its venue for the room pickers.
const eventForAgendaSelect = {
  ...eventCardSelect,
  venue: { select: { id: true, nameZh: true, nameEn: true, rooms: { orderBy: { nameEn: "asc" }, select: { id: true, nameZh: true, nameEn: true, capacity: true } } } },
} satisfies Prisma.EventSelect;

/** The working draft of an event's agenda, in running order. */
function draftItems(eventId: string) {
  return prisma.agendaItem.findMany({ where: { eventId }, orderBy: [{ startsAt: "asc" }, { position: "asc" }], include: itemInclude });
}

export async function getAgendaDraft(eventId: string) {
  const [event, items] = await Promise.all([
    prisma.event.findUnique({ where: { id: eventId }, select: eventForAgendaSelect }),
    draftItems(eventId),
  ]);
  if (!event) return null;
  const conflicts = findConflicts(event, items.map(toConflictItem), await otherBookings(eventId, items));
  return { event, items, conflicts };
}

// ───────────────────────────── conflicts ─────────────────────────────

export type ConflictItem = {
  id: string;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  people: Array<{ userId: string | null; name: string }>;
};

export type Conflict =
  | { kind: "ROOM_CLASH"; itemIds: [string, string]; roomId: string }
  | { kind: "PERSON_DOUBLE_BOOKED"; itemIds: [string, string]; person: string }
  | { kind: "PERSON_BOOKED_ELSEWHERE"; itemIds: [string]; person: string; otherEvent: { titleZh: string; titleEn: string } }
  | { kind: "OUTSIDE_EVENT"; itemIds: [string] };

export type OtherBooking = { userId: string; startsAt: Date; endsAt: Date; event: { titleZh: string; titleEn: string } };

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) =>
  a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** A person's identity for double-booking: the staff account, or else the external name as typed. */
const personKey = (person: ConflictItem["people"][number]) =>
  person.userId ? `user:${person.userId}` : `name:${person.name.trim().toLowerCase()}`;

/**
 * Every conflict in an agenda, as warnings: never dropped, never blocking. Items touching end-to-start
 * (10:00–10:30 then 10:30–11:00) do not clash.
 */
export function findConflicts(
  event: { startsAt: Date; endsAt: Date },
  items: ConflictItem[],
  elsewhere: OtherBooking[] = [],
): Conflict[] {
  const conflicts: Conflict[] = [];
  const sorted = [...items].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (const item of sorted) {
    if (item.startsAt < event.startsAt || item.endsAt > event.endsAt) conflicts.push({ kind: "OUTSIDE_EVENT", itemIds: [item.id] });
  }
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (b.startsAt >= a.endsAt) break;
      if (!overlaps(a, b)) continue;
      if (a.roomId && a.roomId === b.roomId) conflicts.push({ kind: "ROOM_CLASH", itemIds: [a.id, b.id], roomId: a.roomId });
      const inA = new Map(a.people.filter((p) => p.userId || p.name.trim()).map((p) => [personKey(p), p.name]));
      const reported = new Set<string>();
      for (const person of b.people) {
        const key = personKey(person);
        if (inA.has(key) && !reported.has(key)) {
          reported.add(key);
          conflicts.push({ kind: "PERSON_DOUBLE_BOOKED", itemIds: [a.id, b.id], person: person.name });
        }
      }
    }
  }
  for (const item of sorted) {
    for (const person of item.people) {
      if (!person.userId) continue;
      const clash = elsewhere.find((booking) => booking.userId === person.userId && overlaps(item, booking));
      if (clash) conflicts.push({ kind: "PERSON_BOOKED_ELSEWHERE", itemIds: [item.id], person: person.name, otherEvent: clash.event });
    }
  }
  return conflicts;
}

function toConflictItem(item: AgendaItemRow): ConflictItem {
  return {
    id: item.id,
    startsAt: item.startsAt,
    endsAt: item.endsAt,
    roomId: item.roomId,
    people: item.people.map((p) => ({
      userId: p.userId,
      name: p.user ? `${p.user.nameZh} ${p.user.nameEn}` : [p.externalNameZh, p.externalNameEn].filter(Boolean).join(" "),
    })),
  };
}

/** The same staff booked in another live event's agenda at overlapping times. */
async function otherBookings(eventId: string, items: AgendaItemRow[]): Promise<OtherBooking[]> {
  const userIds = [...new Set(items.flatMap((item) => item.people.map((p) => p.userId).filter((id): id is string => Boolean(id))))];
  if (userIds.length === 0 || items.length === 0) return [];
  const from = new Date(Math.min(...items.map((i) => i.startsAt.getTime())));
  const to = new Date(Math.max(...items.map((i) => i.endsAt.getTime())));
  const rows = await prisma.agendaPerson.findMany({
    where: {
      userId: { in: userIds },
      agendaItem: { eventId: { not: eventId }, startsAt: { lt: to }, endsAt: { gt: from }, event: { status: { in: ["DRAFT", "PUBLISHED"] } } },
    },
    select: { userId: true, agendaItem: { select: { startsAt: true, endsAt: true, event: { select: { titleZh: true, titleEn: true } } } } },
  });
  return rows.map((row) => ({ userId: row.userId!, startsAt: row.agendaItem.startsAt, endsAt: row.agendaItem.endsAt, event: row.agendaItem.event }));
}

// ───────────────────────────── writing ─────────────────────────────

async function eventZone(eventId: string) {
  return prisma.event.findUnique({ where: { id: eventId }, select: { id: true, timeZone: true, venueId: true } });
}

/** Turns form input into a row, or field errors: times in the event's zone, end after start, a known room. */
async function resolveItemInput(event: { timeZone: string; venueId: string | null }, input: AgendaItemInput) {
  const range = parseZonedRange(input.startsAt, input.endsAt, event.timeZone);
  const errors: FieldErrors = range.ok ? {} : { ...range.errors };
  if (input.roomId) {
    const room = await prisma.room.findFirst({ where: { id: input.roomId, venueId: event.venueId ?? "" }, select: { id: true } });
    if (!room) errors.roomId = ["agenda.roomUnknown"];
  }
  if (!range.ok || Object.keys(errors).length > 0) return { ok: false as const, errors };
  const { startsAt: _s, endsAt: _e, needsAttendance = false, attendanceGraceMinutes, ...fields } = input;
  // the grace period is kept as it was when the form leaves it empty
  const grace = attendanceGraceMinutes === undefined ? {} : { attendanceGraceMinutes };
  return { ok: true as const, data: { ...fields, ...grace, needsAttendance, startsAt: range.startsAt, endsAt: range.endsAt } };
}

export async function createAgendaItem(actorId: string, eventId: string, input: AgendaItemInput): Promise<Outcome<{ itemId: string }>> {
  const event = await eventZone(eventId);
  if (!event) return missing();
  const resolved = await resolveItemInput(event, input);
  if (!resolved.ok) return invalid(resolved.errors);
  const item = await prisma.$transaction(async (tx) => {
    const position = await tx.agendaItem.count({ where: { eventId } });
    const posterToken = resolved.data.needsAttendance ? newPosterToken() : null;
    const created = await tx.agendaItem.create({ data: { ...resolved.data, posterToken, eventId, position }, select: { id: true } });
    await audit({ actorId, action: "agenda.item.create", entityType: "AgendaItem", entityId: created.id, eventId, metadata: { needsAttendance: resolved.data.needsAttendance } }, tx);
    return created;
  });
  return { ok: true, itemId: item.id };
}

export async function updateAgendaItem(actorId: string, eventId: string, itemId: string, input: AgendaItemInput): Promise<Outcome<object>> {
  const event = await eventZone(eventId);
  const existing = await prisma.agendaItem.findFirst({ where: { id: itemId, eventId }, select: { id: true, posterToken: true } });
  if (!event || !existing) return missing();
  const resolved = await resolveItemInput(event, input);
  if (!resolved.ok) return invalid(resolved.errors);
  // turning attendance on makes a poster; turning it off revokes it; a poster already printed keeps working
  const posterToken = resolved.data.needsAttendance ? (existing.posterToken ?? newPosterToken()) : null;
  await prisma.$transaction(async (tx) => {
    await tx.agendaItem.update({ where: { id: itemId }, data: { ...resolved.data, posterToken } });
    await audit({ actorId, action: "agenda.item.update", entityType: "AgendaItem", entityId: itemId, eventId, metadata: { needsAttendance: resolved.data.needsAttendance, posterRevoked: Boolean(existing.posterToken) && posterToken !== existing.posterToken } }, tx);
  });
  return { ok: true };
}

export async function deleteAgendaItem(actorId: string, eventId: string, itemId: string): Promise<Outcome<object>> {
  const deleted = await prisma.$transaction(async (tx) => {
    const { count } = await tx.agendaItem.deleteMany({ where: { id: itemId, eventId } });
    if (count > 0) await audit({ actorId, action: "agenda.item.delete", entityType: "AgendaItem", entityId: itemId, eventId }, tx);
    return count;
  });
  return deleted > 0 ? { ok: true } : missing();
}

export const NUDGE_MINUTES = 5;
const minutes = z.coerce.number().int().min(-24 * 60).max(24 * 60).refine((m) => m % NUDGE_MINUTES === 0);

/**
 * A move or resize from the builder: a named five-minute nudge (the buttons, which work without JavaScript), or
 * any whole number of five-minute steps (dragging, or arrow keys on the drag handle).
 */
export const NudgeSchema = z
  .object({
    itemId: z.string().min(1),
    nudge: z.enum(["earlier", "later", "shorter", "longer"], { message: "form.invalidChoice" }).optional(),
    shift: minutes.optional(),
    stretch: minutes.optional(),
  })
  .refine((n) => n.nudge || n.shift || n.stretch);

export function nudgeMinutes({ nudge, shift = 0, stretch = 0 }: z.infer<typeof NudgeSchema>) {
  if (!nudge) return { shift, stretch };
  return {
    shift: { earlier: -NUDGE_MINUTES, later: NUDGE_MINUTES, shorter: 0, longer: 0 }[nudge],
    stretch: { earlier: 0, later: 0, shorter: -NUDGE_MINUTES, longer: NUDGE_MINUTES }[nudge],
  };
}

/** Moves an item by `shift` minutes and/or moves its end by `stretch` minutes; an item can never end before it starts. */
export async function moveAgendaItem(actorId: string, eventId: string, itemId: string, change: { shift: number; stretch: number }): Promise<Outcome<object>> {
  const item = await prisma.agendaItem.findFirst({ where: { id: itemId, eventId }, select: { startsAt: true, endsAt: true } });
  if (!item) return missing();
  const startsAt = new Date(item.startsAt.getTime() + change.shift * 60_000);
  const endsAt = new Date(item.endsAt.getTime() + (change.shift + change.stretch) * 60_000);
  if (endsAt <= startsAt) return invalid({ endsAt: ["agenda.endBeforeStart"] });
  await prisma.$transaction(async (tx) => {
    await tx.agendaItem.update({ where: { id: itemId }, data: { startsAt, endsAt } });
    await audit({ actorId, action: "agenda.item.move", entityType: "AgendaItem", entityId: itemId, eventId, metadata: change }, tx);
  });
  return { ok: true };
}

export function nudgeAgendaItem(actorId: string, eventId: string, itemId: string, nudge: NonNullable<z.infer<typeof NudgeSchema>["nudge"]>) {
  return moveAgendaItem(actorId, eventId, itemId, nudgeMinutes({ itemId, nudge }));
}

export async function addAgendaPerson(actorId: string, eventId: string, itemId: string, input: AgendaPersonInput): Promise<Outcome<object>> {
  const item = await prisma.agendaItem.findFirst({ where: { id: itemId, eventId }, select: { id: true } });
  if (!item) return missing();
  if (input.userId) {
    const user = await prisma.user.findUnique({ where: { id: input.userId, deletedAt: null }, select: { id: true } });
    if (!user) return invalid({ userId: ["agenda.personUnknown"] });
  }
  await prisma.$transaction(async (tx) => {
    const position = await tx.agendaPerson.count({ where: { agendaItemId: itemId } });
    const person = await tx.agendaPerson.create({
      data: {
        agendaItemId: itemId,
        role: input.role,
        side: input.side,
        userId: input.userId,
        externalNameZh: input.userId ? null : input.externalNameZh || null,
        externalNameEn: input.userId ? null : input.externalNameEn || null,
        organisation: input.userId ? null : input.organisation || null,
        title: input.userId ? null : input.title || null,
        position,
      },
      select: { id: true },
    });
    await audit({ actorId, action: "agenda.person.add", entityType: "AgendaPerson", entityId: person.id, eventId }, tx);
  });
  return { ok: true };
}

export async function removeAgendaPerson(actorId: string, eventId: string, personId: string): Promise<Outcome<object>> {
  const removed = await prisma.$transaction(async (tx) => {
    const { count } = await tx.agendaPerson.deleteMany({ where: { id: personId, agendaItem: { eventId } } });
    if (count > 0) await audit({ actorId, action: "agenda.person.remove", entityType: "AgendaPerson", entityId: personId, eventId }, tx);
    return count;
  });
  return removed > 0 ? { ok: true } : missing();
}

// ───────────────────────────── releases ─────────────────────────────

/** What attendees see: an agenda item frozen at publication. Cue notes are for organizers and stay out. */
export type ReleasedItem = {
  id: string;
  kind: string;
  titleZh: string;
  titleEn: string;
  notesZh: string;
  notesEn: string;
  startsAt: string;
  endsAt: string;
  room: { id: string; nameZh: string; nameEn: string } | null;
  people: Array<{ role: string; side: string; nameZh: string; nameEn: string; title: string; organisation: string; userId: string | null }>;
};
export type ReleaseSnapshot = { items: ReleasedItem[] };

function toReleasedItem(item: AgendaItemRow): ReleasedItem {
  return {
    id: item.id,
    kind: item.kind,
    titleZh: item.titleZh,
    titleEn: item.titleEn,
    notesZh: item.notesZh,
    notesEn: item.notesEn,
    startsAt: item.startsAt.toISOString(),
    endsAt: item.endsAt.toISOString(),
    room: item.room && { id: item.room.id, nameZh: item.room.nameZh, nameEn: item.room.nameEn },
    people: item.people.map((p) => ({
      role: p.role,
      side: p.side,
      userId: p.userId,
      nameZh: p.user?.nameZh ?? p.externalNameZh ?? p.externalNameEn ?? "",
      nameEn: p.user?.nameEn ?? p.externalNameEn ?? p.externalNameZh ?? "",
      title: p.user ? [p.user.profile?.titleZh, p.user.profile?.titleEn].filter(Boolean).join(" / ") : (p.title ?? ""),
      organisation: p.organisation ?? "",
    })),
  };
}

export const PublishSchema = z.object({ note: z.string().trim().max(1000, { message: "form.tooLong" }).default("") });

/**
 * Freezes the current agenda into the next numbered release. The sequence is read and written in one
 * transaction, and (eventId, sequence) is unique, so two organizers publishing at once cannot share a number.
 */
export async function publishAgenda(actorId: string, eventId: string, note: string) {
  const items = await draftItems(eventId);
  const snapshot: ReleaseSnapshot = { items: items.map(toReleasedItem) };
  return prisma.$transaction(async (tx) => {
    const last = await tx.agendaRelease.findFirst({ where: { eventId }, orderBy: { sequence: "desc" }, select: { sequence: true, snapshot: true, history: true } });
    const createdAt = new Date();
    // the history as of the last release, recounted from every snapshot if that release predates the column
    const before = last?.history
      ? { history: decodeHistory(last.history), snapshot: parseSnapshot(last.snapshot) }
      : await tx.agendaRelease
          .findMany({ where: { eventId }, orderBy: { sequence: "asc" }, select: { createdAt: true, snapshot: true } })
          .then((releases) => replayHistory(releases));
    const history = advanceHistory(before.history, before.snapshot, snapshot, createdAt);
    const release = await tx.agendaRelease.create({
      data: {
        eventId,
        sequence: (last?.sequence ?? 0) + 1,
        note,
        snapshot: JSON.stringify(snapshot),
        history: encodeHistory(history),
        publishedById: actorId,
        createdAt,
      },
      select: { id: true, sequence: true },
    });
    await audit({ actorId, action: "agenda.publish", entityType: "AgendaRelease", entityId: release.id, eventId, metadata: { sequence: release.sequence } }, tx);
    return release;
  });
}

export function parseSnapshot(json: string): ReleaseSnapshot {
  const parsed = JSON.parse(json) as Partial<ReleaseSnapshot>;
  return { items: Array.isArray(parsed.items) ? parsed.items : [] };
}

export async function getLatestRelease(eventId: string) {
  const release = await prisma.agendaRelease.findFirst({
    where: { eventId },
    orderBy: { sequence: "desc" },
    select: { sequence: true, note: true, createdAt: true, snapshot: true },
  });
  return release && { ...release, snapshot: parseSnapshot(release.snapshot) };
}

/** The event page's star button: which item, and whether it should be starred afterwards. */
export const StarSchema = z.object({ itemId: z.string().min(1).max(64), starred: z.enum(["0", "1"]) });

/**
 * Stars an item of the published agenda, which puts it into the person's calendar feed whether or not they are
 * registered for the event, or takes the star off. False when the latest release of the event has no such item.
 */
export async function setAgendaStar(userId: string, eventId: string, itemId: string, starred: boolean) {
  const release = await getLatestRelease(eventId);
  if (!release?.snapshot.items.some((item) => item.id === itemId)) return false;
  if (!starred) {
    await prisma.agendaStar.deleteMany({ where: { userId, agendaItemId: itemId } });
    return true;
  }
  // the release may still name an item the organizers have since deleted from the draft: nothing to star then
  const { count } = await prisma.$transaction(async (tx) => {
    const exists = await tx.agendaItem.count({ where: { id: itemId, eventId } });
    if (!exists) return { count: 0 };
    await tx.agendaStar.upsert({ where: { userId_agendaItemId: { userId, agendaItemId: itemId } }, create: { userId, agendaItemId: itemId }, update: {} });
    return { count: 1 };
  });
  return count > 0;
}

/** The ids of the items of this event the person starred. */
export async function starredItemIds(userId: string, eventId: string) {
  const stars = await prisma.agendaStar.findMany({ where: { userId, agendaItem: { eventId } }, select: { agendaItemId: true } });
  return stars.map((star) => star.agendaItemId);
}

export type ReleaseChange =
  | { kind: "ADDED"; item: ReleasedItem }
  | { kind: "REMOVED"; item: ReleasedItem }
  | { kind: "MOVED"; item: ReleasedItem; before: ReleasedItem; timeChanged: boolean; roomChanged: boolean }
  | { kind: "RENAMED"; item: ReleasedItem; before: ReleasedItem }
  | { kind: "UPDATED"; item: ReleasedItem; before: ReleasedItem };

/**
 * What changed between two releases, item by item. One item can be both moved and renamed; each is listed.
 * "UPDATED" covers everything else attendees can see (notes, people, kind).
 */
export function diffReleases(before: ReleaseSnapshot, after: ReleaseSnapshot): ReleaseChange[] {
  const old = new Map(before.items.map((item) => [item.id, item]));
  const current = new Map(after.items.map((item) => [item.id, item]));
  const changes: ReleaseChange[] = [];
  for (const item of after.items) {
    const previous = old.get(item.id);
    if (!previous) {
      changes.push({ kind: "ADDED", item });
      continue;
    }
    const timeChanged = previous.startsAt !== item.startsAt || previous.endsAt !== item.endsAt;
    const roomChanged = (previous.room?.id ?? null) !== (item.room?.id ?? null);
    const renamed = previous.titleZh !== item.titleZh || previous.titleEn !== item.titleEn;
    if (timeChanged || roomChanged) changes.push({ kind: "MOVED", item, before: previous, timeChanged, roomChanged });
    if (renamed) changes.push({ kind: "RENAMED", item, before: previous });
    const visible = (i: ReleasedItem) => JSON.stringify([i.kind, i.notesZh, i.notesEn, i.people, i.room?.nameZh, i.room?.nameEn]);
    if (!timeChanged && !roomChanged && !renamed && visible(previous) !== visible(item)) changes.push({ kind: "UPDATED", item, before: previous });
  }
  for (const item of before.items) if (!current.has(item.id)) changes.push({ kind: "REMOVED", item });
  return changes;
}

/** Every release of an event, newest first, each with what changed since the one before it. */
export async function getChangelog(eventId: string) {
  const releases = await prisma.agendaRelease.findMany({
    where: { eventId },
    orderBy: { sequence: "asc" },
    select: { sequence: true, note: true, createdAt: true, snapshot: true, publishedBy: { select: { nameZh: true, nameEn: true } } },
  });
  let previous: ReleaseSnapshot = { items: [] };
  const entries = releases.map((release) => {
    const snapshot = parseSnapshot(release.snapshot);
    const changes = diffReleases(previous, snapshot);
    previous = snapshot;
    return { sequence: release.sequence, note: release.note, createdAt: release.createdAt, publishedBy: release.publishedBy, changes };
  });
  return entries.reverse();
}

// ───────────────────────────── history, for calendars ─────────────────────────────

/** One item across an event's releases: its latest published form and how often releases changed it. Times in ms. */
export type ItemHistory = {
  item: ReleasedItem;
  /** Releases that changed it after it first appeared, its removal and its return included. */
  revisions: number;
  firstPublishedAt: number;
  changedAt: number;
  /** Set when the latest release no longer has it. */
  removedAt: number | null;
};

/** Every item ever published, by id, as of some release. */
export type AgendaHistory = Map<string, ItemHistory>;

/**
 * A history as stored: JSON, Brotli-compressed. Agenda text repeats itself (rooms, speakers, both languages), so
 * this is a tenth of the JSON or less, and calendars reading a thousand events' histories move that much less.
 */
export function encodeHistory(history: AgendaHistory) {
  return new Uint8Array(brotliCompressSync(JSON.stringify([...history.values()]), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }));
}

export function decodeHistory(stored: Uint8Array): AgendaHistory {
  const parsed = JSON.parse(brotliDecompressSync(stored).toString("utf8")) as unknown;
  return new Map(Array.isArray(parsed) ? (parsed as ItemHistory[]).map((h) => [h.item.id, h]) : []);
}

/**
 * The history after one more release, `previous` being the snapshot before it. A release that moves, renames or
 * otherwise changes an item raises its count by one (as `itemRevisions` counts), and so do its removal and its
 * return, so a calendar always sees a higher SEQUENCE for the newer state. The given history is not changed.
 */
export function advanceHistory(history: AgendaHistory, previous: ReleaseSnapshot, snapshot: ReleaseSnapshot, at: Date): AgendaHistory {
  const next: AgendaHistory = new Map();
  for (const [id, h] of history) next.set(id, { ...h });
  const ms = at.getTime();
  const touched = new Set(diffReleases(previous, snapshot).flatMap((change) => (change.kind === "ADDED" || change.kind === "REMOVED" ? [] : [change.item.id])));
  for (const item of snapshot.items) {
    const known = next.get(item.id);
    if (!known) {
      next.set(item.id, { item, revisions: 0, firstPublishedAt: ms, changedAt: ms, removedAt: null });
      continue;
    }
    if (touched.has(item.id) || known.removedAt !== null) {
      known.revisions++;
      known.changedAt = ms;
    }
    known.item = item;
    known.removedAt = null;
  }
  const current = new Set(snapshot.items.map((item) => item.id));
  for (const item of previous.items) {
    const known = next.get(item.id);
    if (current.has(item.id) || !known) continue;
    known.revisions++;
    known.changedAt = ms;
    known.removedAt = ms;
  }
  return next;
}

/** The history of an event's releases, given in order, counted from their snapshots; and the last snapshot. */
export function replayHistory(releases: Array<{ createdAt: Date; snapshot: string }>) {
  let history: AgendaHistory = new Map();
  let snapshot: ReleaseSnapshot = { items: [] };
  for (const release of releases) {
    const next = parseSnapshot(release.snapshot);
    history = advanceHistory(history, snapshot, next, release.createdAt);
    snapshot = next;
  }
  return { history, snapshot };
}

/**
 * For calendars: how many releases changed each item since it first appeared, so SEQUENCE rises with every
 * release that touches it and with no other.
 */
export async function itemRevisions(eventId: string) {
  const releases = await prisma.agendaRelease.findMany({ where: { eventId }, orderBy: { sequence: "asc" }, select: { snapshot: true } });
  const revisions = new Map<string, number>();
  let previous: ReleaseSnapshot = { items: [] };
  for (const release of releases) {
    const snapshot = parseSnapshot(release.snapshot);
    const touched = new Set(diffReleases(previous, snapshot).filter((c) => c.kind !== "ADDED" && c.kind !== "REMOVED").map((c) => c.item.id));
    for (const id of touched) revisions.set(id, (revisions.get(id) ?? 0) + 1);
    for (const item of snapshot.items) if (!revisions.has(item.id)) revisions.set(item.id, 0);
    previous = snapshot;
  }
  return revisions;
}
