import ICAL from "ical.js";
import { expect, test } from "vitest";

import { eventCalendar, personalCalendar, registrationSequence, type Presentation } from "~/models/calendar-feed.server";
import { invitationCalendar } from "~/models/calendar-invitation.server";
import { changeEventStatus, updateEvent, viewerFor, type EventInput } from "~/models/event.server";
import { cancelRegistration, register } from "~/models/registration.server";
import { prisma } from "~/utils/db.server";
import type { Locale } from "~/utils/i18n";
import { sessionUserSelect } from "~/utils/session.server";

import { createEvent, createUser, createVenue } from "../../tests/factories";

// ───────────────────────────── helpers ─────────────────────────────

/** Parsed by ical.js, with the calendar's own VTIMEZONEs registered: ical.js knows no zones of its own. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar;
}

/** The one VEVENT of a message, read the way a calendar app reads it. */
function message(text: string) {
  const calendar = parse(text);
  const vevents = calendar.getAllSubcomponents("vevent");
  expect(vevents).toHaveLength(1);
  const vevent = vevents[0]!;
  const event = new ICAL.Event(vevent);
  const organizer = vevent.getFirstProperty("organizer")!;
  const attendees = vevent.getAllProperties("attendee");
  return {
    method: String(calendar.getFirstPropertyValue("method")),
    uid: event.uid,
    sequence: Number(vevent.getFirstPropertyValue("sequence")),
    status: String(vevent.getFirstPropertyValue("status")),
    summary: event.summary,
    description: event.description ?? "",
    location: event.location ?? "",
    url: String(vevent.getFirstPropertyValue("url")),
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    tzid: event.startDate.zone.tzid,
    stamp: (vevent.getFirstPropertyValue("dtstamp") as ICAL.Time).toJSDate().toISOString(),
    organizer: { cn: organizer.getParameter("cn"), address: String(organizer.getFirstValue()).toLowerCase() },
    attendees: attendees.map((attendee) => ({
      cn: attendee.getParameter("cn"),
      address: String(attendee.getFirstValue()).toLowerCase(),
      partstat: attendee.getParameter("partstat") ?? null,
      rsvp: attendee.getParameter("rsvp") ?? null,
    })),
  };
}

const NOW = new Date("2026-11-23T09:30:15.250Z");
const present = (locale: Locale = "zh-CN", now = NOW): Presentation => ({ locale, origin: "https://convene.example", now });
const feedUid = (id: string) => `event-${id}@convene`;

async function viewerOf(userId: string) {
  return viewerFor(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: sessionUserSelect }));
}

/** A published afternoon seminar in Hangzhou with a venue and one organizer, and a staff member to register. */
async function seminar(options: Partial<Parameters<typeof createEvent>[0]> = {}) {
  const organizer = await createUser({ nameZh: "陈晓", nameEn: "Chen Xiao" });
  const venue = await createVenue();
  await prisma.venue.update({ where: { id: venue.id }, data: { nameZh: "南湖总部", nameEn: "Nanhu Campus", addressZh: "杭州市余杭区", addressEn: "Yuhang, Hangzhou" } });
  const event = await createEvent({
    titleZh: "春季学术会",
    titleEn: "Spring Meeting",
    descriptionZh: "年度学术交流。",
    descriptionEn: "The yearly exchange.",
    venueId: venue.id,
    startsAt: new Date("2027-03-10T14:30:00+08:00"),
    endsAt: new Date("2027-03-10T16:30:00+08:00"),
    organizerIds: [organizer.id],
    ...options,
  });
  const staff = await createUser({ nameZh: "王磊", nameEn: "Wang Lei" });
  return { organizer, event, staff };
}

async function signUp(eventId: string, userId: string) {
  const outcome = await register(await viewerOf(userId), eventId);
  if (!outcome.ok) throw new Error(outcome.messageKey);
  return outcome.registration;
}

async function cancel(eventId: string, userId: string) {
  const row = await prisma.registration.findUniqueOrThrow({ where: { eventId_userId: { eventId, userId } } });
  expect(await cancelRegistration(userId, row.id)).toMatchObject({ ok: true });
}

function eventInput(event: Awaited<ReturnType<typeof createEvent>>, overrides: Partial<EventInput> = {}): EventInput {
  return {
    kind: event.kind,
    titleZh: event.titleZh,
    titleEn: event.titleEn,
    descriptionZh: event.descriptionZh,
    descriptionEn: event.descriptionEn,
    timeZone: event.timeZone,
    startsAt: "2027-03-10T14:30",
    endsAt: "2027-03-10T16:30",
    venueId: event.venueId,
    coverImageUrl: null,
    audience: event.audience,
    audienceDepartmentIds: [],
    isPublic: event.isPublic,
    ...overrides,
  };
}

