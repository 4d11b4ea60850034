import { createHash, randomBytes } from "node:crypto";

import ICAL from "ical.js";
import { expect, test } from "vitest";

import { createEvent, createUser, createVenue } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { createAgendaItem, moveAgendaItem, publishAgenda } from "~/models/agenda.server";
import { action as pageAction, loader as pageLoader } from "~/routes/calendar";
import { loader as tokenFeed } from "~/routes/calendar.feed.$token[.]ics";
import { loader as publicFeed } from "~/routes/calendar.public[.]ics";
import { loader as institutionFeed } from "~/routes/calendar[.]ics";
import { loader as eventFile } from "~/routes/events.$slug[.]ics";
import { prisma } from "~/utils/db.server";

const DAY = "2027-03-10";

/** Parsed by ical.js, with the calendar's own VTIMEZONEs registered: ical.js knows no zones of its own. */
function uids(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return new Map(calendar.getAllSubcomponents("vevent").map((vevent) => [String(vevent.getFirstPropertyValue("uid")), new ICAL.Event(vevent)]));
}
const uid = (kind: "event" | "agenda", id: string) => `${kind}-${id}@convene`;

async function conference(options: Parameters<typeof createEvent>[0] = {}) {
  const organizer = await createUser();
  const venue = await createVenue([{ nameZh: "报告厅", nameEn: "Main Auditorium" }]);
  const event = await createEvent({
    titleZh: "春季学术会",
    titleEn: "Spring Meeting",
    venueId: venue.id,
    startsAt: new Date(`${DAY}T09:00:00+08:00`),
    endsAt: new Date(`${DAY}T12:00:00+08:00`),
    organizerIds: [organizer.id],
    ...options,
  });
  const item = await createAgendaItem(organizer.id, event.id, {
    kind: "OPENING",
    titleZh: "开幕",
    titleEn: "Opening",
    notesZh: "",
    notesEn: "",
    cueNotes: "",
    startsAt: `${DAY}T09:00`,
    endsAt: `${DAY}T09:30`,
    roomId: venue.rooms[0]!.id,
  });
  if (!item.ok) throw new Error("no item");
  await publishAgenda(organizer.id, event.id, "");
  return { organizer, event, itemId: item.itemId };
}

const fileOf = async (slug: string, userId?: string, query = "", headers: Record<string, string> = {}) =>
  settle(async () => eventFile(routeArgs(await get(`/events/${slug}.ics${query}`, { userId, headers }), { slug })));

async function ok(outcome: { returned: unknown; thrown: unknown }) {
  expect(outcome.thrown).toBeUndefined();
  const response = outcome.returned as Response;
  expect(response.status).toBe(200);
  return { response, text: await response.text() };
}

// ───────────────────────────── the per-event file ─────────────────────────────

test("an event's .ics: a download in the reader's language, or ?lang=; a parser finds the event and its agenda", async () => {
  const staff = await createUser();
  const english = await createUser({ locale: "en" });
  const { event, itemId } = await conference();
  const { response, text } = await ok(await fileOf(event.slug, staff.id));
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${event.slug}.ics"`);
  expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
  const events = uids(text);
  expect(events.get(uid("event", event.id))!.summary).toBe("春季学术会");
  expect(events.get(uid("agenda", itemId))!.startDate.toJSDate().toISOString()).toBe("2027-03-10T01:00:00.000Z");
  expect(uids((await ok(await fileOf(event.slug, staff.id, "?lang=en"))).text).get(uid("event", event.id))!.summary).toBe("Spring Meeting");
  expect(uids((await ok(await fileOf(event.slug, english.id))).text).get(uid("event", event.id))!.summary).toBe("Spring Meeting");
  expect(uids((await ok(await fileOf(event.slug, english.id, "?lang=zh-CN"))).text).get(uid("event", event.id))!.summary).toBe("春季学术会");
  expect(statusOf((await fileOf(event.slug, staff.id, "?lang=fr")).thrown)).toBe(400);
});

