import { expect, test } from "vitest";
import type { z } from "zod";

import { createDepartment, createEvent as createEventRow, createUser, createVenue } from "../../tests/factories";
import { EVENT_TEMPLATES } from "~/models/event-templates";
import {
  changeEventStatus,
  createEvent,
  EVENT_KINDS,
  EventSchema,
  getEventForEditing,
  getVisibleEvent,
  StatusSchema,
  updateEvent,
  viewerFor,
  visibleEventsWhere,
  type Viewer,
} from "~/models/event.server";
import { prisma } from "~/utils/db.server";
import { sessionUserSelect } from "~/utils/session.server";

// ───────────────────────────── helpers ─────────────────────────────

type EventFormInput = Partial<z.input<typeof EventSchema>>;

/** The event form as posted: wall-clock times in the given zone (Hangzhou by default). */
const eventInput = (fields: EventFormInput = {}) =>
  EventSchema.parse({
    kind: "INTERNAL_CONFERENCE",
    titleZh: "年度学术大会",
    titleEn: "Annual Research Conference",
    timeZone: "Asia/Shanghai",
    startsAt: "2027-01-15T09:00",
    endsAt: "2027-01-15T17:00",
    ...fields,
  });

async function organizer() {
  return createUser({ roles: ["organizer"] });
}

async function created(actorId: string, fields: EventFormInput = {}) {
  const result = await createEvent(actorId, eventInput(fields));
  if (!result.ok) throw new Error(`createEvent failed: ${JSON.stringify(result)}`);
  return result;
}

/** Row counts that a rejected create must leave alone. */
const counts = async () => ({
  events: await prisma.event.count(),
  items: await prisma.agendaItem.count(),
  eventRoles: await prisma.eventRole.count(),
  audiences: await prisma.eventAudienceDepartment.count(),
  audits: await prisma.auditLog.count({ where: { action: "event.create" } }),
});

const issueMessages = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

async function viewerOf(userId: string): Promise<Viewer> {
  return viewerFor(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: sessionUserSelect }));
}

// ───────────────────────────── createEvent ─────────────────────────────

for (const kind of EVENT_KINDS) {
  test(`createEvent(${kind}) makes a draft, its creator the organizer, and the template agenda`, async () => {
    const actor = await organizer();
    const result = await created(actor.id, { kind, titleEn: `Template check ${kind}`, startsAt: "2027-03-02T14:00", endsAt: "2027-03-02T20:00" });

    const event = await prisma.event.findUniqueOrThrow({ where: { id: result.eventId } });
    expect(event).toMatchObject({ kind, status: "DRAFT", createdById: actor.id, slug: result.slug, timeZone: "Asia/Shanghai" });
    expect(event.startsAt.toISOString()).toBe("2027-03-02T06:00:00.000Z");
    expect(event.endsAt.toISOString()).toBe("2027-03-02T12:00:00.000Z");

    const roles = await prisma.eventRole.findMany({ where: { eventId: event.id }, select: { userId: true, role: { select: { name: true } } } });
    expect(roles).toEqual([{ userId: actor.id, role: { name: "organizer" } }]);

    const template = EVENT_TEMPLATES[kind];
    const items = await prisma.agendaItem.findMany({ where: { eventId: event.id }, orderBy: { position: "asc" } });
    expect(items).toHaveLength(template.length);
    expect(items.map((item) => item.kind)).toEqual(template.map((t) => t.kind));
    expect(items.map((item) => item.position)).toEqual(template.map((_, i) => i));
    expect(items[0]?.startsAt.getTime()).toBe(event.startsAt.getTime());
    const minutesFromStart = (date: Date) => (date.getTime() - event.startsAt.getTime()) / 60_000;
    expect(items.map((item) => [item.titleZh, item.titleEn, minutesFromStart(item.startsAt), minutesFromStart(item.endsAt)])).toEqual(
      template.map((t) => [t.titleZh, t.titleEn, t.from, t.to]),
    );
  });
}

