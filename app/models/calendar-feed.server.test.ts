import ICAL from "ical.js";
import { expect, test } from "vitest";

import {
  addAgendaPerson,
  createAgendaItem,
  deleteAgendaItem,
  itemRevisions,
  moveAgendaItem,
  publishAgenda,
  updateAgendaItem,
  type AgendaItemInput,
  decodeHistory,
  replayHistory,
} from "~/models/agenda.server";
import {
  eventCalendar,
  forgetRenderedEvents,
  feedEventsWhere,
  institutionCalendar,
  personalCalendar,
  publicCalendar,
  registrationSequence,
  type Presentation,
} from "~/models/calendar-feed.server";
import { changeEventStatus, updateEvent, viewerFor, type EventInput } from "~/models/event.server";
import { AddHostSchema, addHost, removeHost } from "~/models/visit-host.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import type { Locale } from "~/utils/i18n";
import { sessionUserSelect, type SessionUser } from "~/utils/session.server";

import { createDepartment, createEvent, createUser, createVenue } from "../../tests/factories";

// ───────────────────────────── helpers ─────────────────────────────

/** Parsed by ical.js, with the calendar's own VTIMEZONEs registered: ical.js knows no zones of its own. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar;
}

type Vevent = { uid: string; summary: string; description: string; location: string; start: string; end: string; sequence: number; status: string; lastModified: string; stamp: string; tzid: string };

function vevents(text: string): Map<string, Vevent> {
  const calendar = parse(text);
  return new Map(
    calendar.getAllSubcomponents("vevent").map((component) => {
      const event = new ICAL.Event(component);
      const time = (name: string) => (component.getFirstPropertyValue(name) as ICAL.Time).toJSDate().toISOString();
      return [
        event.uid,
        {
          uid: event.uid,
          summary: event.summary,
          description: event.description ?? "",
          location: event.location ?? "",
          start: event.startDate.toJSDate().toISOString(),
          end: event.endDate.toJSDate().toISOString(),
          sequence: Number(component.getFirstPropertyValue("sequence")),
          status: String(component.getFirstPropertyValue("status")),
          lastModified: time("last-modified"),
          stamp: time("dtstamp"),
          tzid: event.startDate.zone.tzid,
        },
      ];
    }),
  );
}

const DAY = "2027-03-10";
const BEFORE = new Date("2027-03-01T00:00:00Z");
const present = (locale: Locale = "zh-CN", now = BEFORE): Presentation => ({ locale, origin: "https://convene.example", now });

async function viewerOf(userId: string) {
  const user = (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: sessionUserSelect })) as SessionUser;
  return viewerFor(user);
}

function itemInput(overrides: Partial<AgendaItemInput>): AgendaItemInput {
  return { kind: "TALK", titleZh: "", titleEn: "", notesZh: "", notesEn: "", cueNotes: "", startsAt: `${DAY}T09:00`, endsAt: `${DAY}T09:30`, roomId: null, ...overrides };
}

/** A morning meeting in Hangzhou with two items, one with a staff speaker and a guest; published once. */
async function meeting(options: Partial<Parameters<typeof createEvent>[0]> = {}) {
  const organizer = await createUser({ nameZh: "李组织", nameEn: "Li Zuzhi", titleZh: "主任", titleEn: "Director" });
  const venue = await createVenue([{ nameZh: "报告厅", nameEn: "Main Auditorium" }]);
  const [hall] = venue.rooms;
  await prisma.venue.update({ where: { id: venue.id }, data: { nameZh: "南湖总部", nameEn: "Nanhu Campus" } });
  const event = await createEvent({
    titleZh: "春季学术会",
    titleEn: "Spring Meeting",
    venueId: venue.id,
    startsAt: new Date(`${DAY}T09:00:00+08:00`),
    endsAt: new Date(`${DAY}T12:00:00+08:00`),
    organizerIds: [organizer.id],
    ...options,
  });
  const add = async (input: Partial<AgendaItemInput>) => {
    const outcome = await createAgendaItem(organizer.id, event.id, itemInput(input));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.fieldErrors));
    return outcome.itemId;
  };
  const openingId = await add({ kind: "OPENING", titleZh: "开幕", titleEn: "Opening", roomId: hall!.id });
  const talkId = await add({ titleZh: "报告一", titleEn: "Talk one", startsAt: `${DAY}T09:30`, endsAt: `${DAY}T10:30`, roomId: hall!.id, notesEn: "Slides online afterwards.", notesZh: "会后提供幻灯片。" });
  const person = (input: Partial<Parameters<typeof addAgendaPerson>[3]>) =>
    addAgendaPerson(organizer.id, event.id, talkId, { role: "SPEAKER", side: "LAB", userId: null, externalNameZh: "", externalNameEn: "", organisation: "", title: "", ...input });
  expect(await person({ userId: organizer.id })).toMatchObject({ ok: true });
  expect(await person({ externalNameZh: "阿达", externalNameEn: "Ada Lovelace", organisation: "Analytical Engines" })).toMatchObject({ ok: true });
  expect(await person({ role: "HOST", externalNameZh: "主持人", externalNameEn: "The Host" })).toMatchObject({ ok: true });
  await publishAgenda(organizer.id, event.id, "");
  return { organizer, event, venue, hall: hall!, openingId, talkId, add };
}

const uid = (kind: "event" | "agenda", id: string) => `${kind}-${id}@convene`;
/** iCalendar times have whole seconds. */
const seconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();

