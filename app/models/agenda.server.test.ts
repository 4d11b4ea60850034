import { expect, test } from "vitest";

import { createEvent, createUser, createVenue } from "../../tests/factories";
import {
  addAgendaPerson,
  AgendaItemSchema,
  AgendaPersonSchema,
  createAgendaItem,
  deleteAgendaItem,
  diffReleases,
  findConflicts,
  getAgendaDraft,
  getChangelog,
  getLatestRelease,
  itemRevisions,
  nudgeAgendaItem,
  publishAgenda,
  removeAgendaPerson,
  updateAgendaItem,
  type ConflictItem,
  type ReleasedItem,
  type ReleaseSnapshot,
} from "~/models/agenda.server";
import { prisma } from "~/utils/db.server";

// ───────────────────────────── helpers ─────────────────────────────

/** An instant on 15 January 2027, in UTC. */
const at = (hhmm: string) => new Date(`2027-01-15T${hhmm}:00.000Z`);

const conflictItem = (id: string, from: string, to: string, overrides: Partial<ConflictItem> = {}): ConflictItem => ({
  id,
  startsAt: at(from),
  endsAt: at(to),
  roomId: null,
  people: [],
  ...overrides,
});

/** The whole day, so that only the conflicts a test sets up are reported. */
const DAY_EVENT = { startsAt: at("00:00"), endsAt: at("23:59") };

type ItemFields = Partial<Record<"kind" | "titleZh" | "titleEn" | "notesZh" | "notesEn" | "cueNotes" | "startsAt" | "endsAt" | "roomId", string>>;