test("createEvent reads the form's times in the event's own zone", async () => {
  const actor = await organizer();
  const times = { startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T17:30" };
  const london = await created(actor.id, { ...times, titleEn: "Zone check London", timeZone: "Europe/London" });
  const hangzhou = await created(actor.id, { ...times, titleEn: "Zone check Hangzhou", timeZone: "Asia/Shanghai" });
  const summer = await created(actor.id, { startsAt: "2027-07-15T09:00", endsAt: "2027-07-15T10:00", titleEn: "Zone check BST", timeZone: "Europe/London" });

  const row = (id: string) => prisma.event.findUniqueOrThrow({ where: { id }, select: { timeZone: true, startsAt: true, endsAt: true } });
  const inLondon = await row(london.eventId);
  const inHangzhou = await row(hangzhou.eventId);
  expect(inLondon.timeZone).toBe("Europe/London");
  expect(inLondon.startsAt.toISOString()).toBe("2027-01-15T09:00:00.000Z");
  expect(inLondon.endsAt.toISOString()).toBe("2027-01-15T17:30:00.000Z");
  expect(inHangzhou.startsAt.toISOString()).toBe("2027-01-15T01:00:00.000Z");
  expect(inHangzhou.endsAt.toISOString()).toBe("2027-01-15T09:30:00.000Z");
  expect((await row(summer.eventId)).startsAt.toISOString()).toBe("2027-07-15T08:00:00.000Z");
  // the template agenda follows the zoned start
  const firstItem = await prisma.agendaItem.findFirstOrThrow({ where: { eventId: london.eventId }, orderBy: { position: "asc" } });
  expect(firstItem.startsAt.toISOString()).toBe("2027-01-15T09:00:00.000Z");
});

test("createEvent derives the slug from the English title and year, and never reuses one", async () => {
  const actor = await organizer();
  const first = await created(actor.id, { titleEn: "Spring Symposium: Quantum & AI!", startsAt: "2027-04-10T09:00", endsAt: "2027-04-10T17:00" });
  const second = await created(actor.id, { titleEn: "Spring Symposium: Quantum & AI!", startsAt: "2027-04-20T09:00", endsAt: "2027-04-20T17:00" });
  const third = await created(actor.id, { titleEn: "Spring Symposium: Quantum & AI!", startsAt: "2027-04-21T09:00", endsAt: "2027-04-21T17:00" });
  expect(first.slug).toBe("2027-spring-symposium-quantum-ai");
  expect(second.slug).toBe("2027-spring-symposium-quantum-ai-2");
  expect(third.slug).toBe("2027-spring-symposium-quantum-ai-3");
  expect((await getEventForEditing(first.slug))?.id).toBe(first.eventId);
  expect((await getEventForEditing(second.slug))?.id).toBe(second.eventId);

  const nextYear = await created(actor.id, { titleEn: "Spring Symposium: Quantum & AI!", startsAt: "2028-04-10T09:00", endsAt: "2028-04-10T17:00" });
  expect(nextYear.slug).toBe("2028-spring-symposium-quantum-ai");
});

test("createEvent takes the slug's year from the event's own calendar, not from UTC", async () => {
  const actor = await organizer();
  // 07:00 on 1 January 2027 in Hangzhou is still 31 December 2026 in UTC
  const result = await created(actor.id, { titleEn: "New Year Sunrise Run", startsAt: "2027-01-01T07:00", endsAt: "2027-01-01T09:00" });
  expect(result.slug).toBe("2027-new-year-sunrise-run");
});

test("createEvent records an event.create audit entry", async () => {
  const actor = await organizer();
  const result = await created(actor.id, { titleEn: "Audit check" });
  const entries = await prisma.auditLog.findMany({ where: { eventId: result.eventId } });
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actorId: actor.id, action: "event.create", entityType: "Event", entityId: result.eventId, eventId: result.eventId });
});

test("createEvent stores the audience departments", async () => {
  const actor = await organizer();
  const [a, b] = [await createDepartment(), await createDepartment()];
  const result = await created(actor.id, { titleEn: "Departments check", audience: "DEPARTMENTS", audienceDepartmentIds: [a.id, b.id, a.id] });
  const editing = await getEventForEditing(result.slug);
  expect(editing?.audience).toBe("DEPARTMENTS");
  expect(editing?.audienceDepartments.map((d) => d.departmentId).sort()).toEqual([a.id, b.id].sort());
});

// ───────────────────────────── createEvent: errors ─────────────────────────────