function eventInput(event: Awaited<ReturnType<typeof createEvent>>, overrides: Partial<EventInput> = {}): EventInput {
  return {
    kind: event.kind,
    titleZh: event.titleZh,
    titleEn: event.titleEn,
    descriptionZh: "",
    descriptionEn: "",
    timeZone: event.timeZone,
    startsAt: `${DAY}T09:00`,
    endsAt: `${DAY}T12:00`,
    venueId: event.venueId,
    coverImageUrl: null,
    audience: event.audience,
    audienceDepartmentIds: [],
    isPublic: event.isPublic,
    ...overrides,
  };
}

// ───────────────────────────── one event ─────────────────────────────

test("an event's file: the event and one VEVENT per published item, with room, speakers and times from the agenda", async () => {
  const { event, openingId, talkId } = await meeting();
  const byUid = vevents((await eventCalendar(event.id, present()))!);
  expect([...byUid.keys()].sort()).toEqual([uid("event", event.id), uid("agenda", openingId), uid("agenda", talkId)].sort());

  const whole = byUid.get(uid("event", event.id))!;
  expect(whole).toMatchObject({ summary: "春季学术会", start: "2027-03-10T01:00:00.000Z", end: "2027-03-10T04:00:00.000Z", tzid: "Asia/Shanghai", status: "CONFIRMED" });
  expect(whole.location).toBe("南湖总部");

  // a 09:00 item in Hangzhou is 01:00Z; its room and venue are the location
  const opening = byUid.get(uid("agenda", openingId))!;
  expect(opening).toMatchObject({ summary: "开幕", start: "2027-03-10T01:00:00.000Z", end: "2027-03-10T01:30:00.000Z", tzid: "Asia/Shanghai", location: "报告厅（南湖总部）", sequence: 0 });
  const talk = byUid.get(uid("agenda", talkId))!;
  expect(talk.start).toBe("2027-03-10T01:30:00.000Z");
  expect(talk.description).toContain("春季学术会");
  expect(talk.description).toContain("主讲：李组织（主任）、阿达（Analytical Engines）");
  expect(talk.description).toContain("主持：主持人");
  expect(talk.description).toContain("会后提供幻灯片。");
  expect(talk.description).toContain(`https://convene.example/events/${event.slug}#agenda-item-${talkId}`);
  // speakers come before hosts, whatever order they were added in
  expect(talk.description.indexOf("主讲")).toBeLessThan(talk.description.indexOf("主持"));
});

test("the same file in English", async () => {
  const { event, talkId } = await meeting();
  const byUid = vevents((await eventCalendar(event.id, present("en")))!);
  expect(byUid.get(uid("event", event.id))!.summary).toBe("Spring Meeting");
  const talk = byUid.get(uid("agenda", talkId))!;
  expect(talk).toMatchObject({ summary: "Talk one", location: "Main Auditorium, Nanhu Campus" });
  expect(talk.description).toContain("Speaker: Li Zuzhi (Director), Ada Lovelace (Analytical Engines)");
  expect(talk.description).toContain("Host: The Host");
  expect(talk.description).toContain("Slides online afterwards.");
});

test("only the published release: draft edits and unpublished items stay out until the next release", async () => {
  const { organizer, event, openingId, add } = await meeting();
  await updateAgendaItem(organizer.id, event.id, openingId, itemInput({ kind: "OPENING", titleZh: "草稿标题", titleEn: "Draft title" }));
  const draftOnly = await add({ titleZh: "未发布", titleEn: "Unpublished" });
  let byUid = vevents((await eventCalendar(event.id, present()))!);
  expect(byUid.get(uid("agenda", openingId))!.summary).toBe("开幕");
  expect(byUid.has(uid("agenda", draftOnly))).toBe(false);
  await publishAgenda(organizer.id, event.id, "");
  byUid = vevents((await eventCalendar(event.id, present()))!);
  expect(byUid.get(uid("agenda", openingId))!.summary).toBe("草稿标题");
  expect(byUid.has(uid("agenda", draftOnly))).toBe(true);
});

test("an event without a release is just the event; a draft has no file at all", async () => {
  const plain = await createEvent({ titleZh: "无日程", titleEn: "No agenda" });
  expect([...vevents((await eventCalendar(plain.id, present()))!).keys()]).toEqual([uid("event", plain.id)]);
  const { event } = await meeting({ status: "DRAFT" });
  expect(await eventCalendar(event.id, present())).toBeNull();
});

