import { expect, test } from "vitest";

import { createEvent, createUser, createVenue } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { newPosterToken, selfCheckIn } from "~/models/session-checkin.server";
import { action as attendAction, loader as attendLoader } from "~/routes/attend.$token";
import { action as itemAction, loader as itemLoader } from "~/routes/events.$slug.agenda_.$itemId";
import { loader as posterPdf } from "~/routes/events.$slug.agenda_.$itemId.poster[.]pdf";
import { action as attendanceAction, loader as attendanceLoader } from "~/routes/events.$slug.attendance";
import { prisma } from "~/utils/db.server";

const MINUTE = 60_000;
let address = 0;
/** Each test its own client address, so the per-address limit of one test never reaches another. */
const fromAddress = () => ({ "X-Convene-Remote-Address": `10.9.0.${++address}` });

/** A published event with a session running now (started 10 minutes ago, ends in 50) and one that starts in 2 hours. */
async function setup(options: { capacity?: number } = {}) {
  const organizer = await createUser();
  const door = await createUser();
  const venue = await createVenue([{ nameZh: "第二会议室", nameEn: "Meeting Room 2", capacity: options.capacity ?? 30 }]);
  const now = Date.now();
  const event = await createEvent({
    organizerIds: [organizer.id],
    checkinStaffIds: [door.id],
    venueId: venue.id,
    startsAt: new Date(now - 3600_000),
    endsAt: new Date(now + 5 * 3600_000),
  });
  const session = (minutesFromNow: number, titleZh: string, titleEn: string) =>
    prisma.agendaItem.create({
      data: {
        eventId: event.id,
        kind: "TALK",
        titleZh,
        titleEn,
        startsAt: new Date(now + minutesFromNow * MINUTE),
        endsAt: new Date(now + (minutesFromNow + 60) * MINUTE),
        roomId: venue.rooms[0]!.id,
        needsAttendance: true,
        posterToken: newPosterToken(),
      },
    });
  const running = await session(-10, "正在进行的报告", "The talk under way");
  const later = await session(120, "稍后的报告", "The later talk");
  const plain = await prisma.agendaItem.create({ data: { eventId: event.id, kind: "BREAK", titleZh: "茶歇", titleEn: "Tea", startsAt: new Date(now), endsAt: new Date(now + 20 * MINUTE) } });
  const attendee = await createUser({ nameZh: "刘洋", nameEn: "Liu Yang", recruitmentBatch: "2026-5", locale: "en" });
  await prisma.registration.create({ data: { eventId: event.id, userId: attendee.id, status: "CONFIRMED" } });
  return { organizer, door, event, running, later, plain, attendee };
}

type View = { state: string; message: string; session: { title: string; otherTitle: string | null; when: string; room: string | null } | null };
const viewOf = (outcome: unknown) => (outcome as { data: { view: View } }).data.view;

async function attendGet(token: string, userId?: string, headers = fromAddress()) {
  return settle(async () => attendLoader(routeArgs(await get(`/attend/${token}`, { userId, headers }), { token })));
}
async function attendPost(token: string, userId?: string, fields: Record<string, string> = { intent: "checkin" }, headers = fromAddress()) {
  return settle(async () => attendAction(routeArgs(await post(`/attend/${token}`, fields, { userId, headers }), { token })));
}

async function writes(eventId: string) {
  return {
    checkIns: await prisma.checkIn.count({ where: { eventId } }),
    badges: await prisma.badge.count({ where: { eventId } }),
    audits: await prisma.auditLog.count({ where: { eventId } }),
  };
}

// ───────────────────────────── /attend/:token ─────────────────────────────

test("signed out, the poster URL leads to the sign-in page, which comes back to it; nothing is written", async () => {
  const { event, running } = await setup();
  for (const outcome of [await attendGet(running.posterToken!), await attendPost(running.posterToken!)]) {
    const response = outcome.thrown as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/attend/${running.posterToken}`)}`);
  }
  expect(await writes(event.id)).toEqual({ checkIns: 0, badges: 0, audits: 0 });
});

test("a GET shows the session and the button, and writes nothing, however often it is opened", async () => {
  const { event, running, attendee } = await setup();
  for (let i = 0; i < 3; i++) {
    const opened = await attendGet(running.posterToken!, attendee.id);
    expect(statusOf(opened.returned)).toBe(200);
    expect(viewOf(opened.returned)).toMatchObject({ state: "open", session: { title: "The talk under way", otherTitle: "正在进行的报告", room: "Meeting Room 2" } });
    expect(viewOf(opened.returned).message).toMatch(/^Check-in is open until /);
  }
  expect(await writes(event.id)).toEqual({ checkIns: 0, badges: 0, audits: 0 });
});

