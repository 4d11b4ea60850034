import ICAL from "ical.js";
import { expect, test } from "vitest";

import { createEvent, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { action as eventAction, loader as eventLoader } from "~/routes/events.$slug._index";
import { loader as invitationFile } from "~/routes/events.$slug.invitation[.]ics";
import { prisma } from "~/utils/db.server";

const invitationOf = async (slug: string, userId?: string, query = "", headers: Record<string, string> = {}) =>
  settle(async () => invitationFile(routeArgs(await get(`/events/${slug}/invitation.ics${query}`, { userId, headers }), { slug })));

const postEvent = async (slug: string, intent: string, userId: string) =>
  settle(async () => eventAction(routeArgs(await post(`/events/${slug}`, { intent }, { userId }), { slug })));

const loadEvent = async (slug: string, userId: string, query = "") => eventLoader(routeArgs(await get(`/events/${slug}${query}`, { userId }), { slug }));

/** The one VEVENT of a calendar message and its METHOD, as ical.js reads them. */
function read(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevents = calendar.getAllSubcomponents("vevent");
  expect(vevents).toHaveLength(1);
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: vevents[0]!.getFirstPropertyValue("uid"),
    sequence: Number(vevents[0]!.getFirstPropertyValue("sequence")),
    summary: vevents[0]!.getFirstPropertyValue("summary"),
  };
}

async function ok(outcome: { returned: unknown; thrown: unknown }) {
  expect(outcome.thrown).toBeUndefined();
  const response = outcome.returned as Response;
  expect(response.status).toBe(200);
  return { response, text: await response.text() };
}

async function seminar(fields: Parameters<typeof createEvent>[0] = {}) {
  const organizer = await createUser({ nameZh: "陈晓", nameEn: "Chen Xiao" });
  return createEvent({ titleZh: "春季学术会", titleEn: "Spring Meeting", organizerIds: [organizer.id], ...fields });
}

test("registered through the event page: the invitation is a REQUEST download, in the reader's language or ?lang=", async () => {
  const staff = await createUser();
  const event = await seminar();
  expect(statusOf((await postEvent(event.slug, "register", staff.id)).returned)).toBe(302);

  const { response, text } = await ok(await invitationOf(event.slug, staff.id));
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8; method=REQUEST");
  expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${event.slug}-invitation.ics"`);
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  expect(read(text)).toEqual({ method: "REQUEST", uid: `event-${event.id}@convene`, sequence: 0, summary: "春季学术会" });
  expect(read((await ok(await invitationOf(event.slug, staff.id, "?lang=en"))).text).summary).toBe("Spring Meeting");
});

test("after cancelling through the event page, the same address gives a CANCEL with the same UID and a higher SEQUENCE", async () => {
  const staff = await createUser({ locale: "en" });
  const event = await seminar();
  await postEvent(event.slug, "register", staff.id);
  const request = read((await ok(await invitationOf(event.slug, staff.id))).text);
  expect(statusOf((await postEvent(event.slug, "cancel", staff.id)).returned)).toBe(302);

  const { response, text } = await ok(await invitationOf(event.slug, staff.id));
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8; method=CANCEL");
  expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${event.slug}-cancellation.ics"`);
  const cancelled = read(text);
  expect(cancelled).toMatchObject({ method: "CANCEL", uid: request.uid, summary: "Cancelled: Spring Meeting" });
  expect(cancelled.sequence).toBeGreaterThan(request.sequence);
});

test("404 without a confirmed or cancelled registration (none, waiting), for a draft, outside the audience, for no such event", async () => {
  const stranger = await createUser();
  const event = await seminar();
  const none = (await invitationOf(event.slug, stranger.id, "", { "Accept-Language": "en" })).thrown as Response;
  expect(none.status).toBe(404);
  expect(none.headers.get("Cache-Control")).toBe("no-store");
  expect(await none.json()).toEqual({ error: "You have no registration for this event to put in a calendar.", messageKey: "calendar.invitation.notFound" });
  // translated for the reader
  expect(await ((await invitationOf(event.slug, stranger.id, "", { "Accept-Language": "zh-CN" })).thrown as Response).json()).toMatchObject({
    error: "您没有可加入日历的本活动报名。",
  });

  const full = await seminar({ capacity: 0 });
  await postEvent(full.slug, "register", stranger.id);
  expect((await prisma.registration.findUniqueOrThrow({ where: { eventId_userId: { eventId: full.id, userId: stranger.id } } })).status).toBe("WAITLISTED");
  expect(statusOf((await invitationOf(full.slug, stranger.id)).thrown)).toBe(404);

  const organizer = await createUser();
  const draft = await seminar({ status: "DRAFT", organizerIds: [organizer.id] });
  await prisma.registration.create({ data: { eventId: draft.id, userId: organizer.id, status: "CONFIRMED" } });
  expect(statusOf((await invitationOf(draft.slug, organizer.id)).thrown)).toBe(404);
  const invited = await seminar({ audience: "INVITE_ONLY" });
  expect(statusOf((await invitationOf(invited.slug, stranger.id)).thrown)).toBe(404);
  expect(statusOf((await invitationOf("no-such-event", stranger.id)).thrown)).toBe(404);
});

test("signed out is sent to sign in and comes back; an unknown ?lang= is a 400", async () => {
  const event = await seminar();
  const signedOut = (await invitationOf(event.slug, undefined, "?lang=en")).thrown as Response;
  expect(signedOut.status).toBe(302);
  expect(signedOut.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/events/${event.slug}/invitation.ics?lang=en`)}`);

  const staff = await createUser();
  await postEvent(event.slug, "register", staff.id);
  for (const lang of ["xx", "", "EN"]) expect(statusOf((await invitationOf(event.slug, staff.id, `?lang=${lang}`)).thrown)).toBe(400);
});

test("the event page links the invitation while registered, the cancellation after, and opens the calendar choices right after registering", async () => {
  const staff = await createUser();
  const event = await seminar();
  const before = await loadEvent(event.slug, staff.id);
  expect(before.invitation).toBeNull();
  expect(before.calendarOpen).toBe(false);

  await postEvent(event.slug, "register", staff.id);
  const justRegistered = await loadEvent(event.slug, staff.id, "?registered=1");
  expect(justRegistered.invitation).toEqual({ href: `/events/${event.slug}/invitation.ics?lang=zh-CN`, method: "REQUEST" });
  expect(justRegistered.calendarOpen).toBe(true);
  expect((await loadEvent(event.slug, staff.id)).calendarOpen).toBe(false);

  await postEvent(event.slug, "cancel", staff.id);
  const cancelled = await loadEvent(event.slug, staff.id, "?registered=1");
  expect(cancelled.invitation).toEqual({ href: `/events/${event.slug}/invitation.ics?lang=zh-CN`, method: "CANCEL" });
  // a stale ?registered=1 does not open the choices for someone without a seat
  expect(cancelled.calendarOpen).toBe(false);

  // on the waiting list: no invitation, and nothing opened
  const full = await seminar({ capacity: 0 });
  await postEvent(full.slug, "register", staff.id);
  expect(await loadEvent(full.slug, staff.id, "?registered=1")).toMatchObject({ invitation: null, calendarOpen: false });
});