test("a multi-day event is not flattened: the event spans its days, each item keeps its own day and time", async () => {
  const { organizer, event } = await meeting({ startsAt: new Date("2027-03-10T09:00:00+08:00"), endsAt: new Date("2027-03-12T17:00:00+08:00") });
  const dayTwo = await createAgendaItem(organizer.id, event.id, itemInput({ titleZh: "第二天", titleEn: "Day two", startsAt: "2027-03-11T14:00", endsAt: "2027-03-11T15:30" }));
  const dayThree = await createAgendaItem(organizer.id, event.id, itemInput({ titleZh: "闭幕", titleEn: "Closing", startsAt: "2027-03-12T16:00", endsAt: "2027-03-12T17:00" }));
  await publishAgenda(organizer.id, event.id, "");
  const text = (await eventCalendar(event.id, present()))!;
  const byUid = vevents(text);
  expect(byUid.get(uid("event", event.id))).toMatchObject({ start: "2027-03-10T01:00:00.000Z", end: "2027-03-12T09:00:00.000Z" });
  expect(text).toContain("DTSTART;TZID=Asia/Shanghai:20270310T090000\r\nDTEND;TZID=Asia/Shanghai:20270312T170000\r\n");
  expect(byUid.get(uid("agenda", (dayTwo as { itemId: string }).itemId))).toMatchObject({ start: "2027-03-11T06:00:00.000Z", end: "2027-03-11T07:30:00.000Z" });
  expect(byUid.get(uid("agenda", (dayThree as { itemId: string }).itemId))).toMatchObject({ start: "2027-03-12T08:00:00.000Z", end: "2027-03-12T09:00:00.000Z" });
  // the items carry the busy time; the event around them is shown as free so it does not block three whole days
  expect(parse(text).getAllSubcomponents("vevent").find((v) => v.getFirstPropertyValue("uid") === uid("event", event.id))!.getFirstPropertyValue("transp")).toBe("TRANSPARENT");
  expect(byUid.size).toBe(5);
});

test("an event in another zone is written in that zone, with its own VTIMEZONE", async () => {
  const { event, openingId } = await meeting({ timeZone: "Europe/Berlin" });
  const text = (await eventCalendar(event.id, present()))!;
  expect(text).toContain("TZID:Europe/Berlin\r\n");
  // the organizer typed 09:00 in the event's zone: 09:00 in Berlin in March is 08:00Z
  expect(text).toContain("DTSTART;TZID=Europe/Berlin:20270310T090000\r\n");
  expect(vevents(text).get(uid("agenda", openingId))).toMatchObject({ tzid: "Europe/Berlin", start: "2027-03-10T08:00:00.000Z" });
});

// ───────────────────────────── SEQUENCE, DTSTAMP, LAST-MODIFIED ─────────────────────────────

test("moving an item and publishing again raises its SEQUENCE, as itemRevisions counts; others stay as they were", async () => {
  const { organizer, event, openingId, talkId } = await meeting();
  const first = vevents((await eventCalendar(event.id, present()))!);
  const firstRelease = await prisma.agendaRelease.findFirstOrThrow({ where: { eventId: event.id }, orderBy: { sequence: "desc" } });
  expect(first.get(uid("agenda", openingId))).toMatchObject({ sequence: 0, lastModified: seconds(firstRelease.createdAt), stamp: seconds(firstRelease.createdAt) });

  expect(await moveAgendaItem(organizer.id, event.id, openingId, { shift: 10, stretch: 0 })).toEqual({ ok: true });
  // not yet published: the feed still has the old time
  expect(vevents((await eventCalendar(event.id, present()))!).get(uid("agenda", openingId))!.start).toBe("2027-03-10T01:00:00.000Z");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await publishAgenda(organizer.id, event.id, "moved");
  const secondRelease = await prisma.agendaRelease.findFirstOrThrow({ where: { eventId: event.id }, orderBy: { sequence: "desc" } });
  const second = vevents((await eventCalendar(event.id, present()))!);
  expect(second.get(uid("agenda", openingId))).toMatchObject({ sequence: 1, start: "2027-03-10T01:10:00.000Z", lastModified: seconds(secondRelease.createdAt) });
  expect(secondRelease.createdAt.getTime()).toBeGreaterThan(firstRelease.createdAt.getTime());
  expect(second.get(uid("agenda", talkId))).toMatchObject({ sequence: 0, lastModified: seconds(firstRelease.createdAt) });

  // a release that changes nothing raises nothing; a rename raises it again
  await publishAgenda(organizer.id, event.id, "");
  await updateAgendaItem(organizer.id, event.id, talkId, itemInput({ titleZh: "报告一（更新）", titleEn: "Talk one", startsAt: `${DAY}T09:30`, endsAt: `${DAY}T10:30` }));
  await publishAgenda(organizer.id, event.id, "");
  const fourth = vevents((await eventCalendar(event.id, present()))!);
  const revisions = await itemRevisions(event.id);
  expect(fourth.get(uid("agenda", openingId))!.sequence).toBe(1);
  expect(fourth.get(uid("agenda", talkId))!.sequence).toBe(1);
  expect(revisions.get(openingId)).toBe(1);
  expect(revisions.get(talkId)).toBe(1);
});

test("the event's own SEQUENCE rises with each edit, and its LAST-MODIFIED is its updatedAt", async () => {
  const { organizer, event } = await meeting();
  expect(vevents((await eventCalendar(event.id, present()))!).get(uid("event", event.id))!.sequence).toBe(0);
  expect(await updateEvent(organizer.id, event.id, eventInput(event, { titleZh: "春季学术会（改期）", startsAt: `${DAY}T13:00`, endsAt: `${DAY}T17:00` }))).toEqual({ ok: true });
  const row = await prisma.event.findUniqueOrThrow({ where: { id: event.id } });
  const updated = vevents((await eventCalendar(event.id, present()))!).get(uid("event", event.id))!;
  expect(updated).toMatchObject({ sequence: 1, summary: "春季学术会（改期）", start: "2027-03-10T05:00:00.000Z", lastModified: seconds(row.updatedAt) });
});