// ───────────────────────────── the invitation ─────────────────────────────

test("a confirmed registration gets a REQUEST: organizer, the registrant as accepted attendee, the feed's UID, one VEVENT", async () => {
  const { organizer, event, staff } = await seminar();
  await signUp(event.id, staff.id);
  const invitation = (await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!;
  expect(invitation.method).toBe("REQUEST");
  expect(invitation.filename).toBe(`${event.slug}-invitation.ics`);
  expect(invitation.body).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
  expect(invitation.body).toContain("\r\nMETHOD:REQUEST\r\n");
  const sent = message(invitation.body);
  expect(sent).toMatchObject({
    method: "REQUEST",
    uid: feedUid(event.id),
    status: "CONFIRMED",
    summary: "春季学术会",
    location: "南湖总部（杭州市余杭区）",
    url: `https://convene.example/events/${event.slug}`,
    organizer: { cn: "陈晓", address: `mailto:${organizer.email}` },
    attendees: [{ cn: "王磊", address: `mailto:${staff.email}`, partstat: "ACCEPTED", rsvp: "FALSE" }],
  });
  expect(sent.description).toBe(`年度学术交流。\n\nhttps://convene.example/events/${event.slug}`);

  // the same UID as the event's own file, so a calendar app merges rather than duplicates
  const file = parse((await eventCalendar(event.id, present()))!);
  expect(file.getAllSubcomponents("vevent").map((vevent) => vevent.getFirstPropertyValue("uid"))).toContain(sent.uid);
});

test("in the reader's language: English names, title and place", async () => {
  const { event, staff } = await seminar();
  await signUp(event.id, staff.id);
  const sent = message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present("en")))!.body);
  expect(sent).toMatchObject({
    summary: "Spring Meeting",
    location: "Nanhu Campus, Yuhang, Hangzhou",
    organizer: { cn: "Chen Xiao" },
    attendees: [{ cn: "Wang Lei" }],
  });
  expect(sent.description).toBe(`The yearly exchange.\n\nhttps://convene.example/events/${event.slug}`);
});

test("DTSTAMP is when the message was made, in UTC; LAST-MODIFIED stays the event's; times keep the event's zone", async () => {
  const { event, staff } = await seminar();
  await signUp(event.id, staff.id);
  const text = (await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!.body;
  expect(text).toContain("\r\nDTSTAMP:20261123T093015Z\r\n");
  const row = await prisma.event.findUniqueOrThrow({ where: { id: event.id } });
  expect(text).toContain(`\r\nLAST-MODIFIED:${row.updatedAt.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "")}\r\n`);
  expect(text).toContain("\r\nDTSTART;TZID=Asia/Shanghai:20270310T143000\r\n");
  expect(text).toContain("\r\nDTEND;TZID=Asia/Shanghai:20270310T163000\r\n");
  expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n");
  const sent = message(text);
  expect(sent).toMatchObject({ stamp: "2026-11-23T09:30:15.000Z", tzid: "Asia/Shanghai", start: event.startsAt.toISOString(), end: event.endsAt.toISOString() });
  // a later request is stamped later, nothing else changes
  const later = (await invitationCalendar({ eventId: event.id, userId: staff.id }, present("zh-CN", new Date("2026-11-24T00:00:00Z"))))!.body;
  expect(later.replace(/DTSTAMP:\w+/, "")).toBe(text.replace(/DTSTAMP:\w+/, ""));

  const { event: berlin, staff: visitor } = await seminar({ timeZone: "Europe/Berlin", startsAt: new Date("2027-07-20T08:00:00Z"), endsAt: new Date("2027-07-20T09:00:00Z") });
  await signUp(berlin.id, visitor.id);
  const summer = (await invitationCalendar({ eventId: berlin.id, userId: visitor.id }, present()))!.body;
  expect(summer).toContain("\r\nDTSTART;TZID=Europe/Berlin:20270720T100000\r\n");
  expect(message(summer)).toMatchObject({ tzid: "Europe/Berlin", start: "2027-07-20T08:00:00.000Z" });
});

test("SEQUENCE rises strictly across register → cancel → register → cancel, and with edits of the event", async () => {
  const { organizer, event, staff } = await seminar();
  const ask = async () => message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!.body);
  const sent = [];
  await signUp(event.id, staff.id);
  sent.push(await ask());
  await cancel(event.id, staff.id);
  sent.push(await ask());
  await signUp(event.id, staff.id);
  sent.push(await ask());
  await cancel(event.id, staff.id);
  sent.push(await ask());
  expect(sent.map((m) => m.method)).toEqual(["REQUEST", "CANCEL", "REQUEST", "CANCEL"]);
  expect(sent.map((m) => m.status)).toEqual(["CONFIRMED", "CANCELLED", "CONFIRMED", "CANCELLED"]);
  expect(sent.map((m) => m.sequence)).toEqual([0, 1, 2, 3]);
  expect(new Set(sent.map((m) => m.uid))).toEqual(new Set([feedUid(event.id)]));

  // an edit of the event while registered again: the next request is above everything sent before
  await signUp(event.id, staff.id);
  expect((await ask()).sequence).toBe(4);
  expect(await updateEvent(organizer.id, event.id, eventInput(event, { startsAt: "2027-03-10T15:00", endsAt: "2027-03-10T17:00" }))).toEqual({ ok: true });
  const moved = await ask();
  expect(moved).toMatchObject({ method: "REQUEST", sequence: 5, start: "2027-03-10T07:00:00.000Z" });
});