test("createEvent rejects an end before the start, an unknown venue and an unknown department, writing nothing", async () => {
  const actor = await organizer();
  const dept = await createDepartment();
  const before = await counts();

  expect(await createEvent(actor.id, eventInput({ startsAt: "2027-01-15T17:00", endsAt: "2027-01-15T09:00" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { endsAt: ["agenda.endBeforeStart"] },
  });
  expect(await createEvent(actor.id, eventInput({ venueId: "no-such-venue" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { venueId: ["form.invalidChoice"] },
  });
  expect(await createEvent(actor.id, eventInput({ audience: "DEPARTMENTS", audienceDepartmentIds: ["no-such-department"] }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { audienceDepartmentIds: ["form.invalidChoice"] },
  });
  expect(await createEvent(actor.id, eventInput({ audience: "DEPARTMENTS", audienceDepartmentIds: [dept.id, "no-such-department"] }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { audienceDepartmentIds: ["form.invalidChoice"] },
  });
  expect(await createEvent(actor.id, eventInput({ startsAt: "15 Jan 2027 9am" }))).toEqual({
    ok: false,
    status: 400,
    fieldErrors: { startsAt: ["agenda.timeInvalid"] },
  });

  expect(await counts()).toEqual(before);

  // a real venue is accepted
  const venue = await createVenue();
  const ok = await createEvent(actor.id, eventInput({ titleEn: "Venue check", venueId: venue.id }));
  expect(ok.ok).toBe(true);
  if (ok.ok) expect((await prisma.event.findUniqueOrThrow({ where: { id: ok.eventId } })).venueId).toBe(venue.id);
});

test("EventSchema requires departments when the audience is DEPARTMENTS", () => {
  const result = EventSchema.safeParse({ kind: "INTERNAL_CONFERENCE", titleEn: "x", startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T10:00", audience: "DEPARTMENTS" });
  expect(result.success).toBe(false);
  expect(issueMessages(result)).toEqual(["event.departmentsRequired"]);
  expect(result.error?.issues[0]?.path).toEqual(["audienceDepartmentIds"]);
});

test("EventSchema rejects an unknown time zone", () => {
  const result = EventSchema.safeParse({ kind: "INTERNAL_CONFERENCE", titleEn: "x", startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T10:00", timeZone: "Mars/Olympus" });
  expect(result.success).toBe(false);
  expect(issueMessages(result)).toEqual(["event.timeZoneInvalid"]);
  expect(result.error?.issues[0]?.path).toEqual(["timeZone"]);
  expect(EventSchema.safeParse({ kind: "INTERNAL_CONFERENCE", titleEn: "x", startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T10:00", timeZone: "Europe/London" }).success).toBe(
    true,
  );
});

test("EventSchema accepts only https:// or same-site cover addresses", () => {
  const parse = (coverImageUrl: string) =>
    EventSchema.safeParse({ kind: "INTERNAL_CONFERENCE", titleEn: "x", startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T10:00", coverImageUrl });
  for (const bad of ["javascript:alert(1)", "http://example.com/cover.png", "//evil.example/cover.png", "data:image/png;base64,AAAA"]) {
    const result = parse(bad);
    expect(result.success, bad).toBe(false);
    expect(issueMessages(result), bad).toEqual(["event.coverInvalid"]);
  }
  expect(parse("https://cdn.example.com/cover.png").success).toBe(true);
  expect(parse("/covers/2027.png").success).toBe(true);
  expect(parse("").data?.coverImageUrl).toBeNull();
});

test("EventSchema requires a title in at least one language", () => {
  for (const titles of [{}, { titleZh: "", titleEn: "" }, { titleZh: "  ", titleEn: "   " }]) {
    const result = EventSchema.safeParse({ kind: "AWARD_CEREMONY", ...titles, startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T10:00" });
    expect(result.success).toBe(false);
    expect(issueMessages(result)).toEqual(["event.titleRequired"]);
  }
  expect(EventSchema.safeParse({ kind: "AWARD_CEREMONY", titleZh: "颁奖典礼", startsAt: "2027-01-15T09:00", endsAt: "2027-01-15T10:00" }).success).toBe(true);
});

// ───────────────────────────── updateEvent ─────────────────────────────

test("updateEvent replaces the audience departments", async () => {
  const actor = await organizer();
  const [a, b, c] = [await createDepartment(), await createDepartment(), await createDepartment()];
  const event = await created(actor.id, { titleEn: "Update check", audience: "DEPARTMENTS", audienceDepartmentIds: [a.id, b.id] });
  const departments = async () =>
    (await prisma.eventAudienceDepartment.findMany({ where: { eventId: event.eventId }, select: { departmentId: true } })).map((d) => d.departmentId).sort();
  expect(await departments()).toEqual([a.id, b.id].sort());

  expect(
    await updateEvent(actor.id, event.eventId, eventInput({ titleEn: "Update check", audience: "DEPARTMENTS", audienceDepartmentIds: [b.id, c.id], startsAt: "2027-01-16T09:00", endsAt: "2027-01-16T12:00" })),
  ).toEqual({ ok: true });
  expect(await departments()).toEqual([b.id, c.id].sort());
  const row = await prisma.event.findUniqueOrThrow({ where: { id: event.eventId } });
  expect(row.startsAt.toISOString()).toBe("2027-01-16T01:00:00.000Z");
  expect(row.slug).toBe(event.slug);

  // another audience drops them all
  expect(await updateEvent(actor.id, event.eventId, eventInput({ titleEn: "Update check", audience: "ALL_STAFF", audienceDepartmentIds: [a.id] }))).toEqual({ ok: true });
  expect(await departments()).toEqual([]);
  expect(await prisma.auditLog.count({ where: { eventId: event.eventId, action: "event.update" } })).toBe(2);
});

test("updateEvent of an unknown event is a 404 and writes nothing", async () => {
  const actor = await organizer();
  const dept = await createDepartment();
  const audiences = await prisma.eventAudienceDepartment.count();
  expect(await updateEvent(actor.id, "no-such-event", eventInput({ audience: "DEPARTMENTS", audienceDepartmentIds: [dept.id] }))).toEqual({
    ok: false,
    status: 404,
    fieldErrors: {},
  });
  expect(await prisma.eventAudienceDepartment.count()).toBe(audiences);
  expect(await prisma.auditLog.count({ where: { action: "event.update", entityId: "no-such-event" } })).toBe(0);
});

// ───────────────────────────── changeEventStatus ─────────────────────────────

test("changeEventStatus publishes a draft", async () => {
  const actor = await organizer();
  const event = await created(actor.id, { titleEn: "Publish check" });
  expect(await changeEventStatus(actor.id, event.eventId, StatusSchema.parse({ status: "PUBLISHED" }))).toEqual({ ok: true });
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.eventId } })).status).toBe("PUBLISHED");
  expect(await prisma.auditLog.count({ where: { eventId: event.eventId, action: "event.published" } })).toBe(1);
});

test("StatusSchema requires a reason to cancel", () => {
  for (const input of [{ status: "CANCELLED" }, { status: "CANCELLED", cancelReason: "" }, { status: "CANCELLED", cancelReason: "   " }]) {
    const result = StatusSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(issueMessages(result)).toEqual(["event.cancelReasonRequired"]);
    expect(result.error?.issues[0]?.path).toEqual(["cancelReason"]);
  }
  expect(StatusSchema.safeParse({ status: "CANCELLED", cancelReason: "Typhoon" }).success).toBe(true);
  expect(StatusSchema.safeParse({ status: "ARCHIVED" }).success).toBe(true);
});

test("cancelling stores the reason and notifies everyone confirmed, waitlisted or pending, and nobody else", async () => {
  const actor = await organizer();
  const event = await created(actor.id, { titleEn: "Cancel check" });
  await changeEventStatus(actor.id, event.eventId, StatusSchema.parse({ status: "PUBLISHED" }));
  const people = {
    confirmed: await createUser(),
    waitlisted: await createUser(),
    pending: await createUser(),
    cancelled: await createUser(),
    declined: await createUser(),
  };
  for (const [status, user] of [
    ["CONFIRMED", people.confirmed],
    ["WAITLISTED", people.waitlisted],
    ["PENDING", people.pending],
    ["CANCELLED", people.cancelled],
    ["DECLINED", people.declined],
  ] as const) {
    await prisma.registration.create({ data: { eventId: event.eventId, userId: user.id, status } });
  }
  const reason = "Typhoon Lekima: the campus is closed";

  expect(await changeEventStatus(actor.id, event.eventId, StatusSchema.parse({ status: "CANCELLED", cancelReason: ` ${reason} ` }))).toEqual({ ok: true });
  const row = await prisma.event.findUniqueOrThrow({ where: { id: event.eventId } });
  expect(row.status).toBe("CANCELLED");
  expect(row.cancelReason).toBe(reason);

  const userIds = Object.values(people).map((p) => p.id);
  const notifications = await prisma.notification.findMany({ where: { userId: { in: userIds } } });
  expect(notifications.map((n) => n.userId).sort()).toEqual([people.confirmed.id, people.waitlisted.id, people.pending.id].sort());
  for (const notification of notifications) {
    expect(notification.kind).toBe("EVENT_CANCELLED");
    expect(notification.readAt).toBeNull();
    expect(JSON.parse(notification.payload)).toMatchObject({ eventId: event.eventId, reason });
  }
  expect(await prisma.auditLog.count({ where: { eventId: event.eventId, action: "event.cancelled" } })).toBe(1);
});

test("changeEventStatus refuses impossible moves with 409 event.transitionInvalid", async () => {
  const actor = await organizer();
  const archived = await createEventRow({ status: "ARCHIVED", organizerIds: [actor.id] });
  expect(await changeEventStatus(actor.id, archived.id, StatusSchema.parse({ status: "PUBLISHED" }))).toEqual({
    ok: false,
    status: 409,
    fieldErrors: { status: ["event.transitionInvalid"] },
  });
  expect((await prisma.event.findUniqueOrThrow({ where: { id: archived.id } })).status).toBe("ARCHIVED");

  const draft = await created(actor.id, { titleEn: "Transition check" });
  expect(await changeEventStatus(actor.id, draft.eventId, StatusSchema.parse({ status: "ARCHIVED" }))).toEqual({
    ok: false,
    status: 409,
    fieldErrors: { status: ["event.transitionInvalid"] },
  });
  expect((await prisma.event.findUniqueOrThrow({ where: { id: draft.eventId } })).status).toBe("DRAFT");
  expect(await prisma.auditLog.count({ where: { eventId: { in: [archived.id, draft.eventId] }, action: { in: ["event.published", "event.archived"] } } })).toBe(0);
});

test("changeEventStatus of an unknown event is a 404", async () => {
  const actor = await organizer();
  expect(await changeEventStatus(actor.id, "no-such-event", StatusSchema.parse({ status: "PUBLISHED" }))).toEqual({ ok: false, status: 404, fieldErrors: {} });
});

// ───────────────────────────── visibility after cancelling ─────────────────────────────

test("after cancellation a registered staff member still sees the event, as CANCELLED", async () => {
  const actor = await organizer();
  const [invitedDept, otherDept] = [await createDepartment(), await createDepartment()];
  // open only to a department the registrant is not in: they see it because they are involved
  const event = await created(actor.id, { titleEn: "Visibility check", audience: "DEPARTMENTS", audienceDepartmentIds: [invitedDept.id] });
  await changeEventStatus(actor.id, event.eventId, StatusSchema.parse({ status: "PUBLISHED" }));
  const registrant = await createUser({ departmentId: otherDept.id });
  const bystander = await createUser({ departmentId: otherDept.id });
  await prisma.registration.create({ data: { eventId: event.eventId, userId: registrant.id, status: "CONFIRMED" } });

  expect(await changeEventStatus(actor.id, event.eventId, StatusSchema.parse({ status: "CANCELLED", cancelReason: "Venue flooded" }))).toEqual({ ok: true });

  const seen = await prisma.event.findFirst({
    where: { AND: [visibleEventsWhere(await viewerOf(registrant.id)), { id: event.eventId }] },
    select: { id: true, status: true },
  });
  expect(seen).toEqual({ id: event.eventId, status: "CANCELLED" });
  expect(await getVisibleEvent(await viewerOf(registrant.id), event.slug)).toMatchObject({ status: "CANCELLED", cancelReason: "Venue flooded" });

  const unseen = await prisma.event.findFirst({ where: { AND: [visibleEventsWhere(await viewerOf(bystander.id)), { id: event.eventId }] } });
  expect(unseen).toBeNull();
});