test("an item dropped from the agenda stays, cancelled and with a higher SEQUENCE, until the event has ended", async () => {
  const { organizer, event, talkId } = await meeting();
  await deleteAgendaItem(organizer.id, event.id, talkId);
  await publishAgenda(organizer.id, event.id, "");
  const dropped = vevents((await eventCalendar(event.id, present()))!).get(uid("agenda", talkId))!;
  expect(dropped).toMatchObject({ status: "CANCELLED", sequence: 1, summary: "【已取消】报告一" });
  const afterwards = vevents((await eventCalendar(event.id, present("zh-CN", new Date("2027-03-11T00:00:00Z"))))!);
  expect(afterwards.has(uid("agenda", talkId))).toBe(false);
});

test("the agenda history counts a return after removal as a change too", () => {
  const item = { id: "i", kind: "TALK", titleZh: "a", titleEn: "a", notesZh: "", notesEn: "", startsAt: "2027-03-10T01:00:00.000Z", endsAt: "2027-03-10T02:00:00.000Z", room: null, people: [] };
  const at = (n: number) => new Date(Date.UTC(2027, 0, n));
  const { history } = replayHistory([
    { createdAt: at(1), snapshot: JSON.stringify({ items: [item] }) },
    { createdAt: at(2), snapshot: JSON.stringify({ items: [] }) },
    { createdAt: at(3), snapshot: JSON.stringify({ items: [item] }) },
    { createdAt: at(4), snapshot: JSON.stringify({ items: [item] }) },
  ]);
  expect(history.get("i")).toMatchObject({ revisions: 2, removedAt: null, changedAt: at(3).getTime(), firstPublishedAt: at(1).getTime() });
});

test("each release stores the history its snapshots give, and a feed over releases without it (made before the column) is the same", async () => {
  const { event, talkId, organizer, add } = await meeting();
  const secondId = await add({ titleZh: "第二场", titleEn: "Second", startsAt: `${DAY}T10:30`, endsAt: `${DAY}T11:00` });
  await publishAgenda(organizer.id, event.id, "");
  await updateAgendaItem(organizer.id, event.id, talkId, itemInput({ titleZh: "报告一", titleEn: "Talk one", startsAt: `${DAY}T09:40`, endsAt: `${DAY}T10:40` }));
  await publishAgenda(organizer.id, event.id, "moved");
  await deleteAgendaItem(organizer.id, event.id, secondId);
  await publishAgenda(organizer.id, event.id, "dropped");

  const releases = await prisma.agendaRelease.findMany({ where: { eventId: event.id }, orderBy: { sequence: "asc" }, select: { createdAt: true, snapshot: true, history: true } });
  expect(releases).toHaveLength(4);
  for (const [i, release] of releases.entries()) {
    expect(release.history).not.toBeNull();
    expect(decodeHistory(release.history!)).toEqual(replayHistory(releases.slice(0, i + 1)).history);
  }
  const latest = decodeHistory(releases.at(-1)!.history!);
  expect(latest.get(talkId)).toMatchObject({ revisions: 1, removedAt: null });
  expect(latest.get(secondId)).toMatchObject({ revisions: 1, removedAt: releases.at(-1)!.createdAt.getTime() });

  const stored = await eventCalendar(event.id, present());
  await prisma.agendaRelease.updateMany({ where: { eventId: event.id }, data: { history: null } });
  forgetRenderedEvents();
  const recounted = await eventCalendar(event.id, present());
  expect(recounted).toBe(stored);
  expect(vevents(recounted!).get(uid("agenda", secondId))).toMatchObject({ status: "CANCELLED", sequence: 1 });

  // the next release after old ones picks the history up again from the snapshots
  await publishAgenda(organizer.id, event.id, "");
  const next = await prisma.agendaRelease.findFirstOrThrow({ where: { eventId: event.id }, orderBy: { sequence: "desc" }, select: { history: true } });
  expect(decodeHistory(next.history!).get(talkId)).toMatchObject({ revisions: 1 });
});

// ───────────────────────────── who sees what ─────────────────────────────

test("the institution feed: every non-draft event the viewer may see, and nothing else", async () => {
  const department = await createDepartment();
  const other = await createDepartment();
  const staff = await createUser({ departmentId: department.id });
  const admin = await createUser({ roles: ["admin"] });
  const open = await meeting();
  const draft = await meeting({ status: "DRAFT" });
  const ours = await createEvent({ audience: "DEPARTMENTS", audienceDepartmentIds: [department.id], titleZh: "本部门", titleEn: "Ours", startsAt: new Date(`${DAY}T09:00:00+08:00`) });
  const theirs = await createEvent({ audience: "DEPARTMENTS", audienceDepartmentIds: [other.id], titleZh: "他部门", titleEn: "Theirs", startsAt: new Date(`${DAY}T09:00:00+08:00`) });
  const inviteOnly = await createEvent({ audience: "INVITE_ONLY", titleZh: "仅邀请", titleEn: "Invite only", startsAt: new Date(`${DAY}T09:00:00+08:00`) });
  const longAgo = await createEvent({ status: "ARCHIVED", startsAt: new Date("2020-01-10T01:00:00Z"), endsAt: new Date("2020-01-10T05:00:00Z") });

  const staffFeed = vevents(await institutionCalendar(await viewerOf(staff.id), present()));
  expect(staffFeed.has(uid("event", open.event.id))).toBe(true);
  expect(staffFeed.has(uid("agenda", open.talkId))).toBe(true);
  expect(staffFeed.has(uid("event", ours.id))).toBe(true);
  for (const hidden of [draft.event.id, theirs.id, inviteOnly.id, longAgo.id]) expect(staffFeed.has(uid("event", hidden))).toBe(false);
  expect(staffFeed.has(uid("agenda", draft.talkId))).toBe(false);

  // an admin sees every audience, but a draft is in no feed, not even theirs, nor its organizer's
  const adminFeed = vevents(await institutionCalendar(await viewerOf(admin.id), present()));
  expect(adminFeed.has(uid("event", theirs.id))).toBe(true);
  expect(adminFeed.has(uid("event", draft.event.id))).toBe(false);
  expect(vevents(await institutionCalendar(await viewerOf(draft.organizer.id), present())).has(uid("event", draft.event.id))).toBe(false);
});

