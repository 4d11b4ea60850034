import { expect, test } from "vitest";

import { AgendaItemSchema, createAgendaItem, updateAgendaItem } from "~/models/agenda.server";
import { ceremonyList } from "~/models/ceremony.server";
import { decide, doorList, undoCheckIn } from "~/models/checkin.server";
import { badgePayload, getOrIssueBadge, revokeAndReissue } from "~/models/badge.server";
import { doorDashboard } from "~/models/door-dashboard.server";
import {
  checkInWindow,
  findPosterSession,
  newPosterToken,
  POSTER_TOKEN,
  posterUrl,
  previewSelfCheckIn,
  regeneratePosterToken,
  selfCheckIn,
  sessionAttendance,
} from "~/models/session-checkin.server";
import { prisma } from "~/utils/db.server";

import { createEvent, createUser, createVenue } from "../../tests/factories";

const MINUTE = 60_000;
// 10:00–11:00 in Shanghai on a day in the future, with the default grace of 15 minutes
const START = new Date("2027-03-10T02:00:00Z");
const END = new Date("2027-03-10T03:00:00Z");
const at = (base: Date, minutes: number, ms = 0) => new Date(base.getTime() + minutes * MINUTE + ms);

async function sessionSetup(options: { grace?: number; capacity?: number } = {}) {
  const organizer = await createUser();
  const venue = await createVenue([{ nameZh: "第一会议室", nameEn: "Meeting Room 1", capacity: options.capacity ?? 40 }]);
  const event = await createEvent({ organizerIds: [organizer.id], venueId: venue.id, startsAt: at(START, -60), endsAt: at(END, 120) });
  const item = await prisma.agendaItem.create({
    data: {
      eventId: event.id,
      kind: "TALK",
      titleZh: "量子计算前沿",
      titleEn: "Frontiers of quantum computing",
      startsAt: START,
      endsAt: END,
      roomId: venue.rooms[0]!.id,
      needsAttendance: true,
      attendanceGraceMinutes: options.grace ?? 15,
      posterToken: newPosterToken(),
    },
  });
  const person = await createUser({ nameZh: "刘洋", nameEn: "Liu Yang", recruitmentBatch: "2026-5" });
  await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED" } });
  return { organizer, event, item, person, token: item.posterToken!, room: venue.rooms[0]! };
}

const inWindow = at(START, 5);

test("a poster token is 128 random bits in 22 base64url characters, and the poster carries the absolute /attend URL", () => {
  const tokens = new Set(Array.from({ length: 50 }, () => newPosterToken()));
  expect(tokens.size).toBe(50);
  for (const token of tokens) expect(token).toMatch(POSTER_TOKEN);
  expect(posterUrl("https://convene.lab.example", "abc")).toBe("https://convene.lab.example/attend/abc");
});

test("the window is [start − grace, end], both edges included", async () => {
  const { event, item, person, token } = await sessionSetup({ grace: 15 });
  expect(checkInWindow(item)).toEqual({ opensAt: at(START, -15), closesAt: END });
  const outcome = async (now: Date) => (await previewSelfCheckIn({ userId: person.id, posterToken: token, now })).outcome;
  expect(await outcome(at(START, -15, -1))).toBe("NOT_OPEN");
  expect(await outcome(at(START, -15))).toBe("OPEN");
  expect(await outcome(END)).toBe("OPEN");
  expect(await outcome(at(END, 0, 1))).toBe("CLOSED");

  // and so does the check-in itself, at each edge
  const early = await selfCheckIn({ userId: person.id, posterToken: token, now: at(START, -15, -1) });
  expect(early).toMatchObject({ outcome: "NOT_OPEN", opensAt: at(START, -15) });
  const late = await selfCheckIn({ userId: person.id, posterToken: token, now: at(END, 0, 1) });
  expect(late).toMatchObject({ outcome: "CLOSED", closedAt: END });
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(0);
  expect(await selfCheckIn({ userId: person.id, posterToken: token, now: at(START, -15) })).toMatchObject({ outcome: "CHECKED_IN", at: at(START, -15) });
  const other = await sessionSetup();
  expect(await selfCheckIn({ userId: other.person.id, posterToken: other.token, now: END })).toMatchObject({ outcome: "CHECKED_IN" });
});

test("the grace period is the item's own: none opens at the start, two hours opens two hours early", async () => {
  const none = await sessionSetup({ grace: 0 });
  expect((await selfCheckIn({ userId: none.person.id, posterToken: none.token, now: at(START, 0, -1) })).outcome).toBe("NOT_OPEN");
  expect((await selfCheckIn({ userId: none.person.id, posterToken: none.token, now: START })).outcome).toBe("CHECKED_IN");
  const long = await sessionSetup({ grace: 120 });
  expect((await selfCheckIn({ userId: long.person.id, posterToken: long.token, now: at(START, -121) })).outcome).toBe("NOT_OPEN");
  expect((await selfCheckIn({ userId: long.person.id, posterToken: long.token, now: at(START, -120) })).outcome).toBe("CHECKED_IN");
});