test("invitations and the personal feed agree on SEQUENCE for the same UID, round after round, and it only rises", async () => {
  const { event, staff } = await seminar();
  const viewer = await viewerOf(staff.id);
  const feedSequence = async () => {
    const vevent = parse(await personalCalendar(viewer, present()))
      .getAllSubcomponents("vevent")
      .find((component) => component.getFirstPropertyValue("uid") === feedUid(event.id))!;
    return Number(vevent.getFirstPropertyValue("sequence"));
  };
  await signUp(event.id, staff.id);
  expect(message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!.body).sequence).toBe(await feedSequence());
  const seen = [await feedSequence()];
  for (const step of [cancel, signUp, cancel, signUp]) {
    await step(event.id, staff.id);
    const sequence = await feedSequence();
    expect(message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!.body).sequence).toBe(sequence);
    seen.push(sequence);
  }
  expect(seen).toEqual([0, 1, 2, 3, 4]);
});

test("a cancelled registration gets a CANCEL: the same event, marked cancelled, with the registrant and no RSVP", async () => {
  const { organizer, event, staff } = await seminar();
  await signUp(event.id, staff.id);
  const request = message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present("en")))!.body);
  await cancel(event.id, staff.id);
  const invitation = (await invitationCalendar({ eventId: event.id, userId: staff.id }, present("en")))!;
  expect(invitation.method).toBe("CANCEL");
  expect(invitation.filename).toBe(`${event.slug}-cancellation.ics`);
  const cancelled = message(invitation.body);
  expect(cancelled).toMatchObject({
    method: "CANCEL",
    uid: request.uid,
    status: "CANCELLED",
    summary: "Cancelled: Spring Meeting",
    organizer: { cn: "Chen Xiao", address: `mailto:${organizer.email}` },
    attendees: [{ cn: "Wang Lei", address: `mailto:${staff.email}`, partstat: null, rsvp: null }],
  });
  expect(cancelled.sequence).toBeGreaterThan(request.sequence);
  expect(cancelled.description).toMatch(/^You cancelled your registration for this event\./);
});

test("an event cancelled by its organizers turns a confirmed registration's invitation into a CANCEL above the request", async () => {
  const { organizer, event, staff } = await seminar();
  await signUp(event.id, staff.id);
  const request = message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!.body);
  expect(await changeEventStatus(organizer.id, event.id, { status: "CANCELLED", cancelReason: "场地维修" })).toEqual({ ok: true });
  const cancelled = message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!.body);
  expect(cancelled).toMatchObject({ method: "CANCEL", status: "CANCELLED", summary: "【已取消】春季学术会", uid: request.uid });
  expect(cancelled.description).toMatch(/场地维修/);
  expect(cancelled.sequence).toBeGreaterThan(request.sequence);
});

test("without an organizer the institution organizes, at CALENDAR_ORGANIZER_EMAIL (noreply@convene.invalid by default)", async () => {
  const { event, staff } = await seminar({ organizerIds: [] });
  await signUp(event.id, staff.id);
  expect(message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!.body).organizer).toEqual({
    cn: "之江实验室",
    address: "mailto:noreply@convene.invalid",
  });
  expect(message((await invitationCalendar({ eventId: event.id, userId: staff.id }, present("en")))!.body).organizer.cn).toBe("Zhejiang Lab");

  // a departed organizer is passed over for the next one
  const departed = await createUser({ nameZh: "离职者", nameEn: "Gone" });
  const next = await createUser({ nameZh: "李娜", nameEn: "Li Na" });
  const { event: handedOver, staff: attendee } = await seminar({ organizerIds: [departed.id] });
  await prisma.eventRole.create({ data: { eventId: handedOver.id, userId: next.id, roleId: (await prisma.role.findUniqueOrThrow({ where: { name: "organizer" } })).id } });
  await prisma.user.update({ where: { id: departed.id }, data: { deletedAt: new Date() } });
  await signUp(handedOver.id, attendee.id);
  expect(message((await invitationCalendar({ eventId: handedOver.id, userId: attendee.id }, present()))!.body).organizer).toEqual({
    cn: "李娜",
    address: `mailto:${next.email}`,
  });
});