test("the public feed holds only events marked public, never a draft", async () => {
  const shown = await meeting({ isPublic: true, audience: "INVITE_ONLY" });
  const notPublic = await meeting();
  const publicDraft = await meeting({ isPublic: true, status: "DRAFT" });
  const feed = vevents(await publicCalendar(present()));
  expect(feed.has(uid("event", shown.event.id))).toBe(true);
  expect(feed.has(uid("agenda", shown.talkId))).toBe(true);
  expect(feed.has(uid("event", notPublic.event.id))).toBe(false);
  expect(feed.has(uid("event", publicDraft.event.id))).toBe(false);
  expect(feed.has(uid("agenda", publicDraft.talkId))).toBe(false);
});

test("a cancelled event stays in feeds, marked cancelled with its items, until its end; then it leaves", async () => {
  const staff = await createUser();
  const { organizer, event, talkId } = await meeting();
  const before = vevents(await institutionCalendar(await viewerOf(staff.id), present()));
  expect(await changeEventStatus(organizer.id, event.id, { status: "CANCELLED", cancelReason: "台风" })).toEqual({ ok: true });
  const feed = vevents(await institutionCalendar(await viewerOf(staff.id), present()));
  const cancelled = feed.get(uid("event", event.id))!;
  expect(cancelled).toMatchObject({ status: "CANCELLED", summary: "【已取消】春季学术会", sequence: before.get(uid("event", event.id))!.sequence + 1 });
  expect(cancelled.description).toContain("本活动已取消。台风");
  expect(feed.get(uid("agenda", talkId))).toMatchObject({ status: "CANCELLED", sequence: before.get(uid("agenda", talkId))!.sequence + 1 });
  const ended = new Date("2027-03-10T05:00:00Z");
  expect(vevents(await institutionCalendar(await viewerOf(staff.id), present("zh-CN", ended))).has(uid("event", event.id))).toBe(false);
  // the file asked for by name still says what happened
  expect(vevents((await eventCalendar(event.id, present("zh-CN", ended)))!).get(uid("event", event.id))!.status).toBe("CANCELLED");
});

test("feeds cover the last year and everything later", async () => {
  const now = new Date("2027-03-01T00:00:00Z");
  const where = feedEventsWhere(now);
  const recent = await createEvent({ startsAt: new Date("2026-06-01T01:00:00Z"), endsAt: new Date("2026-06-01T05:00:00Z"), status: "ARCHIVED" });
  const old = await createEvent({ startsAt: new Date("2025-06-01T01:00:00Z"), endsAt: new Date("2025-06-01T05:00:00Z") });
  const ids = (await prisma.event.findMany({ where: { AND: [where, { id: { in: [recent.id, old.id] } }] }, select: { id: true } })).map((e) => e.id);
  expect(ids).toEqual([recent.id]);
});

// ───────────────────────────── a person's own feed ─────────────────────────────

test("a person's feed: confirmed registrations whole, starred items of other events alone, nothing else", async () => {
  const staff = await createUser();
  const registered = await meeting();
  const starredElsewhere = await meeting();
  const waitlisted = await meeting();
  const notMine = await meeting();
  await prisma.registration.createMany({
    data: [
      { eventId: registered.event.id, userId: staff.id, status: "CONFIRMED" },
      { eventId: waitlisted.event.id, userId: staff.id, status: "WAITLISTED" },
    ],
  });
  await prisma.agendaStar.create({ data: { userId: staff.id, agendaItemId: starredElsewhere.talkId } });
  const feed = vevents(await personalCalendar(await viewerOf(staff.id), present()));
  expect([...feed.keys()].sort()).toEqual(
    [uid("event", registered.event.id), uid("agenda", registered.openingId), uid("agenda", registered.talkId), uid("agenda", starredElsewhere.talkId)].sort(),
  );
  expect(feed.get(uid("agenda", starredElsewhere.talkId))!.start).toBe("2027-03-10T01:30:00.000Z");
  expect(feed.has(uid("event", notMine.event.id))).toBe(false);
});

test("a starred item is shown only as published, and only if its event is visible and not a draft", async () => {
  const department = await createDepartment();
  const staff = await createUser({ departmentId: department.id });
  const open = await meeting();
  const unpublished = await open.add({ titleZh: "尚未发布", titleEn: "Not yet" });
  const draft = await meeting({ status: "DRAFT" });
  const elsewhere = await meeting({ audience: "DEPARTMENTS", audienceDepartmentIds: [(await createDepartment()).id] });
  await prisma.agendaStar.createMany({
    data: [unpublished, draft.talkId, elsewhere.talkId].map((agendaItemId) => ({ userId: staff.id, agendaItemId })),
  });
  const feed = vevents(await personalCalendar(await viewerOf(staff.id), present()));
  expect(feed.size).toBe(0);
});