/** Form input as the agenda editor posts it; times are wall-clock in the event's zone. */
const itemInput = (fields: ItemFields = {}) =>
  AgendaItemSchema.parse({ kind: "TALK", titleZh: "报告", titleEn: "Talk", startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T10:30", ...fields });

/**
 * An event on 15 January 2027 in Hangzhou, 09:00–18:00 local (01:00–10:00 UTC), in a venue with two rooms,
 * and its organizer.
 */
async function setup(overrides: { titleZh?: string; titleEn?: string; status?: "DRAFT" | "PUBLISHED" | "CANCELLED" | "ARCHIVED" } = {}) {
  const organizer = await createUser({ roles: ["organizer"] });
  const venue = await createVenue([
    { nameZh: "报告厅", nameEn: "Auditorium", capacity: 300 },
    { nameZh: "会议室", nameEn: "Meeting room", capacity: 20 },
  ]);
  const event = await createEvent({
    timeZone: "Asia/Shanghai",
    startsAt: new Date("2027-01-15T01:00:00.000Z"),
    endsAt: new Date("2027-01-15T10:00:00.000Z"),
    venueId: venue.id,
    organizerIds: [organizer.id],
    ...overrides,
  });
  const [auditorium, meetingRoom] = [...venue.rooms].sort((a, b) => a.nameEn.localeCompare(b.nameEn));
  if (!auditorium || !meetingRoom) throw new Error("venue rooms missing");
  return { organizer, venue, event, auditorium, meetingRoom };
}

async function addItem(actorId: string, eventId: string, fields: ItemFields = {}) {
  const result = await createAgendaItem(actorId, eventId, itemInput(fields));
  if (!result.ok) throw new Error(`createAgendaItem failed: ${JSON.stringify(result)}`);
  return result.itemId;
}

const itemRow = (id: string) => prisma.agendaItem.findUniqueOrThrow({ where: { id } });

const released = (id: string, overrides: Partial<ReleasedItem> = {}): ReleasedItem => ({
  id,
  kind: "TALK",
  titleZh: `报告${id}`,
  titleEn: `Talk ${id}`,
  notesZh: "",
  notesEn: "",
  startsAt: "2027-01-15T02:00:00.000Z",
  endsAt: "2027-01-15T02:30:00.000Z",
  room: { id: "room-a", nameZh: "报告厅", nameEn: "Auditorium" },
  people: [],
  ...overrides,
});

const snapshot = (...items: ReleasedItem[]): ReleaseSnapshot => ({ items });

// ───────────────────────────── findConflicts (pure) ─────────────────────────────

test("findConflicts: two overlapping items in the same room are one ROOM_CLASH naming both", () => {
  const conflicts = findConflicts(DAY_EVENT, [
    conflictItem("b", "10:15", "11:00", { roomId: "r1" }),
    conflictItem("a", "10:00", "10:30", { roomId: "r1" }),
  ]);
  expect(conflicts).toEqual([{ kind: "ROOM_CLASH", itemIds: ["a", "b"], roomId: "r1" }]);
});

test("findConflicts: items touching end-to-start in one room do not clash", () => {
  const conflicts = findConflicts(DAY_EVENT, [
    conflictItem("a", "10:00", "10:30", { roomId: "r1" }),
    conflictItem("b", "10:30", "11:00", { roomId: "r1" }),
  ]);
  expect(conflicts).toEqual([]);
});

test("findConflicts: overlapping items in different rooms (or without a room) do not clash", () => {
  expect(
    findConflicts(DAY_EVENT, [conflictItem("a", "10:00", "11:00", { roomId: "r1" }), conflictItem("b", "10:15", "10:45", { roomId: "r2" })]),
  ).toEqual([]);
  expect(findConflicts(DAY_EVENT, [conflictItem("a", "10:00", "11:00"), conflictItem("b", "10:15", "10:45")])).toEqual([]);
});

test("findConflicts: the same staff member in two overlapping items is PERSON_DOUBLE_BOOKED", () => {
  const person = { userId: "u1", name: "王芳 Wang Fang" };
  const conflicts = findConflicts(DAY_EVENT, [
    conflictItem("a", "10:00", "11:00", { roomId: "r1", people: [person] }),
    conflictItem("b", "10:30", "11:30", { roomId: "r2", people: [{ userId: "u2", name: "李雷 Li Lei" }, person] }),
  ]);
  expect(conflicts).toEqual([{ kind: "PERSON_DOUBLE_BOOKED", itemIds: ["a", "b"], person: "王芳 Wang Fang" }]);
  // same person, times only touching: nothing
  expect(
    findConflicts(DAY_EVENT, [conflictItem("a", "10:00", "11:00", { people: [person] }), conflictItem("b", "11:00", "11:30", { people: [person] })]),
  ).toEqual([]);
});

test("findConflicts: the same external name, whatever its case and surrounding spaces, is PERSON_DOUBLE_BOOKED", () => {
  const conflicts = findConflicts(DAY_EVENT, [
    conflictItem("a", "10:00", "11:00", { people: [{ userId: null, name: "Dr. Grace Hopper" }] }),
    conflictItem("b", "10:30", "11:30", { people: [{ userId: null, name: "  dr. GRACE hopper " }] }),
  ]);
  expect(conflicts).toEqual([{ kind: "PERSON_DOUBLE_BOOKED", itemIds: ["a", "b"], person: "  dr. GRACE hopper " }]);
  // a different external name is a different person
  expect(
    findConflicts(DAY_EVENT, [
      conflictItem("a", "10:00", "11:00", { people: [{ userId: null, name: "Dr. Grace Hopper" }] }),
      conflictItem("b", "10:30", "11:30", { people: [{ userId: null, name: "Dr. Ada Lovelace" }] }),
    ]),
  ).toEqual([]);
});

test("findConflicts: an item starting before the event or ending after it is OUTSIDE_EVENT", () => {
  const event = { startsAt: at("09:00"), endsAt: at("17:00") };
  const conflicts = findConflicts(event, [
    conflictItem("early", "08:30", "09:30"),
    conflictItem("inside", "09:00", "17:00"),
    conflictItem("late", "16:30", "17:30"),
  ]);
  expect(conflicts).toEqual([
    { kind: "OUTSIDE_EVENT", itemIds: ["early"] },
    { kind: "OUTSIDE_EVENT", itemIds: ["late"] },
  ]);
});

test("findConflicts: a staff member booked at the same time in another event is PERSON_BOOKED_ELSEWHERE with that event's title", () => {
  const person = { userId: "u1", name: "王芳 Wang Fang" };
  const otherEvent = { titleZh: "合作伙伴来访", titleEn: "Partner visit" };
  const conflicts = findConflicts(
    DAY_EVENT,
    [conflictItem("a", "10:00", "11:00", { people: [person] }), conflictItem("b", "14:00", "15:00", { people: [person] })],
    [
      { userId: "u1", startsAt: at("10:30"), endsAt: at("12:00"), event: otherEvent },
      // another person at the same time, and the same person at a time that only touches item b
      { userId: "u2", startsAt: at("10:00"), endsAt: at("11:00"), event: { titleZh: "别的", titleEn: "Other" } },
      { userId: "u1", startsAt: at("15:00"), endsAt: at("16:00"), event: { titleZh: "别的", titleEn: "Other" } },
    ],
  );
  expect(conflicts).toEqual([{ kind: "PERSON_BOOKED_ELSEWHERE", itemIds: ["a"], person: "王芳 Wang Fang", otherEvent }]);
});

test("findConflicts: three items all overlapping in one room give three pairwise clashes", () => {
  const conflicts = findConflicts(DAY_EVENT, [
    conflictItem("c", "10:30", "11:30", { roomId: "r1" }),
    conflictItem("a", "10:00", "11:00", { roomId: "r1" }),
    conflictItem("b", "10:15", "10:45", { roomId: "r1" }),
  ]);
  expect(conflicts).toHaveLength(3);
  expect(conflicts).toEqual(
    expect.arrayContaining([
      { kind: "ROOM_CLASH", itemIds: ["a", "b"], roomId: "r1" },
      { kind: "ROOM_CLASH", itemIds: ["a", "c"], roomId: "r1" },
      { kind: "ROOM_CLASH", itemIds: ["b", "c"], roomId: "r1" },
    ]),
  );
});

// ───────────────────────────── createAgendaItem ─────────────────────────────

test("createAgendaItem stores wall-clock times of the event's zone as UTC instants", async () => {
  const { organizer, event, auditorium } = await setup();
  const result = await createAgendaItem(
    organizer.id,
    event.id,
    itemInput({ startsAt: "2027-01-15T13:30", endsAt: "2027-01-15T14:15", roomId: auditorium.id, cueNotes: "Mic 2" }),
  );
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const row = await itemRow(result.itemId);
  expect(row.startsAt.toISOString()).toBe("2027-01-15T05:30:00.000Z");
  expect(row.endsAt.toISOString()).toBe("2027-01-15T06:15:00.000Z");
  expect(row).toMatchObject({ eventId: event.id, kind: "TALK", titleZh: "报告", titleEn: "Talk", roomId: auditorium.id, cueNotes: "Mic 2", position: 0 });
  // the next item goes after it
  const second = await addItem(organizer.id, event.id);
  expect((await itemRow(second)).position).toBe(1);
});

test("createAgendaItem rejects an end before (or at) the start with agenda.endBeforeStart, and writes nothing", async () => {
  const { organizer, event } = await setup();
  expect(await createAgendaItem(organizer.id, event.id, itemInput({ startsAt: "2027-01-15T14:00", endsAt: "2027-01-15T13:00" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { endsAt: ["agenda.endBeforeStart"] },
  });
  expect(await createAgendaItem(organizer.id, event.id, itemInput({ startsAt: "2027-01-15T14:00", endsAt: "2027-01-15T14:00" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { endsAt: ["agenda.endBeforeStart"] },
  });
  expect(await prisma.agendaItem.count({ where: { eventId: event.id } })).toBe(0);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "agenda.item.create" } })).toBe(0);
});

test("createAgendaItem rejects malformed times with agenda.timeInvalid", async () => {
  const { organizer, event } = await setup();
  expect(await createAgendaItem(organizer.id, event.id, itemInput({ startsAt: "15/01/2027 13:30" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { startsAt: ["agenda.timeInvalid"] },
  });
  expect(await createAgendaItem(organizer.id, event.id, itemInput({ endsAt: "2027-02-30T10:00" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { endsAt: ["agenda.timeInvalid"] },
  });
  expect(await createAgendaItem(organizer.id, event.id, itemInput({ startsAt: "soon", endsAt: "later" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { startsAt: ["agenda.timeInvalid"], endsAt: ["agenda.timeInvalid"] },
  });
  expect(await prisma.agendaItem.count({ where: { eventId: event.id } })).toBe(0);
});

test("createAgendaItem rejects a room of another venue with agenda.roomUnknown", async () => {
  const { organizer, event } = await setup();
  const elsewhere = await createVenue([{ nameZh: "别处", nameEn: "Elsewhere" }]);
  const foreignRoom = elsewhere.rooms[0];
  if (!foreignRoom) throw new Error("room missing");
  expect(await createAgendaItem(organizer.id, event.id, itemInput({ roomId: foreignRoom.id }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { roomId: ["agenda.roomUnknown"] },
  });
  expect(await createAgendaItem(organizer.id, event.id, itemInput({ roomId: "no-such-room" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { roomId: ["agenda.roomUnknown"] },
  });
  expect(await prisma.agendaItem.count({ where: { eventId: event.id } })).toBe(0);
});

test("createAgendaItem on an unknown event is a 404", async () => {
  const organizer = await createUser({ roles: ["organizer"] });
  const before = await prisma.agendaItem.count();
  expect(await createAgendaItem(organizer.id, "no-such-event", itemInput())).toEqual({ ok: false, status: 404, fieldErrors: {} });
  expect(await prisma.agendaItem.count()).toBe(before);
});

test("createAgendaItem records an agenda.item.create audit entry", async () => {
  const { organizer, event } = await setup();
  const itemId = await addItem(organizer.id, event.id);
  const entries = await prisma.auditLog.findMany({ where: { eventId: event.id } });
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actorId: organizer.id, action: "agenda.item.create", entityType: "AgendaItem", entityId: itemId, eventId: event.id });
});

test("AgendaItemSchema rejects an unknown kind and an item with no title in either language", () => {
  const unknownKind = AgendaItemSchema.safeParse({ kind: "KARAOKE", titleEn: "Sing", startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T10:30" });
  expect(unknownKind.success).toBe(false);
  expect(unknownKind.error?.issues.map((issue) => issue.path.join("."))).toEqual(["kind"]);

  for (const titles of [{}, { titleZh: "", titleEn: "" }, { titleZh: "   ", titleEn: " " }]) {
    const untitled = AgendaItemSchema.safeParse({ kind: "TALK", ...titles, startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T10:30" });
    expect(untitled.success).toBe(false);
    expect(untitled.error?.issues.map((issue) => issue.message)).toEqual(["agenda.titleRequired"]);
  }

  expect(AgendaItemSchema.safeParse({ kind: "TALK", titleZh: "报告", startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T10:30" }).success).toBe(true);
  expect(AgendaItemSchema.safeParse({ kind: "TALK", titleEn: "Talk", startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T10:30" }).success).toBe(true);
});

// ───────────────────────────── update / delete across events ─────────────────────────────

test("updateAgendaItem with another event's id is a 404 and changes nothing", async () => {
  const mine = await setup();
  const theirs = await setup();
  const itemId = await addItem(theirs.organizer.id, theirs.event.id, { titleEn: "Their talk" });
  const before = await itemRow(itemId);

  const result = await updateAgendaItem(
    mine.organizer.id,
    mine.event.id,
    itemId,
    itemInput({ titleEn: "Hijacked", startsAt: "2027-01-15T16:00", endsAt: "2027-01-15T17:00" }),
  );
  expect(result).toEqual({ ok: false, status: 404, fieldErrors: {} });
  expect(await itemRow(itemId)).toEqual(before);
  expect(await prisma.auditLog.count({ where: { entityId: itemId, action: "agenda.item.update" } })).toBe(0);

  // through its own event the same update works
  expect(await updateAgendaItem(theirs.organizer.id, theirs.event.id, itemId, itemInput({ titleEn: "Renamed" }))).toEqual({ ok: true });
  expect((await itemRow(itemId)).titleEn).toBe("Renamed");
});

test("deleteAgendaItem with another event's id is a 404 and deletes nothing", async () => {
  const mine = await setup();
  const theirs = await setup();
  const itemId = await addItem(theirs.organizer.id, theirs.event.id);

  expect(await deleteAgendaItem(mine.organizer.id, mine.event.id, itemId)).toEqual({ ok: false, status: 404, fieldErrors: {} });
  expect(await prisma.agendaItem.findUnique({ where: { id: itemId } })).not.toBeNull();
  expect(await prisma.auditLog.count({ where: { entityId: itemId, action: "agenda.item.delete" } })).toBe(0);

  expect(await deleteAgendaItem(theirs.organizer.id, theirs.event.id, itemId)).toEqual({ ok: true });
  expect(await prisma.agendaItem.findUnique({ where: { id: itemId } })).toBeNull();
  expect(await prisma.auditLog.count({ where: { entityId: itemId, action: "agenda.item.delete" } })).toBe(1);
});

// ───────────────────────────── nudge ─────────────────────────────

test("nudgeAgendaItem: earlier/later move both ends by 5 minutes, shorter/longer move only the end", async () => {
  const { organizer, event } = await setup();
  // 10:00–10:30 in Hangzhou = 02:00–02:30 UTC
  const itemId = await addItem(organizer.id, event.id);
  const times = async () => {
    const row = await itemRow(itemId);
    return [row.startsAt.toISOString(), row.endsAt.toISOString()];
  };

  expect(await nudgeAgendaItem(organizer.id, event.id, itemId, "earlier")).toEqual({ ok: true });
  expect(await times()).toEqual(["2027-01-15T01:55:00.000Z", "2027-01-15T02:25:00.000Z"]);
  expect(await nudgeAgendaItem(organizer.id, event.id, itemId, "later")).toEqual({ ok: true });
  expect(await nudgeAgendaItem(organizer.id, event.id, itemId, "later")).toEqual({ ok: true });
  expect(await times()).toEqual(["2027-01-15T02:05:00.000Z", "2027-01-15T02:35:00.000Z"]);
  expect(await nudgeAgendaItem(organizer.id, event.id, itemId, "shorter")).toEqual({ ok: true });
  expect(await times()).toEqual(["2027-01-15T02:05:00.000Z", "2027-01-15T02:30:00.000Z"]);
  expect(await nudgeAgendaItem(organizer.id, event.id, itemId, "longer")).toEqual({ ok: true });
  expect(await nudgeAgendaItem(organizer.id, event.id, itemId, "longer")).toEqual({ ok: true });
  expect(await times()).toEqual(["2027-01-15T02:05:00.000Z", "2027-01-15T02:40:00.000Z"]);

  const nudges = await prisma.auditLog.findMany({ where: { entityId: itemId, action: "agenda.item.move" }, orderBy: { createdAt: "asc" } });
  expect(nudges).toHaveLength(6);
});

test("nudgeAgendaItem will not shorten a 5-minute item to nothing", async () => {
  const { organizer, event } = await setup();
  const itemId = await addItem(organizer.id, event.id, { startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T10:05" });
  const before = await itemRow(itemId);
  expect(await nudgeAgendaItem(organizer.id, event.id, itemId, "shorter")).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { endsAt: ["agenda.endBeforeStart"] },
  });
  expect(await itemRow(itemId)).toEqual(before);
  expect(await prisma.auditLog.count({ where: { entityId: itemId, action: "agenda.item.move" } })).toBe(0);
});

test("nudgeAgendaItem on another event's item is a 404 and moves nothing", async () => {
  const mine = await setup();
  const theirs = await setup();
  const itemId = await addItem(theirs.organizer.id, theirs.event.id);
  const before = await itemRow(itemId);
  expect(await nudgeAgendaItem(mine.organizer.id, mine.event.id, itemId, "later")).toEqual({ ok: false, status: 404, fieldErrors: {} });
  expect(await itemRow(itemId)).toEqual(before);
});

// ───────────────────────────── people ─────────────────────────────

test("addAgendaPerson adds a staff speaker and an external guest", async () => {
  const { organizer, event } = await setup();
  const itemId = await addItem(organizer.id, event.id);
  const staff = await createUser({ nameZh: "王芳", nameEn: "Wang Fang" });

  // external fields are dropped for a staff member: their name comes from the account
  const staffInput = AgendaPersonSchema.parse({ role: "SPEAKER", userId: staff.id, externalNameEn: "ignored", organisation: "ignored" });
  expect(await addAgendaPerson(organizer.id, event.id, itemId, staffInput)).toEqual({ ok: true });
  const guestInput = AgendaPersonSchema.parse({
    role: "HOST",
    side: "GUEST",
    externalNameZh: "格蕾丝",
    externalNameEn: "Grace Hopper",
    organisation: "US Navy",
    title: "Rear Admiral",
  });
  expect(await addAgendaPerson(organizer.id, event.id, itemId, guestInput)).toEqual({ ok: true });

  const people = await prisma.agendaPerson.findMany({ where: { agendaItemId: itemId }, orderBy: { position: "asc" } });
  expect(people.map(({ role, side, userId, externalNameZh, externalNameEn, organisation, title, position }) => ({
    role,
    side,
    userId,
    externalNameZh,
    externalNameEn,
    organisation,
    title,
    position,
  }))).toEqual([
    { role: "SPEAKER", side: "LAB", userId: staff.id, externalNameZh: null, externalNameEn: null, organisation: null, title: null, position: 0 },
    { role: "HOST", side: "GUEST", userId: null, externalNameZh: "格蕾丝", externalNameEn: "Grace Hopper", organisation: "US Navy", title: "Rear Admiral", position: 1 },
  ]);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "agenda.person.add" } })).toBe(2);
});

test("addAgendaPerson rejects an unknown or departed staff member with agenda.personUnknown", async () => {
  const { organizer, event } = await setup();
  const itemId = await addItem(organizer.id, event.id);
  expect(await addAgendaPerson(organizer.id, event.id, itemId, AgendaPersonSchema.parse({ role: "SPEAKER", userId: "no-such-user" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { userId: ["agenda.personUnknown"] },
  });
  const departed = await createUser();
  await prisma.user.update({ where: { id: departed.id }, data: { deletedAt: new Date() } });
  expect(await addAgendaPerson(organizer.id, event.id, itemId, AgendaPersonSchema.parse({ role: "SPEAKER", userId: departed.id }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { userId: ["agenda.personUnknown"] },
  });
  expect(await prisma.agendaPerson.count({ where: { agendaItemId: itemId } })).toBe(0);
});

test("addAgendaPerson to another event's item is a 404 and adds nobody", async () => {
  const mine = await setup();
  const theirs = await setup();
  const itemId = await addItem(theirs.organizer.id, theirs.event.id);
  const staff = await createUser();
  expect(await addAgendaPerson(mine.organizer.id, mine.event.id, itemId, AgendaPersonSchema.parse({ role: "SPEAKER", userId: staff.id }))).toEqual({
    ok: false,
    status: 404,
    fieldErrors: {},
  });
  expect(await prisma.agendaPerson.count({ where: { agendaItemId: itemId } })).toBe(0);
});

test("removeAgendaPerson of a person on another event's item is a 404 and removes nobody", async () => {
  const mine = await setup();
  const theirs = await setup();
  const itemId = await addItem(theirs.organizer.id, theirs.event.id);
  const staff = await createUser();
  await addAgendaPerson(theirs.organizer.id, theirs.event.id, itemId, AgendaPersonSchema.parse({ role: "SPEAKER", userId: staff.id }));
  const person = await prisma.agendaPerson.findFirstOrThrow({ where: { agendaItemId: itemId } });

  expect(await removeAgendaPerson(mine.organizer.id, mine.event.id, person.id)).toEqual({ ok: false, status: 404, fieldErrors: {} });
  expect(await prisma.agendaPerson.findUnique({ where: { id: person.id } })).not.toBeNull();
  expect(await prisma.auditLog.count({ where: { entityId: person.id, action: "agenda.person.remove" } })).toBe(0);

  expect(await removeAgendaPerson(theirs.organizer.id, theirs.event.id, person.id)).toEqual({ ok: true });
  expect(await prisma.agendaPerson.findUnique({ where: { id: person.id } })).toBeNull();
});

// ───────────────────────────── getAgendaDraft ─────────────────────────────

test("getAgendaDraft reports a room clash and a speaker booked at the same time in another event", async () => {
  const ours = await setup({ titleZh: "年度大会", titleEn: "Annual conference" });
  const other = await setup({ titleZh: "合作伙伴来访", titleEn: "Partner visit" });
  const cancelled = await setup({ titleZh: "已取消", titleEn: "Cancelled meeting", status: "CANCELLED" });
  const speaker = await createUser({ nameZh: "王芳", nameEn: "Wang Fang" });
  const asSpeaker = AgendaPersonSchema.parse({ role: "SPEAKER", userId: speaker.id });

  const first = await addItem(ours.organizer.id, ours.event.id, { startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T11:00", roomId: ours.auditorium.id });
  const second = await addItem(ours.organizer.id, ours.event.id, { startsAt: "2027-01-15T10:30", endsAt: "2027-01-15T11:30", roomId: ours.auditorium.id });
  const talk = await addItem(ours.organizer.id, ours.event.id, { startsAt: "2027-01-15T14:00", endsAt: "2027-01-15T15:00", roomId: ours.meetingRoom.id });
  await addAgendaPerson(ours.organizer.id, ours.event.id, talk, asSpeaker);

  const theirTalk = await addItem(other.organizer.id, other.event.id, { startsAt: "2027-01-15T14:30", endsAt: "2027-01-15T15:30" });
  await addAgendaPerson(other.organizer.id, other.event.id, theirTalk, asSpeaker);
  // a cancelled event's agenda books nobody
  const cancelledTalk = await addItem(cancelled.organizer.id, cancelled.event.id, { startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T11:00" });
  await prisma.agendaPerson.create({ data: { agendaItemId: cancelledTalk, role: "SPEAKER", userId: speaker.id } });
  await addAgendaPerson(ours.organizer.id, ours.event.id, first, asSpeaker);
  // (the speaker is also on `first`, which overlaps only the cancelled event's talk)

  const draft = await getAgendaDraft(ours.event.id);
  expect(draft).not.toBeNull();
  if (!draft) return;
  expect(draft.event.id).toBe(ours.event.id);
  expect(draft.items.map((item) => item.id)).toEqual([first, second, talk]);
  expect(draft.conflicts).toEqual([
    { kind: "ROOM_CLASH", itemIds: [first, second], roomId: ours.auditorium.id },
    {
      kind: "PERSON_BOOKED_ELSEWHERE",
      itemIds: [talk],
      person: "王芳 Wang Fang",
      otherEvent: { titleZh: "合作伙伴来访", titleEn: "Partner visit" },
    },
  ]);
  expect(await getAgendaDraft("no-such-event")).toBeNull();
});

// ───────────────────────────── publishing ─────────────────────────────

test("publishAgenda numbers successive releases 1, 2, 3", async () => {
  const { organizer, event } = await setup();
  await addItem(organizer.id, event.id);
  const sequences: number[] = [];
  for (const note of ["first", "second", "third"]) sequences.push((await publishAgenda(organizer.id, event.id, note)).sequence);
  expect(sequences).toEqual([1, 2, 3]);
  const rows = await prisma.agendaRelease.findMany({ where: { eventId: event.id }, orderBy: { sequence: "asc" } });
  expect(rows.map((r) => [r.sequence, r.note, r.publishedById])).toEqual([
    [1, "first", organizer.id],
    [2, "second", organizer.id],
    [3, "third", organizer.id],
  ]);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "agenda.publish" } })).toBe(3);
});

test("publishAgenda leaves cue notes out of the release", async () => {
  const { organizer, event, auditorium } = await setup();
  await addItem(organizer.id, event.id, { cueNotes: "MUSIC CUE SECRET", notesEn: "Public note", roomId: auditorium.id });
  await publishAgenda(organizer.id, event.id, "");
  const row = await prisma.agendaRelease.findFirstOrThrow({ where: { eventId: event.id } });
  expect(row.snapshot).not.toContain("MUSIC CUE SECRET");
  expect(row.snapshot).toContain("Public note");
  const latest = await getLatestRelease(event.id);
  const item = latest?.snapshot.items[0];
  expect(item).toBeDefined();
  expect(item).not.toHaveProperty("cueNotes");
  expect(item?.room).toEqual({ id: auditorium.id, nameZh: "报告厅", nameEn: "Auditorium" });
});

test("editing an item after publishing does not change the latest release until the next publish", async () => {
  const { organizer, event } = await setup();
  const itemId = await addItem(organizer.id, event.id, { titleEn: "Keynote" });
  await publishAgenda(organizer.id, event.id, "v1");

  expect(await updateAgendaItem(organizer.id, event.id, itemId, itemInput({ titleEn: "Keynote (moved)", startsAt: "2027-01-15T11:00", endsAt: "2027-01-15T11:30" }))).toEqual({
    ok: true,
  });
  const unchanged = await getLatestRelease(event.id);
  expect(unchanged?.sequence).toBe(1);
  expect(unchanged?.note).toBe("v1");
  expect(unchanged?.snapshot.items.map((i) => [i.id, i.titleEn, i.startsAt])).toEqual([[itemId, "Keynote", "2027-01-15T02:00:00.000Z"]]);

  await publishAgenda(organizer.id, event.id, "v2");
  const republished = await getLatestRelease(event.id);
  expect(republished?.sequence).toBe(2);
  expect(republished?.snapshot.items.map((i) => [i.id, i.titleEn, i.startsAt])).toEqual([[itemId, "Keynote (moved)", "2027-01-15T03:00:00.000Z"]]);
  expect(await getLatestRelease("no-such-event")).toBeNull();
});

test("two organizers publishing at once get sequences 1 and 2", async () => {
  const { organizer, event } = await setup();
  const colleague = await createUser({ roles: ["organizer"] });
  await addItem(organizer.id, event.id);
  const results = await Promise.all([publishAgenda(organizer.id, event.id, "mine"), publishAgenda(colleague.id, event.id, "theirs")]);
  expect(results.map((r) => r.sequence).sort()).toEqual([1, 2]);
  const rows = await prisma.agendaRelease.findMany({ where: { eventId: event.id }, orderBy: { sequence: "asc" } });
  expect(rows.map((r) => r.sequence)).toEqual([1, 2]);
});

// ───────────────────────────── diffReleases (pure) ─────────────────────────────

test("diffReleases: an added item is ADDED and a removed one REMOVED", () => {
  const a = released("a");
  const b = released("b");
  expect(diffReleases(snapshot(a), snapshot(a, b))).toEqual([{ kind: "ADDED", item: b }]);
  expect(diffReleases(snapshot(a, b), snapshot(a))).toEqual([{ kind: "REMOVED", item: b }]);
  expect(diffReleases(snapshot(), snapshot(a, b))).toEqual([
    { kind: "ADDED", item: a },
    { kind: "ADDED", item: b },
  ]);
});

test("diffReleases: an item moved in time is MOVED with timeChanged", () => {
  const before = released("a");
  const later = released("a", { startsAt: "2027-01-15T03:00:00.000Z", endsAt: "2027-01-15T03:30:00.000Z" });
  expect(diffReleases(snapshot(before), snapshot(later))).toEqual([{ kind: "MOVED", item: later, before, timeChanged: true, roomChanged: false }]);
  const longer = released("a", { endsAt: "2027-01-15T02:45:00.000Z" });
  expect(diffReleases(snapshot(before), snapshot(longer))).toEqual([{ kind: "MOVED", item: longer, before, timeChanged: true, roomChanged: false }]);
});

test("diffReleases: an item moved to another room (or out of one) is MOVED with roomChanged", () => {
  const before = released("a");
  const moved = released("a", { room: { id: "room-b", nameZh: "会议室", nameEn: "Meeting room" } });
  expect(diffReleases(snapshot(before), snapshot(moved))).toEqual([{ kind: "MOVED", item: moved, before, timeChanged: false, roomChanged: true }]);
  const roomless = released("a", { room: null });
  expect(diffReleases(snapshot(before), snapshot(roomless))).toEqual([{ kind: "MOVED", item: roomless, before, timeChanged: false, roomChanged: true }]);
});

test("diffReleases: a new title in either language is RENAMED", () => {
  const before = released("a");
  const zh = released("a", { titleZh: "主旨报告" });
  const en = released("a", { titleEn: "Keynote" });
  expect(diffReleases(snapshot(before), snapshot(zh))).toEqual([{ kind: "RENAMED", item: zh, before }]);
  expect(diffReleases(snapshot(before), snapshot(en))).toEqual([{ kind: "RENAMED", item: en, before }]);
});

test("diffReleases: a changed note is UPDATED only", () => {
  const before = released("a");
  const noted = released("a", { notesEn: "Bring your badge" });
  expect(diffReleases(snapshot(before), snapshot(noted))).toEqual([{ kind: "UPDATED", item: noted, before }]);
  const notedZh = released("a", { notesZh: "请携带胸牌" });
  expect(diffReleases(snapshot(before), snapshot(notedZh))).toEqual([{ kind: "UPDATED", item: notedZh, before }]);
});

test("diffReleases: an item both moved and renamed is listed as MOVED and as RENAMED", () => {
  const before = released("a");
  const after = released("a", { startsAt: "2027-01-15T04:00:00.000Z", endsAt: "2027-01-15T04:30:00.000Z", titleEn: "Keynote", notesEn: "changed too" });
  expect(diffReleases(snapshot(before), snapshot(after))).toEqual([
    { kind: "MOVED", item: after, before, timeChanged: true, roomChanged: false },
    { kind: "RENAMED", item: after, before },
  ]);
});

test("diffReleases: identical snapshots have no changes", () => {
  const items = [released("a"), released("b", { people: [{ role: "SPEAKER", side: "LAB", nameZh: "王芳", nameEn: "Wang Fang", title: "", organisation: "", userId: "u1" }] })];
  expect(diffReleases(snapshot(...items), snapshot(...items))).toEqual([]);
  expect(diffReleases(snapshot(...items), structuredClone(snapshot(...items)))).toEqual([]);
  expect(diffReleases(snapshot(), snapshot())).toEqual([]);
});

// ───────────────────────────── changelog and revisions ─────────────────────────────

test("getChangelog lists releases newest first, each with what changed since the one before", async () => {
  const { organizer, event } = await setup();
  const opening = await addItem(organizer.id, event.id, { kind: "OPENING", titleEn: "Opening", startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T09:15" });
  const keynote = await addItem(organizer.id, event.id, { titleEn: "Keynote", startsAt: "2027-01-15T09:15", endsAt: "2027-01-15T10:00" });
  const lunch = await addItem(organizer.id, event.id, { kind: "MEAL", titleEn: "Lunch", startsAt: "2027-01-15T12:00", endsAt: "2027-01-15T13:00" });
  await publishAgenda(organizer.id, event.id, "first");

  expect(await nudgeAgendaItem(organizer.id, event.id, lunch, "later")).toEqual({ ok: true });
  expect(
    await updateAgendaItem(organizer.id, event.id, keynote, itemInput({ titleEn: "Keynote: the year ahead", startsAt: "2027-01-15T09:15", endsAt: "2027-01-15T10:00" })),
  ).toEqual({ ok: true });
  await publishAgenda(organizer.id, event.id, "second");

  const changelog = await getChangelog(event.id);
  expect(changelog.map((entry) => [entry.sequence, entry.note])).toEqual([
    [2, "second"],
    [1, "first"],
  ]);
  const [newest, oldest] = changelog;
  expect(newest?.publishedBy).toEqual({ nameZh: expect.any(String), nameEn: expect.any(String) });
  expect(newest?.changes.map((change) => [change.kind, change.item.id]).sort()).toEqual(
    [
      ["MOVED", lunch],
      ["RENAMED", keynote],
    ].sort(),
  );
  const moved = newest?.changes.find((change) => change.kind === "MOVED");
  expect(moved).toMatchObject({ timeChanged: true, roomChanged: false });
  expect(moved?.item.startsAt).toBe("2027-01-15T04:05:00.000Z");
  const renamed = newest?.changes.find((change) => change.kind === "RENAMED");
  expect(renamed?.item.titleEn).toBe("Keynote: the year ahead");

  expect(oldest?.changes.map((change) => change.kind)).toEqual(["ADDED", "ADDED", "ADDED"]);
  expect(oldest?.changes.map((change) => change.item.id)).toEqual([opening, keynote, lunch]);
  expect(await getChangelog("no-such-event")).toEqual([]);
});

test("itemRevisions counts the releases that changed each item since it first appeared", async () => {
  const { organizer, event } = await setup();
  const untouched = await addItem(organizer.id, event.id, { titleEn: "Untouched", startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T09:30" });
  const busy = await addItem(organizer.id, event.id, { titleEn: "Busy", startsAt: "2027-01-15T10:00", endsAt: "2027-01-15T10:30" });
  const both = await addItem(organizer.id, event.id, { titleEn: "Both", startsAt: "2027-01-15T11:00", endsAt: "2027-01-15T11:30" });
  await publishAgenda(organizer.id, event.id, "1");

  // release 2: `busy` moves, `both` moves and is renamed (one release, one revision), `latecomer` is added
  expect(await nudgeAgendaItem(organizer.id, event.id, busy, "later")).toEqual({ ok: true });
  expect(
    await updateAgendaItem(organizer.id, event.id, both, itemInput({ titleEn: "Both, renamed", startsAt: "2027-01-15T11:30", endsAt: "2027-01-15T12:00" })),
  ).toEqual({ ok: true });
  const latecomer = await addItem(organizer.id, event.id, { titleEn: "Latecomer", startsAt: "2027-01-15T15:00", endsAt: "2027-01-15T15:30" });
  await publishAgenda(organizer.id, event.id, "2");

  // release 3: `busy` is renamed
  expect(
    await updateAgendaItem(organizer.id, event.id, busy, itemInput({ titleEn: "Busy, renamed", startsAt: "2027-01-15T10:05", endsAt: "2027-01-15T10:35" })),
  ).toEqual({ ok: true });
  await publishAgenda(organizer.id, event.id, "3");

  const revisions = await itemRevisions(event.id);
  expect(Object.fromEntries(revisions)).toEqual({ [untouched]: 0, [busy]: 2, [both]: 1, [latecomer]: 0 });
  expect((await itemRevisions("no-such-event")).size).toBe(0);
});