test("calendar syntax in a title, a venue or a name cannot add components or break a parameter", async () => {
  const attack = "x\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@example";
  const { organizer, event } = await seminar({ titleZh: `活动${attack}`, descriptionZh: attack });
  await prisma.user.update({ where: { id: organizer.id }, data: { nameZh: '陈"晓";ROLE=CHAIR:mailto:evil@example\nEND:VEVENT' } });
  const staff = await createUser({ nameZh: '王^磊"\r\nBEGIN:VALARM' });
  await signUp(event.id, staff.id);
  for (const step of ["registered", "cancelled"]) {
    if (step === "cancelled") await cancel(event.id, staff.id);
    const text = (await invitationCalendar({ eventId: event.id, userId: staff.id }, present()))!.body;
    expect(text.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(1);
    expect(text).not.toMatch(/^(UID:evil|BEGIN:VALARM|END:VEVENT\r\nBEGIN)/m);
    const sent = message(text);
    expect(sent.uid).toBe(feedUid(event.id));
    expect(sent.summary).toContain(`活动${attack}`);
    // RFC 6868 gives the double quote back; line breaks in a name become spaces
    expect(sent.organizer).toEqual({ cn: '陈"晓";ROLE=CHAIR:mailto:evil@example END:VEVENT', address: `mailto:${organizer.email}` });
    expect(sent.attendees).toHaveLength(1);
    expect(sent.attendees[0]!.cn).toBe('王^磊" BEGIN:VALARM');
  }
});

test("no invitation while waiting, pending, declined or unregistered, for a draft, or for an account that is gone", async () => {
  const { event: full, staff: first } = await seminar({ capacity: 1 });
  const waiting = await createUser();
  await signUp(full.id, first.id);
  expect((await signUp(full.id, waiting.id)).status).toBe("WAITLISTED");
  expect(await invitationCalendar({ eventId: full.id, userId: waiting.id }, present())).toBeNull();
  // promoted from the waiting list: now invited
  await cancel(full.id, first.id);
  expect((await invitationCalendar({ eventId: full.id, userId: waiting.id }, present()))?.method).toBe("REQUEST");

  const { event: approval, staff: applicant } = await seminar({ requiresApproval: true });
  expect((await signUp(approval.id, applicant.id)).status).toBe("PENDING");
  expect(await invitationCalendar({ eventId: approval.id, userId: applicant.id }, present())).toBeNull();
  await prisma.registration.updateMany({ where: { eventId: approval.id, userId: applicant.id }, data: { status: "DECLINED" } });
  expect(await invitationCalendar({ eventId: approval.id, userId: applicant.id }, present())).toBeNull();

  const { event, staff } = await seminar();
  expect(await invitationCalendar({ eventId: event.id, userId: staff.id }, present())).toBeNull();
  expect(await invitationCalendar({ eventId: "no-such-event", userId: staff.id }, present())).toBeNull();

  // a draft, even with a confirmed registration in it, and even to its own organizer
  const { organizer, event: draft, staff: early } = await seminar({ status: "DRAFT" });
  await prisma.registration.createMany({
    data: [
      { eventId: draft.id, userId: early.id, status: "CONFIRMED" },
      { eventId: draft.id, userId: organizer.id, status: "CONFIRMED" },
    ],
  });
  expect(await invitationCalendar({ eventId: draft.id, userId: early.id }, present())).toBeNull();
  expect(await invitationCalendar({ eventId: draft.id, userId: organizer.id }, present())).toBeNull();

  const { event: open, staff: leaver } = await seminar();
  await signUp(open.id, leaver.id);
  await prisma.user.update({ where: { id: leaver.id }, data: { deletedAt: new Date() } });
  expect(await invitationCalendar({ eventId: open.id, userId: leaver.id }, present())).toBeNull();
});

test("registrationSequence: every step a calendar must see is one higher; unaudited cancellations count once", () => {
  const steps = [
    { cancellations: 0, registrationCancelled: false },
    { cancellations: 1, registrationCancelled: true },
    { cancellations: 1, registrationCancelled: false },
    { cancellations: 2, registrationCancelled: true },
  ];
  expect(steps.map((step) => registrationSequence({ eventRevisions: 3, ...step }))).toEqual([3, 4, 5, 6]);
  expect(registrationSequence({ eventRevisions: 0, cancellations: 0, registrationCancelled: true })).toBe(1);
});