test("a cancelled registration: the event and its items stay, cancelled, until the end; starred items stay confirmed", async () => {
  const staff = await createUser();
  const { event, openingId, talkId } = await meeting();
  await prisma.registration.create({ data: { eventId: event.id, userId: staff.id, status: "CONFIRMED" } });
  await prisma.agendaStar.create({ data: { userId: staff.id, agendaItemId: talkId } });
  const viewer = await viewerOf(staff.id);
  const confirmed = vevents(await personalCalendar(viewer, present()));
  expect(confirmed.get(uid("event", event.id))!.status).toBe("CONFIRMED");

  const cancelledAt = new Date("2027-02-20T02:00:00Z");
  await prisma.registration.update({ where: { eventId_userId: { eventId: event.id, userId: staff.id } }, data: { status: "CANCELLED", cancelledAt } });
  const feed = vevents(await personalCalendar(viewer, present("en")));
  expect(feed.get(uid("event", event.id))).toMatchObject({
    status: "CANCELLED",
    summary: "Cancelled: Spring Meeting",
    sequence: confirmed.get(uid("event", event.id))!.sequence + 1,
    lastModified: seconds(cancelledAt),
  });
  expect(feed.get(uid("event", event.id))!.description).toContain("You cancelled your registration for this event.");
  expect(feed.get(uid("agenda", openingId))).toMatchObject({ status: "CANCELLED", sequence: confirmed.get(uid("agenda", openingId))!.sequence + 1 });
  expect(feed.get(uid("agenda", talkId))).toMatchObject({ status: "CONFIRMED", sequence: confirmed.get(uid("agenda", talkId))!.sequence });

  // once the event is over the cancelled entries leave; the starred item stays like any past item
  const after = vevents(await personalCalendar(viewer, present("en", new Date("2027-03-11T00:00:00Z"))));
  expect([...after.keys()]).toEqual([uid("agenda", talkId)]);
});

test("changes reach the feed: a new title, a renamed venue, a new star (rendered events are not served stale)", async () => {
  const staff = await createUser();
  const { organizer, event, venue, openingId, talkId } = await meeting();
  await prisma.registration.create({ data: { eventId: event.id, userId: staff.id, status: "CONFIRMED" } });
  const viewer = await viewerOf(staff.id);
  expect(vevents(await institutionCalendar(viewer, present())).get(uid("agenda", openingId))!.location).toBe("报告厅（南湖总部）");
  await prisma.venue.update({ where: { id: venue.id }, data: { nameZh: "北区" } });
  expect(vevents(await institutionCalendar(viewer, present())).get(uid("agenda", openingId))!.location).toBe("报告厅（北区）");
  await updateEvent(organizer.id, event.id, eventInput(event, { titleZh: "春季学术会·新" }));
  const feed = vevents(await institutionCalendar(viewer, present()));
  expect(feed.get(uid("event", event.id))!.summary).toBe("春季学术会·新");
  expect(feed.get(uid("agenda", openingId))!.location).toBe("报告厅（北区）");
  expect(feed.get(uid("agenda", talkId))!.description).toContain("春季学术会·新");

  const other = await meeting();
  const personalBefore = await personalCalendar(viewer, present());
  await prisma.agendaStar.create({ data: { userId: staff.id, agendaItemId: other.openingId } });
  const personalAfter = await personalCalendar(viewer, present());
  expect(vevents(personalBefore).has(uid("agenda", other.openingId))).toBe(false);
  expect(vevents(personalAfter).has(uid("agenda", other.openingId))).toBe(true);
  await prisma.agendaStar.deleteMany({ where: { userId: staff.id } });
  expect(await personalCalendar(viewer, present())).toBe(personalBefore);
});

test("embargoed award winners appear in no feed, even when their ceremony is on the agenda", async () => {
  const staff = await createUser();
  const winner = await createUser({ nameZh: "秘密得主", nameEn: "Secret Winner" });
  const { organizer, event, talkId } = await meeting({ kind: "AWARD_CEREMONY", isPublic: true });
  const programme = await prisma.awardProgramme.create({
    data: { slug: `embargo-${Date.now()}`, year: 2027, nameZh: "2027年度科技奖", nameEn: "2027 Awards", status: "SCHEDULED", announceAt: new Date("2027-03-10T02:00:00Z"), eventId: event.id, agendaItemId: talkId },
  });
  const category = await prisma.awardCategory.create({ data: { programmeId: programme.id, nameZh: "一等奖", nameEn: "First prize" } });
  await prisma.award.create({
    data: { categoryId: category.id, citationZh: "秘密表彰", citationEn: "Secret citation", recipients: { create: { kind: "INDIVIDUAL", userId: winner.id, displayNameZh: "秘密得主", displayNameEn: "Secret Winner" } } },
  });
  await prisma.registration.create({ data: { eventId: event.id, userId: staff.id, status: "CONFIRMED" } });
  await publishAgenda(organizer.id, event.id, "");
  const viewer = await viewerOf(staff.id);
  const feeds = [
    (await eventCalendar(event.id, present()))!,
    await institutionCalendar(viewer, present()),
    await publicCalendar(present("en")),
    await personalCalendar(viewer, present("en")),
  ];
  for (const text of feeds) {
    expect(text).toContain(uid("agenda", talkId));
    for (const secret of ["秘密得主", "Secret Winner", "秘密表彰", "Secret citation", "一等奖", "First prize"]) expect(text).not.toContain(secret);
  }
});