test("checking in records one SESSION check-in on the person's badge (issued if they had none), audited", async () => {
  const { event, item, person, token } = await sessionSetup();
  expect(await prisma.badge.count({ where: { userId: person.id } })).toBe(0);
  const result = await selfCheckIn({ userId: person.id, posterToken: token, now: inWindow });
  expect(result).toMatchObject({ outcome: "CHECKED_IN", at: inWindow, session: { id: item.id, titleZh: "量子计算前沿" } });
  const badge = await prisma.badge.findFirstOrThrow({ where: { userId: person.id, eventId: event.id } });
  expect(badge.ribbon).toBe("NEW_HIRE");
  const rows = await prisma.checkIn.findMany({ where: { eventId: event.id } });
  expect(rows).toEqual([
    expect.objectContaining({ badgeId: badge.id, agendaItemId: item.id, method: "SESSION", scannedAt: inWindow, scannedById: person.id, undoneAt: null }),
  ]);
  const audits = await prisma.auditLog.findMany({ where: { eventId: event.id, action: "checkin.session" } });
  expect(audits).toEqual([expect.objectContaining({ actorId: person.id, entityType: "CheckIn", entityId: rows[0]!.id })]);
});

test("twice is ALREADY with the first time, and a reissued badge does not allow a second check-in", async () => {
  const { event, organizer, person, token } = await sessionSetup();
  await selfCheckIn({ userId: person.id, posterToken: token, now: inWindow });
  expect(await selfCheckIn({ userId: person.id, posterToken: token, now: at(inWindow, 10) })).toMatchObject({ outcome: "ALREADY", at: inWindow });
  const badge = await prisma.badge.findFirstOrThrow({ where: { userId: person.id } });
  await revokeAndReissue(organizer.id, event.id, badge.id, "lost");
  expect(await selfCheckIn({ userId: person.id, posterToken: token, now: at(inWindow, 20) })).toMatchObject({ outcome: "ALREADY", at: inWindow });
  // after the session, the page still says they were there rather than "closed"
  expect(await previewSelfCheckIn({ userId: person.id, posterToken: token, now: at(END, 60) })).toMatchObject({ outcome: "ALREADY" });
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(1);
});

test("only confirmed registrants check in: strangers, the waitlist, pending and cancelled registrations are NOT_REGISTERED", async () => {
  const { event, token } = await sessionSetup();
  const stranger = await createUser();
  expect((await selfCheckIn({ userId: stranger.id, posterToken: token, now: inWindow })).outcome).toBe("NOT_REGISTERED");
  for (const status of ["WAITLISTED", "PENDING", "CANCELLED", "DECLINED"] as const) {
    const person = await createUser();
    await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status } });
    expect((await selfCheckIn({ userId: person.id, posterToken: token, now: inWindow })).outcome).toBe("NOT_REGISTERED");
  }
  // registered for another event is not registered for this one
  const elsewhere = await sessionSetup();
  expect((await selfCheckIn({ userId: elsewhere.person.id, posterToken: token, now: inWindow })).outcome).toBe("NOT_REGISTERED");
  // a registrant who cancels after being issued a badge cannot check in with it
  const { person: cancelled, token: ownToken, event: ownEvent } = await sessionSetup();
  expect(await getOrIssueBadge(ownEvent.id, cancelled.id)).not.toBeNull();
  await prisma.registration.update({ where: { eventId_userId: { eventId: ownEvent.id, userId: cancelled.id } }, data: { status: "CANCELLED" } });
  expect((await selfCheckIn({ userId: cancelled.id, posterToken: ownToken, now: inWindow })).outcome).toBe("NOT_REGISTERED");
  expect(await prisma.checkIn.count({ where: { eventId: { in: [event.id, ownEvent.id] } } })).toBe(0);
});