test("an event's .ics is 404 outside the audience, for a draft (even to its organizer) and for an unknown slug", async () => {
  const staff = await createUser();
  const invited = await conference({ audience: "INVITE_ONLY" });
  const draft = await conference({ status: "DRAFT" });
  expect(statusOf((await fileOf(invited.event.slug, staff.id)).thrown)).toBe(404);
  expect(statusOf((await fileOf(draft.event.slug, draft.organizer.id)).thrown)).toBe(404);
  expect(statusOf((await fileOf("no-such-event", staff.id)).thrown)).toBe(404);
  const signedOut = (await fileOf(invited.event.slug)).thrown as Response;
  expect(signedOut.status).toBe(302);
  expect(signedOut.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
});

test("304 for an unchanged file, by ETag or by date; a new release gives a new ETag and a 200", async () => {
  const staff = await createUser();
  const { organizer, event, itemId } = await conference();
  const first = (await ok(await fileOf(event.slug, staff.id))).response;
  const etag = first.headers.get("ETag")!;
  const lastModified = first.headers.get("Last-Modified")!;
  expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  expect(((await fileOf(event.slug, staff.id, "", { "If-None-Match": etag })).returned as Response).status).toBe(304);
  expect(((await fileOf(event.slug, staff.id, "", { "If-Modified-Since": lastModified })).returned as Response).status).toBe(304);

  await moveAgendaItem(organizer.id, event.id, itemId, { shift: 15, stretch: 0 });
  await publishAgenda(organizer.id, event.id, "");
  const changed = await ok(await fileOf(event.slug, staff.id, "", { "If-None-Match": etag }));
  expect(changed.response.headers.get("ETag")).not.toBe(etag);
  const moved = uids(changed.text).get(uid("agenda", itemId))!;
  expect(moved.startDate.toJSDate().toISOString()).toBe("2027-03-10T01:15:00.000Z");
  expect(moved.sequence).toBe(1);
});

// ───────────────────────────── institution and public feeds ─────────────────────────────

test("the institution feed: signed in, inline, the events this reader may see; signed out is sent to sign in", async () => {
  const staff = await createUser();
  const open = await conference();
  const invited = await conference({ audience: "INVITE_ONLY" });
  const draft = await conference({ status: "DRAFT" });
  const { response, text } = await ok(await settle(async () => institutionFeed(routeArgs(await get("/calendar.ics", { userId: staff.id })))));
  expect(response.headers.get("Content-Disposition")).toBe('inline; filename="convene.ics"');
  const events = uids(text);
  expect(events.has(uid("event", open.event.id))).toBe(true);
  expect(events.has(uid("agenda", open.itemId))).toBe(true);
  expect(events.has(uid("event", invited.event.id))).toBe(false);
  expect(events.has(uid("event", draft.event.id))).toBe(false);
  expect(statusOf((await settle(async () => institutionFeed(routeArgs(await get("/calendar.ics"))))).thrown)).toBe(302);
});

test("the public feed needs no sign-in, may be cached by anyone, and holds only public events", async () => {
  const shown = await conference({ isPublic: true });
  const internal = await conference();
  const { response, text } = await ok(await settle(async () => publicFeed(routeArgs(await get("/calendar/public.ics?lang=en")))));
  expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
  const events = uids(text);
  expect(events.get(uid("event", shown.event.id))!.summary).toBe("Spring Meeting");
  expect(events.has(uid("event", internal.event.id))).toBe(false);
  expect(statusOf((await settle(async () => publicFeed(routeArgs(await get("/calendar/public.ics?lang=xx"))))).thrown)).toBe(400);
});

// ───────────────────────────── the subscription page and personal feeds ─────────────────────────────

async function regenerate(userId: string) {
  const outcome = (await pageAction(routeArgs(await post("/calendar", { intent: "regenerate" }, { userId })))) as unknown as {
    data: { issued: { mine: { web: string; webcal: string }; institution: { web: string; webcal: string } } };
    init: { headers: Record<string, string> };
  };
  expect(outcome.init.headers["Cache-Control"]).toBe("no-store");
  const token = /\/calendar\/feed\/([A-Za-z0-9_-]+)\.ics$/.exec(outcome.data.issued.mine.web)![1]!;
  return { token, issued: outcome.data.issued };
}
const feedOf = async (token: string, query = "") => settle(async () => tokenFeed(routeArgs(await get(`/calendar/feed/${token}.ics${query}`), { token })));
const act = async (fields: Record<string, string>, userId?: string) => settle(async () => pageAction(routeArgs(await post("/calendar", fields, { userId }))));
const turn = (userId: string, intent: "enable" | "disable") => act({ intent }, userId);

test("making an address: 32 random bytes, shown once in both forms; only its SHA-256 is stored", async () => {
  const staff = await createUser();
  expect(((await pageLoader(routeArgs(await get("/calendar", { userId: staff.id })))) as { feed: unknown }).feed).toBeNull();
  const { token, issued } = await regenerate(staff.id);
  expect(Buffer.from(token, "base64url")).toHaveLength(32);
  expect(issued.mine).toEqual({ web: `http://localhost:3000/calendar/feed/${token}.ics`, webcal: `webcal://localhost:3000/calendar/feed/${token}.ics` });
  expect(issued.institution.web).toBe(`http://localhost:3000/calendar/feed/${token}.ics?scope=institution`);
  const row = await prisma.calendarFeed.findUniqueOrThrow({ where: { userId: staff.id } });
  expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
  expect(row.enabled).toBe(true);
  const audit = await prisma.auditLog.findMany({ where: { entityType: "CalendarFeed", entityId: staff.id } });
  expect(audit.map((entry) => entry.action)).toEqual(["calendar.feed.create"]);
  expect(JSON.stringify([row, audit])).not.toContain(token);
  // the page never shows it again
  const page = (await pageLoader(routeArgs(await get("/calendar", { userId: staff.id })))) as object;
  expect(page).toMatchObject({ feed: { enabled: true } });
  expect(JSON.stringify(page)).not.toContain(token);
});

test("a personal feed by its secret: the person's events, inline, never kept by shared caches", async () => {
  const staff = await createUser({ locale: "en" });
  const registered = await conference();
  const other = await conference();
  await prisma.registration.create({ data: { eventId: registered.event.id, userId: staff.id, status: "CONFIRMED" } });
  const { token } = await regenerate(staff.id);
  const { response, text } = await ok(await feedOf(token));
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toBe('inline; filename="convene.ics"');
  expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
  const events = uids(text);
  expect(events.get(uid("event", registered.event.id))!.summary).toBe("Spring Meeting");
  expect(events.has(uid("agenda", registered.itemId))).toBe(true);
  expect(events.has(uid("event", other.event.id))).toBe(false);
  expect(uids((await ok(await feedOf(token, "?lang=zh-CN"))).text).get(uid("event", registered.event.id))!.summary).toBe("春季学术会");
  // the same secret opens the institution feed as this person may see it
  const institution = uids((await ok(await feedOf(token, "?scope=institution"))).text);
  expect(institution.has(uid("event", other.event.id))).toBe(true);
  expect(statusOf((await feedOf(token, "?scope=everyone")).thrown)).toBe(400);
  // 304 for a calendar app that already has this version
  expect(((await settle(async () => tokenFeed(routeArgs(await get(`/calendar/feed/${token}.ics`, { headers: { "If-None-Match": response.headers.get("ETag")! } }), { token })))).returned as Response).status).toBe(304);
});

test("a new address revokes the old one at once; turning off is a 404 and turning on restores the same address", async () => {
  const staff = await createUser();
  const { token: first } = await regenerate(staff.id);
  await ok(await feedOf(first));
  const { token: second } = await regenerate(staff.id);
  expect(second).not.toBe(first);
  expect(statusOf((await feedOf(first)).thrown)).toBe(404);
  await ok(await feedOf(second));

  const off = (await turn(staff.id, "disable")).returned as Response;
  expect(off.status).toBe(302);
  expect(off.headers.get("Location")).toBe("/calendar?done=off");
  expect(statusOf((await feedOf(second)).thrown)).toBe(404);
  expect(await pageLoader(routeArgs(await get("/calendar", { userId: staff.id })))).toMatchObject({ feed: { enabled: false } });
  expect(((await turn(staff.id, "enable")).returned as Response).headers.get("Location")).toBe("/calendar?done=on");
  await ok(await feedOf(second));
  expect(statusOf((await feedOf(first)).thrown)).toBe(404);
  expect((await prisma.auditLog.findMany({ where: { entityType: "CalendarFeed", entityId: staff.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((a) => a.action)).toEqual([
    "calendar.feed.create",
    "calendar.feed.rotate",
    "calendar.feed.disable",
    "calendar.feed.enable",
  ]);
});

test("a wrong, malformed, revoked or switched-off secret, or a closed account, all get the same bare 404", async () => {
  const staff = await createUser();
  const leaver = await createUser();
  const { token: revoked } = await regenerate(staff.id);
  const { token: current } = await regenerate(staff.id);
  const { token: leaversToken } = await regenerate(leaver.id);
  await prisma.user.update({ where: { id: leaver.id }, data: { deletedAt: new Date() } });
  const off = await createUser();
  const { token: switchedOff } = await regenerate(off.id);
  await turn(off.id, "disable");
  const answers = [];
  for (const token of [randomBytes(32).toString("base64url"), "abc", "x".repeat(500), "..%2F..%2Fetc", revoked, leaversToken, switchedOff]) {
    const { thrown, returned } = await feedOf(token);
    expect(returned).toBeUndefined();
    const response = thrown as Response;
    expect(response.status).toBe(404);
    answers.push(JSON.stringify([...response.headers, await response.text()]));
  }
  expect(new Set(answers).size).toBe(1);
  // nothing but "not found": no hint of whether the secret ever existed, or whose it was
  expect(JSON.parse(answers[0]!)).toEqual([["cache-control", "no-store"], ["content-type", "text/plain; charset=utf-8"], "Not Found\n"]);
  await ok(await feedOf(current));
});

test("the subscription page: staff only (a guest gets 403 on loader and action), sign-in first, bad input refused", async () => {
  const guest = await createUser({ kind: "GUEST" });
  const staff = await createUser();
  expect(statusOf((await settle(async () => pageLoader(routeArgs(await get("/calendar", { userId: guest.id }))))).thrown)).toBe(403);
  expect(statusOf((await act({ intent: "regenerate" }, guest.id)).thrown)).toBe(403);
  expect(await prisma.calendarFeed.count({ where: { userId: guest.id } })).toBe(0);
  const signedOut = (await settle(async () => pageLoader(routeArgs(await get("/calendar"))))).thrown as Response;
  expect(signedOut.status).toBe(302);
  expect(signedOut.headers.get("Location")).toBe("/login?redirectTo=%2Fcalendar");
  expect(statusOf((await act({ intent: "regenerate" })).thrown)).toBe(302);
  expect(statusOf((await act({ intent: "delete-everything" }, staff.id)).thrown)).toBe(400);
  expect(statusOf((await act({}, staff.id)).thrown)).toBe(400);
  // nothing to turn on or off yet
  expect(statusOf((await turn(staff.id, "enable")).thrown)).toBe(409);
  expect(statusOf((await turn(staff.id, "disable")).thrown)).toBe(409);
});