test("the POST checks in (once), and says so; a second POST says already", async () => {
  const { event, running, attendee } = await setup();
  const first = await attendPost(running.posterToken!, attendee.id);
  expect(statusOf(first.returned)).toBe(200);
  expect(viewOf(first.returned)).toMatchObject({ state: "checkedIn" });
  expect(viewOf(first.returned).message).toMatch(/^You're checked in, at /);
  const second = await attendPost(running.posterToken!, attendee.id);
  expect(statusOf(second.returned)).toBe(200);
  expect(viewOf(second.returned).state).toBe("already");
  expect(viewOf((await attendGet(running.posterToken!, attendee.id)).returned).state).toBe("already");
  expect(await prisma.checkIn.findMany({ where: { eventId: event.id }, select: { method: true, agendaItemId: true } })).toEqual([{ method: "SESSION", agendaItemId: running.id }]);
});

test("outside the window: the page says when check-in opens (200), and the POST is a 409 that writes nothing", async () => {
  const { event, later, attendee } = await setup();
  const shown = await attendGet(later.posterToken!, attendee.id);
  expect(statusOf(shown.returned)).toBe(200);
  expect(viewOf(shown.returned).state).toBe("notOpen");
  // in the event's zone: 15 minutes before the start
  const opens = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Shanghai" }).format(new Date(later.startsAt.getTime() - 15 * MINUTE));
  expect(viewOf(shown.returned).message).toMatch(new RegExp(`^Check-in has not opened yet\\. It opens at .*${opens}\\.$`));
  const posted = await attendPost(later.posterToken!, attendee.id);
  expect(statusOf(posted.returned)).toBe(409);
  expect(viewOf(posted.returned).state).toBe("notOpen");

  const finished = await prisma.agendaItem.update({ where: { id: later.id }, data: { startsAt: new Date(Date.now() - 120 * MINUTE), endsAt: new Date(Date.now() - 60 * MINUTE) } });
  const closed = await attendPost(finished.posterToken!, attendee.id);
  expect(statusOf(closed.returned)).toBe(409);
  expect(viewOf(closed.returned)).toMatchObject({ state: "closed" });
  expect(viewOf(closed.returned).message).toMatch(/^Check-in closed at /);
  expect((await writes(event.id)).checkIns).toBe(0);
});

test("someone not registered gets a 403 page explaining it, on GET and POST; unknown and malformed codes a 404; a bad intent a 400", async () => {
  const { event, running, attendee } = await setup();
  const stranger = await createUser({ locale: "zh-CN" });
  const shown = await attendGet(running.posterToken!, stranger.id);
  expect(statusOf(shown.returned)).toBe(403);
  expect(viewOf(shown.returned)).toMatchObject({ state: "notRegistered", session: { title: "正在进行的报告" } });
  expect(viewOf(shown.returned).message).toContain("请先在活动页面报名");
  expect(statusOf((await attendPost(running.posterToken!, stranger.id)).returned)).toBe(403);

  for (const token of ["AAAAAAAAAAAAAAAAAAAAAA", "nope", "CV1.AAAAAAAAAAAAAAAAAAAAAA", "%00", "x".repeat(300)]) {
    const unknown = await attendGet(token, attendee.id);
    expect(statusOf(unknown.returned)).toBe(404);
    expect(viewOf(unknown.returned)).toMatchObject({ state: "unknown", session: null });
    expect(statusOf((await attendPost(token, attendee.id)).returned)).toBe(404);
  }
  expect(statusOf((await attendPost(running.posterToken!, attendee.id, { intent: "undo" })).thrown)).toBe(400);
  expect(statusOf((await attendPost(running.posterToken!, attendee.id, {})).thrown)).toBe(400);
  expect((await writes(event.id)).checkIns).toBe(0);
});

test("repeated unknown codes are limited per person: the 21st attempt is a 429, even with a real poster", async () => {
  const { running, attendee } = await setup();
  const headers = fromAddress();
  for (let i = 0; i < 20; i++) expect(statusOf((await attendGet(`${"B".repeat(21)}${i % 10}`, attendee.id, headers)).returned)).toBe(404);
  const limited = await attendGet(running.posterToken!, attendee.id, fromAddress());
  expect(statusOf(limited.returned)).toBe(429);
  expect(viewOf(limited.returned)).toMatchObject({ state: "limited", session: null });
  expect(statusOf((await attendPost(running.posterToken!, attendee.id, undefined, fromAddress())).returned)).toBe(429);
  expect(await prisma.checkIn.count({ where: { agendaItemId: running.id } })).toBe(0);
  // someone else is not affected
  const { running: other, attendee: someoneElse } = await setup();
  expect(statusOf((await attendPost(other.posterToken!, someoneElse.id)).returned)).toBe(200);
});

// ───────────────────────────── /events/:slug/attendance ─────────────────────────────

test("the attendance view: organizers, admins and the event's door staff see it; staff and other events' people get 403", async () => {
  const { organizer, door, event } = await setup();
  const admin = await createUser({ roles: ["admin"] });
  for (const userId of [organizer.id, door.id, admin.id]) {
    expect(statusOf(await attendanceLoader(routeArgs(await get(`/events/${event.slug}/attendance`, { userId }), { slug: event.slug })))).toBe(200);
  }
  const staff = await createUser();
  const elsewhere = await createUser();
  await createEvent({ organizerIds: [elsewhere.id], checkinStaffIds: [elsewhere.id] });
  for (const userId of [staff.id, elsewhere.id]) {
    expect(statusOf((await settle(async () => attendanceLoader(routeArgs(await get(`/events/${event.slug}/attendance`, { userId }), { slug: event.slug })))).thrown)).toBe(403);
  }
  const signedOut = await settle(async () => attendanceLoader(routeArgs(await get(`/events/${event.slug}/attendance`), { slug: event.slug })));
  expect(statusOf(signedOut.thrown)).toBe(302);
  expect(statusOf((await settle(async () => attendanceLoader(routeArgs(await get(`/events/no-such/attendance`, { userId: admin.id }), { slug: "no-such" })))).thrown)).toBe(404);
});

test("the attendance view's counts match the check-ins exactly, per session, with the over-capacity alert", async () => {
  const { organizer, door, event, running, later, attendee } = await setup({ capacity: 2 });
  const people = [attendee];
  for (let i = 0; i < 2; i++) {
    const person = await createUser();
    await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED" } });
    people.push(person);
  }
  for (const person of people) await attendPost(running.posterToken!, person.id);
  await attendPost(running.posterToken!, attendee.id);
  await selfCheckIn({ userId: attendee.id, posterToken: later.posterToken!, now: later.startsAt });

  const page = (await attendanceLoader(routeArgs(await get(`/events/${event.slug}/attendance`, { userId: door.id }), { slug: event.slug }))) as {
    registered: number;
    managesAgenda: boolean;
    sessions: Array<{ id: string; checkedIn: number; capacity: number | null; overCapacity: boolean; poster: string | null; attendees: Array<{ userId: string }> }>;
  };
  expect(page.registered).toBe(3);
  expect(page.managesAgenda).toBe(false);
  expect(page.sessions.map((s) => s.id)).toEqual([running.id, later.id]);
  for (const session of page.sessions) {
    expect(session.checkedIn).toBe(await prisma.checkIn.count({ where: { agendaItemId: session.id, method: "SESSION", undoneAt: null } }));
    expect(session.attendees).toHaveLength(session.checkedIn);
    // door staff read the numbers, but get no poster
    expect(session.poster).toBeNull();
  }
  expect(page.sessions[0]).toMatchObject({ checkedIn: 3, capacity: 2, overCapacity: true });
  expect(page.sessions[1]).toMatchObject({ checkedIn: 1, overCapacity: false });

  const organizerPage = (await attendanceLoader(routeArgs(await get(`/events/${event.slug}/attendance`, { userId: organizer.id }), { slug: event.slug }))) as typeof page;
  expect(organizerPage.sessions[0]!.poster).toBe(`/events/${event.slug}/agenda/${running.id}/poster.pdf`);
});

test("regenerating a poster: organizers only (door staff 403), unknown items 404, a bad intent 400; the old code stops working", async () => {
  const { organizer, door, event, running, plain, attendee } = await setup();
  const params = { slug: event.slug };
  const regenerate = async (userId: string, fields: Record<string, string>) =>
    settle(async () => attendanceAction(routeArgs(await post(`/events/${event.slug}/attendance`, fields, { userId }), params)));
  expect(statusOf((await regenerate(door.id, { intent: "regeneratePoster", itemId: running.id })).thrown)).toBe(403);
  expect(statusOf((await regenerate(organizer.id, { intent: "regeneratePoster", itemId: plain.id })).thrown)).toBe(404);
  expect(statusOf((await regenerate(organizer.id, { intent: "regeneratePoster", itemId: "no-such" })).thrown)).toBe(404);
  expect(statusOf((await regenerate(organizer.id, { intent: "other", itemId: running.id })).thrown)).toBe(400);
  expect((await prisma.agendaItem.findUniqueOrThrow({ where: { id: running.id } })).posterToken).toBe(running.posterToken);

  const done = await regenerate(organizer.id, { intent: "regeneratePoster", itemId: running.id });
  expect((done.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}/attendance#session-${running.id}`);
  const fresh = (await prisma.agendaItem.findUniqueOrThrow({ where: { id: running.id } })).posterToken!;
  expect(fresh).not.toBe(running.posterToken);
  expect(statusOf((await attendPost(running.posterToken!, attendee.id)).returned)).toBe(404);
  expect(statusOf((await attendPost(fresh, attendee.id)).returned)).toBe(200);
});

// ───────────────────────────── the poster PDF and the item editor ─────────────────────────────

test("the poster PDF: organizers and admins download it; door staff and staff get 403; an item without attendance is 404", async () => {
  const { organizer, door, event, running, plain } = await setup();
  const admin = await createUser({ roles: ["admin"] });
  const pdf = async (itemId: string, userId?: string) =>
    settle(async () => posterPdf(routeArgs(await get(`/events/${event.slug}/agenda/${itemId}/poster.pdf`, { userId }), { slug: event.slug, itemId })));
  for (const userId of [organizer.id, admin.id]) {
    const response = (await pdf(running.id, userId)).returned as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toContain(`poster-${event.slug}-${running.id}.pdf`);
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  }
  const staff = await createUser();
  for (const userId of [door.id, staff.id]) expect(statusOf((await pdf(running.id, userId)).thrown)).toBe(403);
  const missing = (await pdf(plain.id, organizer.id)).thrown as Response;
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ messageKey: "poster.notFound" });
  expect(statusOf((await pdf("no-such-item", organizer.id)).thrown)).toBe(404);
  expect(statusOf((await pdf(running.id)).thrown)).toBe(302);
});