test("unknown, malformed and revoked tokens, items without attendance and unpublished events are UNKNOWN", async () => {
  const { event, item, person, token } = await sessionSetup();
  for (const bad of [undefined, "", "short", `${token}x`, "a".repeat(22), "../../etc/passwd", "CV1.AAAAAAAAAAAAAAAAAAAAAA", "é".repeat(22)]) {
    expect(await selfCheckIn({ userId: person.id, posterToken: bad, now: inWindow })).toEqual({ outcome: "UNKNOWN" });
  }
  await prisma.agendaItem.update({ where: { id: item.id }, data: { needsAttendance: false } });
  expect(await findPosterSession(token)).toBeNull();
  await prisma.agendaItem.update({ where: { id: item.id }, data: { needsAttendance: true } });
  for (const status of ["DRAFT", "CANCELLED"] as const) {
    await prisma.event.update({ where: { id: event.id }, data: { status } });
    expect((await selfCheckIn({ userId: person.id, posterToken: token, now: inWindow })).outcome).toBe("UNKNOWN");
  }
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(0);
});

test("the preview writes nothing: no check-in, no badge, no audit", async () => {
  const { event, person, token } = await sessionSetup();
  expect((await previewSelfCheckIn({ userId: person.id, posterToken: token, now: inWindow })).outcome).toBe("OPEN");
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(0);
  expect(await prisma.badge.count({ where: { eventId: event.id } })).toBe(0);
  expect(await prisma.auditLog.count({ where: { OR: [{ eventId: event.id }, { actorId: person.id }] } })).toBe(0);
});

test("a race: ten taps at once record one check-in and nine ALREADY", async () => {
  const { person, token, event } = await sessionSetup();
  const results = await Promise.all(Array.from({ length: 10 }, () => selfCheckIn({ userId: person.id, posterToken: token, now: inWindow })));
  const outcomes = results.map((result) => result.outcome).sort();
  expect(outcomes).toEqual([...Array<string>(9).fill("ALREADY"), "CHECKED_IN"]);
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(1);
  expect(await prisma.badge.count({ where: { eventId: event.id, revokedAt: null } })).toBe(1);
});

test("a session check-in never counts at the door: door decision, door list, dashboard, ceremony and undo ignore it", async () => {
  const { event, organizer, person, token } = await sessionSetup();
  await selfCheckIn({ userId: person.id, posterToken: token, now: inWindow });
  const badge = (await getOrIssueBadge(event.id, person.id))!;
  const sessionRow = await prisma.checkIn.findFirstOrThrow({ where: { eventId: event.id } });

  const dashboard = await doorDashboard(event.id, inWindow);
  expect(dashboard.totals).toMatchObject({ registered: 1, checkedIn: 0, notArrived: 1 });
  expect(dashboard.arrivals.total).toBe(0);
  expect(dashboard.devices).toEqual([]);
  expect((await doorList(event.id, inWindow)).badges).toEqual([expect.objectContaining({ checkedInAt: null })]);
  expect((await ceremonyList(event.id)).rows).toEqual([expect.objectContaining({ nameZh: "刘洋", checkedIn: false })]);
  // the door's undo cannot take back a session check-in
  expect(await undoCheckIn(organizer.id, event.id, sessionRow.id)).toBe(false);
  expect((await prisma.checkIn.findUniqueOrThrow({ where: { id: sessionRow.id } })).undoneAt).toBeNull();

  // the door still checks them in (first time at the door), and the session count stays one
  expect((await decide({ eventId: event.id, payload: badgePayload(badge.token), scannedById: organizer.id, now: inWindow })).outcome).toBe("CHECKED_IN");
  expect((await doorDashboard(event.id, inWindow)).totals).toMatchObject({ checkedIn: 1, notArrived: 0 });
  expect(await prisma.checkIn.count({ where: { eventId: event.id, method: "DOOR" } })).toBe(1);
  expect((await sessionAttendance(event.id)).sessions[0]!.checkedIn).toBe(1);
});

test("attendance per session counts exactly the session check-ins, against the room's capacity, and flags a full room", async () => {
  const { event, item, person, token } = await sessionSetup({ capacity: 2 });
  const second = await prisma.agendaItem.create({
    data: { eventId: event.id, kind: "TALK", titleZh: "第二场", titleEn: "Second", startsAt: START, endsAt: END, needsAttendance: true, posterToken: newPosterToken() },
  });
  await prisma.agendaItem.create({ data: { eventId: event.id, kind: "BREAK", titleZh: "茶歇", titleEn: "Tea", startsAt: END, endsAt: at(END, 20) } });
  const people = [person];
  for (let i = 0; i < 3; i++) {
    const extra = await createUser();
    await prisma.registration.create({ data: { eventId: event.id, userId: extra.id, status: "CONFIRMED" } });
    people.push(extra);
  }
  for (const [i, someone] of people.entries()) await selfCheckIn({ userId: someone.id, posterToken: token, now: at(inWindow, i) });
  await selfCheckIn({ userId: person.id, posterToken: token, now: at(inWindow, 9) });
  await selfCheckIn({ userId: people[1]!.id, posterToken: second.posterToken!, now: inWindow });

  const { registered, sessions } = await sessionAttendance(event.id);
  expect(registered).toBe(4);
  expect(sessions.map((s) => s.id)).toEqual([item.id, second.id]);
  const rows = await prisma.checkIn.groupBy({ by: ["agendaItemId"], where: { eventId: event.id, method: "SESSION", undoneAt: null }, _count: true });
  for (const session of sessions) expect(session.checkedIn).toBe(rows.find((row) => row.agendaItemId === session.id)?._count ?? 0);
  expect(sessions[0]).toMatchObject({ checkedIn: 4, overCapacity: true, room: { capacity: 2 }, opensAt: at(START, -15) });
  expect(sessions[0]!.attendees.map((a) => a.userId)).toEqual(people.map((p) => p.id));
  // a room without a capacity is never "over"
  expect(sessions[1]).toMatchObject({ checkedIn: 1, overCapacity: false, room: null });
});