test("calendar syntax typed into an event, an item or a room cannot add components to any feed", async () => {
  const attack = "x\nEND:VEVENT\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT1M\nEND:VALARM\nBEGIN:VEVENT\nUID:evil@example";
  const { organizer, event, hall, openingId, talkId } = await meeting({ titleZh: `活动${attack}`, descriptionZh: attack, isPublic: true });
  await prisma.room.update({ where: { id: hall.id }, data: { nameZh: `报告厅${attack}` } });
  await updateAgendaItem(organizer.id, event.id, talkId, itemInput({ titleZh: `报告${attack}`, notesZh: attack, startsAt: `${DAY}T09:30`, endsAt: `${DAY}T10:30`, roomId: hall.id }));
  await publishAgenda(organizer.id, event.id, "");
  const file = (await eventCalendar(event.id, present()))!;
  expect(parse(file).getAllSubcomponents("vevent")).toHaveLength(3);
  for (const text of [file, await publicCalendar(present())]) {
    const calendar = parse(text);
    expect(calendar.getAllSubcomponents("vevent").some((vevent) => vevent.getFirstPropertyValue("uid") === "evil@example")).toBe(false);
    expect(calendar.getAllSubcomponents("vevent").every((vevent) => vevent.getAllSubcomponents("valarm").length === 0)).toBe(true);
    expect(text).not.toMatch(/^(BEGIN:VALARM|UID:evil)/m);
    const byUid = vevents(text);
    expect(byUid.get(uid("agenda", talkId))!.summary).toBe(`报告${attack}`);
    expect(byUid.get(uid("agenda", talkId))!.location).toBe(`报告厅${attack}（南湖总部）`);
    expect(byUid.get(uid("event", event.id))!.summary).toBe(`活动${attack}`);
    for (const id of [uid("event", event.id), uid("agenda", openingId), uid("agenda", talkId)]) expect(byUid.has(id)).toBe(true);
  }
});

// ───────────────────────────── hosts of a visit ─────────────────────────────

const hostInput = (staff: string, agendaItemId?: string) => AddHostSchema.parse({ staff, agendaItemId });

function hosted<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

/** An invite-only partnership visit with its itinerary published: only those involved may see it. */
async function visit(options: Partial<Parameters<typeof createEvent>[0]> = {}) {
  return meeting({ kind: "PARTNERSHIP_VISIT", audience: "INVITE_ONLY", titleZh: "浙江大学来访", titleEn: "Zhejiang University visit", ...options });
}

test("a visit's hosts, overall or of one meeting, get the visit and its whole itinerary in their feed, as if registered", async () => {
  const { organizer, event, openingId, talkId } = await visit();
  const director = await createUser({ nameZh: "朱世强", nameEn: "Zhu Shiqiang" });
  const guide = await createUser({ nameZh: "方志远", nameEn: "Fang Zhiyuan" });
  const registrant = await createUser();
  const stranger = await createUser();
  hosted(await addHost(organizer.id, event.id, hostInput(director.email)));
  hosted(await addHost(organizer.id, event.id, hostInput(guide.email, talkId)));
  await prisma.registration.create({ data: { eventId: event.id, userId: registrant.id, status: "CONFIRMED" } });

  const whole = [uid("event", event.id), uid("agenda", openingId), uid("agenda", talkId)].sort();
  const asRegistrant = await personalCalendar(await viewerOf(registrant.id), present("en"));
  for (const host of [director, guide]) {
    const text = await personalCalendar(await viewerOf(host.id), present("en"));
    const feed = vevents(text);
    expect([...feed.keys()].sort()).toEqual(whole);
    for (const vevent of feed.values()) expect(vevent.status).toBe("CONFIRMED");
    expect(feed.get(uid("event", event.id))).toMatchObject({ summary: "Zhejiang University visit", sequence: 0 });
    // the same VEVENTs a registrant gets, byte for byte
    expect(text).toBe(asRegistrant);
  }
  expect(vevents(await personalCalendar(await viewerOf(stranger.id), present())).size).toBe(0);
});

test("a draft visit is in no host's feed, nor an item of it", async () => {
  const { organizer, event, talkId } = await visit({ status: "DRAFT" });
  const director = await createUser();
  const guide = await createUser();
  hosted(await addHost(organizer.id, event.id, hostInput(director.email)));
  hosted(await addHost(organizer.id, event.id, hostInput(guide.email, talkId)));
  for (const host of [director, guide]) expect(vevents(await personalCalendar(await viewerOf(host.id), present())).size).toBe(0);
  // published, it arrives
  await prisma.event.update({ where: { id: event.id }, data: { status: "PUBLISHED" } });
  expect(vevents(await personalCalendar(await viewerOf(guide.id), present())).has(uid("event", event.id))).toBe(true);
});