test("the item editor: ticking 'needs attendance' with a grace period makes a poster; a grace out of range is a 400", async () => {
  const { organizer, event, plain } = await setup();
  const params = { slug: event.slug, itemId: plain.id };
  const path = `/events/${event.slug}/agenda/${plain.id}`;
  const fields = { intent: "update", kind: "BREAK", titleZh: "茶歇", titleEn: "Tea", startsAt: "2027-03-10T10:00", endsAt: "2027-03-10T10:20", roomId: "" };
  const bad = await settle(async () => itemAction(routeArgs(await post(path, { ...fields, needsAttendance: "on", attendanceGraceMinutes: "500" }, { userId: organizer.id }), params)));
  expect(statusOf(bad.returned)).toBe(400);
  expect(JSON.stringify(bad.returned)).toContain("attendance.graceInvalid");
  expect((await prisma.agendaItem.findUniqueOrThrow({ where: { id: plain.id } })).needsAttendance).toBe(false);

  const saved = await settle(async () => itemAction(routeArgs(await post(path, { ...fields, needsAttendance: "on", attendanceGraceMinutes: "30" }, { userId: organizer.id }), params)));
  expect(statusOf(saved.thrown ?? saved.returned)).toBe(302);
  const item = await prisma.agendaItem.findUniqueOrThrow({ where: { id: plain.id } });
  expect(item).toMatchObject({ needsAttendance: true, attendanceGraceMinutes: 30 });
  expect(item.posterToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const page = (await itemLoader(routeArgs(await get(path, { userId: organizer.id }), params))) as { defaults: Record<string, string>; poster: string | null };
  expect(page.defaults).toMatchObject({ needsAttendance: "on", attendanceGraceMinutes: "30" });
  expect(page.poster).toBe(`/events/${event.slug}/agenda/${plain.id}/poster.pdf`);

  // unticked, the box is simply not sent: attendance is off and the poster revoked
  await itemAction(routeArgs(await post(path, fields, { userId: organizer.id }), params));
  expect(await prisma.agendaItem.findUniqueOrThrow({ where: { id: plain.id } })).toMatchObject({ needsAttendance: false, posterToken: null, attendanceGraceMinutes: 30 });
});