test("the item form: attendance on makes a poster token, regenerating revokes the old one (audited), off clears it", async () => {
  const { organizer, event, person } = await sessionSetup();
  const input = (fields: Record<string, string>) =>
    AgendaItemSchema.parse({ kind: "TALK", titleZh: "报告", titleEn: "Talk", startsAt: "2027-03-10T14:00", endsAt: "2027-03-10T15:00", ...fields });
  expect(AgendaItemSchema.safeParse({ kind: "TALK", titleZh: "报告", startsAt: "2027-03-10T14:00", endsAt: "2027-03-10T15:00", attendanceGraceMinutes: "121" }).success).toBe(false);
  expect(AgendaItemSchema.safeParse({ kind: "TALK", titleZh: "报告", startsAt: "2027-03-10T14:00", endsAt: "2027-03-10T15:00", attendanceGraceMinutes: "-1" }).success).toBe(false);
  expect(AgendaItemSchema.safeParse({ kind: "TALK", titleZh: "报告", startsAt: "2027-03-10T14:00", endsAt: "2027-03-10T15:00", attendanceGraceMinutes: "1.5" }).success).toBe(false);

  const created = await createAgendaItem(organizer.id, event.id, input({ needsAttendance: "on", attendanceGraceMinutes: "30" }));
  if (!created.ok) throw new Error("create failed");
  const first = await prisma.agendaItem.findUniqueOrThrow({ where: { id: created.itemId } });
  expect(first).toMatchObject({ needsAttendance: true, attendanceGraceMinutes: 30 });
  expect(first.posterToken).toMatch(POSTER_TOKEN);

  // saving the form again keeps the printed poster working
  expect((await updateAgendaItem(organizer.id, event.id, first.id, input({ needsAttendance: "on", titleEn: "Talk (renamed)" }))).ok).toBe(true);
  expect(await prisma.agendaItem.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ posterToken: first.posterToken, attendanceGraceMinutes: 30 });

  const replaced = await regeneratePosterToken(organizer.id, event.id, first.id);
  expect(replaced).toMatch(POSTER_TOKEN);
  expect(replaced).not.toBe(first.posterToken);
  expect(await findPosterSession(first.posterToken!)).toBeNull();
  expect((await selfCheckIn({ userId: person.id, posterToken: first.posterToken!, now: new Date("2027-03-10T06:00:00Z") })).outcome).toBe("UNKNOWN");
  expect((await selfCheckIn({ userId: person.id, posterToken: replaced!, now: new Date("2027-03-10T06:00:00Z") })).outcome).toBe("CHECKED_IN");
  expect(await prisma.auditLog.count({ where: { action: "agenda.poster.regenerate", entityId: first.id, actorId: organizer.id } })).toBe(1);

  // turning attendance off revokes the poster; an item that needs none cannot get one
  expect((await updateAgendaItem(organizer.id, event.id, first.id, input({}))).ok).toBe(true);
  expect(await prisma.agendaItem.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ needsAttendance: false, posterToken: null });
  expect(await findPosterSession(replaced!)).toBeNull();
  expect(await regeneratePosterToken(organizer.id, event.id, first.id)).toBeNull();
  // another event's organizer cannot reach the item through their own event
  const other = await createEvent();
  expect(await regeneratePosterToken(organizer.id, other.id, first.id)).toBeNull();
  // turning it on again makes a fresh poster, not the revoked one
  await updateAgendaItem(organizer.id, event.id, first.id, input({ needsAttendance: "on" }));
  const again = await prisma.agendaItem.findUniqueOrThrow({ where: { id: first.id } });
  expect(again.posterToken).toMatch(POSTER_TOKEN);
  expect([first.posterToken, replaced]).not.toContain(again.posterToken);
});