test("a host taken off the visit keeps it, cancelled as for a cancelled registration, until it ends; hosting again restores it with a higher SEQUENCE", async () => {
  const { organizer, event, openingId, talkId } = await visit();
  const guide = await createUser();
  const viewer = await viewerOf(guide.id);
  const talkHost = hosted(await addHost(organizer.id, event.id, hostInput(guide.email, talkId)));
  const openingHost = hosted(await addHost(organizer.id, event.id, hostInput(guide.email, openingId)));
  const hosting = vevents(await personalCalendar(viewer, present("en")));
  const sequenceOf = (feed: Map<string, Vevent>, id: string) => feed.get(id)!.sequence;

  // still hosting the opening: nothing changes for them but the SEQUENCE may rise
  hosted(await removeHost(organizer.id, event.id, talkHost.hostId));
  const partly = vevents(await personalCalendar(viewer, present("en")));
  expect([...partly.keys()].sort()).toEqual([...hosting.keys()].sort());
  for (const vevent of partly.values()) expect(vevent.status).toBe("CONFIRMED");
  expect(sequenceOf(partly, uid("event", event.id))).toBeGreaterThanOrEqual(sequenceOf(hosting, uid("event", event.id)));

  // no longer hosting anything: the visit and its itinerary stay, cancelled, with the reason and a raised SEQUENCE
  hosted(await removeHost(organizer.id, event.id, openingHost.hostId));
  const removal = await prisma.auditLog.findFirstOrThrow({ where: { eventId: event.id, action: "visit.host.remove" }, orderBy: { createdAt: "desc" } });
  const ended = vevents(await personalCalendar(viewer, present("en")));
  expect([...ended.keys()].sort()).toEqual([...hosting.keys()].sort());
  expect(ended.get(uid("event", event.id))).toMatchObject({
    status: "CANCELLED",
    summary: "Cancelled: Zhejiang University visit",
    sequence: sequenceOf(partly, uid("event", event.id)) + 1,
    lastModified: seconds(removal.createdAt),
  });
  expect(ended.get(uid("event", event.id))!.description).toMatch(/^You no longer host this visit\./);
  for (const id of [openingId, talkId]) expect(ended.get(uid("agenda", id))).toMatchObject({ status: "CANCELLED", sequence: sequenceOf(hosting, uid("agenda", id)) + 1 });
  expect(vevents(await personalCalendar(viewer, present("zh-CN"))).get(uid("event", event.id))!.description).toMatch(/^您已不再担任本次来访的接待人。/);

  // after the visit it leaves the feed
  expect(vevents(await personalCalendar(viewer, present("en", new Date("2027-03-11T00:00:00Z")))).size).toBe(0);

  // hosting again: confirmed, above the cancelled copy
  hosted(await addHost(organizer.id, event.id, hostInput(guide.email)));
  const again = vevents(await personalCalendar(viewer, present("en")));
  expect(again.get(uid("event", event.id))).toMatchObject({ status: "CONFIRMED", summary: "Zhejiang University visit" });
  expect(sequenceOf(again, uid("event", event.id))).toBeGreaterThan(sequenceOf(ended, uid("event", event.id)));
});

test("hosting outweighs a cancelled registration, and a registration outlasts hosting; SEQUENCE rises at each step", async () => {
  const { organizer, event } = await visit();
  const guide = await createUser();
  const viewer = await viewerOf(guide.id);
  const eventUid = uid("event", event.id);
  const read = async () => vevents(await personalCalendar(viewer, present("en"))).get(eventUid)!;
  const steps: Vevent[] = [];

  await prisma.registration.create({ data: { eventId: event.id, userId: guide.id, status: "CANCELLED", cancelledAt: new Date(Date.now() - 60_000) } });
  await audit({ actorId: guide.id, action: "registration.cancel", entityType: "Registration", entityId: (await prisma.registration.findFirstOrThrow({ where: { userId: guide.id } })).id, eventId: event.id });
  steps.push(await read());
  expect(steps.at(-1)).toMatchObject({ status: "CANCELLED" });
  expect(steps.at(-1)!.description).toMatch(/^You cancelled your registration/);
  // the registrant's own rule, as invitations write it
  expect(steps.at(-1)!.sequence).toBe(registrationSequence({ eventRevisions: 0, cancellations: 1, registrationCancelled: true }));

  const place = hosted(await addHost(organizer.id, event.id, hostInput(guide.email)));
  steps.push(await read());
  expect(steps.at(-1)).toMatchObject({ status: "CONFIRMED" });

  hosted(await removeHost(organizer.id, event.id, place.hostId));
  steps.push(await read());
  // the later of the two withdrawals speaks
  expect(steps.at(-1)).toMatchObject({ status: "CANCELLED" });
  expect(steps.at(-1)!.description).toMatch(/^You no longer host this visit\./);

  await prisma.registration.updateMany({ where: { userId: guide.id }, data: { status: "CONFIRMED", cancelledAt: null } });
  steps.push(await read());
  expect(steps.at(-1)).toMatchObject({ status: "CONFIRMED" });

  for (let i = 1; i < steps.length; i++) expect(steps[i]!.sequence).toBeGreaterThan(steps[i - 1]!.sequence);
});

test("a host who may no longer see an invite-only visit loses it from the feed at once", async () => {
  const { organizer, event } = await visit();
  const guide = await createUser();
  const place = hosted(await addHost(organizer.id, event.id, hostInput(guide.email)));
  const viewer = await viewerOf(guide.id);
  expect(vevents(await personalCalendar(viewer, present())).has(uid("event", event.id))).toBe(true);
  // hosting was the only thing that let them see it; a removed host is not shown an event they may not see
  hosted(await removeHost(organizer.id, event.id, place.hostId));
  await prisma.eventInvitation.deleteMany({ where: { eventId: event.id } });
  const institution = vevents(await institutionCalendar(viewer, present()));
  expect(institution.has(uid("event", event.id))).toBe(false);
  expect(vevents(await personalCalendar(viewer, present())).has(uid("event", event.id))).toBe(false);
});
