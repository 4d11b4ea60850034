import { createRequire } from "node:module";

import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import ICAL from "ical.js";
import { expect, test } from "vitest";

import { createEvent, createUser, createVenue } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { addAgendaPerson, createAgendaItem, deleteAgendaItem, moveAgendaItem, publishAgenda, updateAgendaItem, type AgendaItemInput } from "~/models/agenda.server";
import { personalCalendar } from "~/models/calendar-feed.server";
import { viewerFor } from "~/models/event.server";
import { action as eventPageAction, loader as eventPage } from "~/routes/events.$slug._index";
import { action as itemPageAction, loader as itemPage } from "~/routes/events.$slug.agenda_.$itemId";
import { loader as itemFile } from "~/routes/events.$slug.agenda_.$itemId[.]ics";
import { prisma } from "~/utils/db.server";
import { sessionUserSelect, type SessionUser } from "~/utils/session.server";

const DAY = "2027-03-10";

function itemInput(overrides: Partial<AgendaItemInput>): AgendaItemInput {
  return { kind: "TALK", titleZh: "", titleEn: "", notesZh: "", notesEn: "", cueNotes: "", startsAt: `${DAY}T09:00`, endsAt: `${DAY}T09:30`, roomId: null, ...overrides };
}

/** A morning meeting at the Nanhu campus: a talk with a guest speaker in the auditorium, published once. */
async function meeting(options: Parameters<typeof createEvent>[0] = {}) {
  const organizer = await createUser();
  const venue = await createVenue([{ nameZh: "报告厅", nameEn: "Main Auditorium" }]);
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
  const talk = await createAgendaItem(
    organizer.id,
    event.id,
    itemInput({ titleZh: "大模型的安全", titleEn: "Safety of large models", startsAt: `${DAY}T09:30`, endsAt: `${DAY}T10:30`, roomId: venue.rooms[0]!.id }),
  );
  if (!talk.ok) throw new Error("no talk");
  const speaker = await addAgendaPerson(organizer.id, event.id, talk.itemId, {
    role: "SPEAKER",
    side: "GUEST",
    userId: null,
    externalNameZh: "王伟",
    externalNameEn: "Wang Wei",
    organisation: "浙江大学",
    title: "",
  });
  if (!speaker.ok) throw new Error("no speaker");
  await publishAgenda(organizer.id, event.id, "");
  return { organizer, event, venue, itemId: talk.itemId };
}

const fileOf = async (slug: string, itemId: string, userId?: string, query = "", headers: Record<string, string> = {}) =>
  settle(async () => itemFile(routeArgs(await get(`/events/${slug}/agenda/${itemId}.ics${query}`, { userId, headers }), { slug, itemId })));

async function ok(outcome: { returned: unknown; thrown: unknown }) {
  expect(outcome.thrown).toBeUndefined();
  const response = outcome.returned as Response;
  expect(response.status).toBe(200);
  return { response, text: await response.text() };
}

/** The VEVENTs of a file, parsed by ical.js with the file's own VTIMEZONE registered (ical.js knows no zones). */
function vevents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents("vevent").map((component) => ({ component, event: new ICAL.Event(component) }));
}

/** A 404 from the resource route: a JSON body with the translated message, not an error page. */
async function notFoundKey(outcome: { returned: unknown; thrown: unknown }) {
  const response = outcome.thrown as Response;
  expect(statusOf(response)).toBe(404);
  return ((await response.json()) as { messageKey: string }).messageKey;
}

test("Remix sends /events/x/agenda/abc.ics to the item's calendar file, and /events/x/agenda/abc to the item's page", async () => {
  // the route manifest exactly as the Remix compiler builds it from app/routes and remix.config.js
  const { readConfig } = createRequire(import.meta.url)("@remix-run/dev/dist/config.js") as {
    readConfig: (root: string) => Promise<{ routes: Record<string, { id: string; parentId?: string; path?: string; index?: boolean }> }>;
  };
  const { routes: manifest } = await readConfig(process.cwd());
  const tree = (parentId: string | undefined): AgnosticRouteObject[] =>
    Object.values(manifest)
      .filter((route) => route.parentId === parentId)
      .map((route) => (route.index ? { id: route.id, path: route.path, index: true } : { id: route.id, path: route.path, children: tree(route.id) }));
  const leaf = (url: string) => {
    const match = matchRoutes(tree(undefined), url)?.at(-1);
    return { id: match?.route.id, params: match?.params };
  };
  expect(leaf("/events/x/agenda/abc.ics")).toEqual({ id: "routes/events.$slug.agenda_.$itemId[.]ics", params: { slug: "x", itemId: "abc" } });
  expect(leaf("/events/x/agenda/abc")).toEqual({ id: "routes/events.$slug.agenda_.$itemId", params: { slug: "x", itemId: "abc" } });
  expect(leaf("/events/x.ics").id).toBe("routes/events.$slug[.]ics");
});

test("an item's .ics: one VEVENT, its published time in Asia/Shanghai, the room and venue, the speaker, in either language", async () => {
  const staff = await createUser();
  const english = await createUser({ locale: "en" });
  const { event, itemId } = await meeting();
  const { response, text } = await ok(await fileOf(event.slug, itemId, staff.id));
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${event.slug}-${itemId.slice(-8)}.ics"`);
  expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
  expect(response.headers.get("Vary")).toBe("Cookie, Accept-Language");

  const [talk, ...others] = vevents(text);
  expect(others).toHaveLength(0);
  expect(talk!.event.uid).toBe(`agenda-${itemId}@convene`);
  expect(text).toContain("DTSTART;TZID=Asia/Shanghai:20270310T093000");
  expect(talk!.event.startDate.zone.tzid).toBe("Asia/Shanghai");
  expect(talk!.event.startDate.toJSDate().toISOString()).toBe("2027-03-10T01:30:00.000Z");
  expect(talk!.event.endDate.toJSDate().toISOString()).toBe("2027-03-10T02:30:00.000Z");
  expect(talk!.event.summary).toBe("大模型的安全");
  expect(talk!.event.location).toBe("报告厅（南湖总部）");
  expect(talk!.event.description).toContain("主讲：王伟（浙江大学）");

  const inEnglish = vevents((await ok(await fileOf(event.slug, itemId, staff.id, "?lang=en"))).text)[0]!.event;
  expect(inEnglish.summary).toBe("Safety of large models");
  expect(inEnglish.location).toBe("Main Auditorium, Nanhu Campus");
  expect(inEnglish.description).toContain("Speaker: Wang Wei (浙江大学)");
  // without ?lang= the reader's own language; with it, the one asked for
  expect(vevents((await ok(await fileOf(event.slug, itemId, english.id))).text)[0]!.event.summary).toBe("Safety of large models");
  expect(vevents((await ok(await fileOf(event.slug, itemId, english.id, "?lang=zh-CN"))).text)[0]!.event.summary).toBe("大模型的安全");
  expect(statusOf((await fileOf(event.slug, itemId, staff.id, "?lang=xx")).thrown)).toBe(400);
});

test("the file holds the published item, never the draft; an item a later release dropped comes as cancelled", async () => {
  const staff = await createUser();
  const { organizer, event, venue, itemId } = await meeting();
  const edited = await updateAgendaItem(
    organizer.id,
    event.id,
    itemId,
    itemInput({ titleZh: "草稿标题", titleEn: "Draft title", startsAt: `${DAY}T11:00`, endsAt: `${DAY}T11:30`, roomId: venue.rooms[0]!.id }),
  );
  expect(edited.ok).toBe(true);
  const published = vevents((await ok(await fileOf(event.slug, itemId, staff.id))).text)[0]!.event;
  expect(published.summary).toBe("大模型的安全");
  expect(published.startDate.toJSDate().toISOString()).toBe("2027-03-10T01:30:00.000Z");

  await deleteAgendaItem(organizer.id, event.id, itemId);
  await publishAgenda(organizer.id, event.id, "");
  const [dropped] = vevents((await ok(await fileOf(event.slug, itemId, staff.id))).text);
  expect(String(dropped!.component.getFirstPropertyValue("status"))).toBe("CANCELLED");
  expect(dropped!.event.summary).toBe("【已取消】大模型的安全");
});

test("304 for an unchanged file; a release that moves the item gives a new ETag and the new time", async () => {
  const staff = await createUser();
  const { organizer, event, itemId } = await meeting();
  const first = (await ok(await fileOf(event.slug, itemId, staff.id))).response;
  const etag = first.headers.get("ETag")!;
  expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  const unchanged = (await fileOf(event.slug, itemId, staff.id, "", { "If-None-Match": etag })).returned as Response;
  expect(unchanged.status).toBe(304);
  expect(unchanged.headers.get("ETag")).toBe(etag);
  // another language is another file
  expect(((await fileOf(event.slug, itemId, staff.id, "?lang=en", { "If-None-Match": etag })).returned as Response).status).toBe(200);

  await moveAgendaItem(organizer.id, event.id, itemId, { shift: 15, stretch: 0 });
  await publishAgenda(organizer.id, event.id, "");
  const moved = await ok(await fileOf(event.slug, itemId, staff.id, "", { "If-None-Match": etag }));
  expect(moved.response.headers.get("ETag")).not.toBe(etag);
  expect(moved.text).toContain("DTSTART;TZID=Asia/Shanghai:20270310T094500");
});

test("404, translated, for an unpublished or unknown item, an item of another event, a draft event, and an event the reader may not see", async () => {
  const staff = await createUser();
  const { organizer, event } = await meeting();
  const later = await createAgendaItem(organizer.id, event.id, itemInput({ titleZh: "茶歇", titleEn: "Tea", startsAt: `${DAY}T10:30`, endsAt: `${DAY}T11:00` }));
  if (!later.ok) throw new Error("no item");
  const unpublished = await fileOf(event.slug, later.itemId, staff.id);
  expect(await notFoundKey(unpublished)).toBe("calendar.item.notFound");
  expect(await notFoundKey(await fileOf(event.slug, "no-such-item", staff.id))).toBe("calendar.item.notFound");
  const unknown = (await fileOf(event.slug, "no-such-item", staff.id)).thrown as Response;
  expect(((await unknown.json()) as { error: string }).error).toBe("该日程尚未发布，或不属于本活动。");

  const other = await meeting();
  expect(await notFoundKey(await fileOf(event.slug, other.itemId, staff.id))).toBe("calendar.item.notFound");

  const draft = await meeting({ status: "DRAFT" });
  expect(await notFoundKey(await fileOf(draft.event.slug, draft.itemId, draft.organizer.id))).toBe("event.notFound");

  const invited = await meeting({ audience: "INVITE_ONLY" });
  expect(await notFoundKey(await fileOf(invited.event.slug, invited.itemId, staff.id))).toBe("event.notFound");
  // the same item is there for someone who may see the event
  await ok(await fileOf(invited.event.slug, invited.itemId, invited.organizer.id));

  const signedOut = (await fileOf(event.slug, later.itemId)).thrown as Response;
  expect(signedOut.status).toBe(302);
  expect(signedOut.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
});

test("the item's page offers its published form to calendars, says when it cannot, and still refuses staff", async () => {
  const staff = await createUser();
  const { organizer, event, itemId } = await meeting();
  const load = async (slug: string, id: string, userId = organizer.id) =>
    itemPage(routeArgs(await get(`/events/${slug}/agenda/${id}`, { userId }), { slug, itemId: id }));

  const loaded = await load(event.slug, itemId);
  expect(loaded.calendar.state).toBe("published");
  expect(loaded.calendar.sequence).toBe(1);
  expect(loaded.calendar.links?.ics).toBe(`/events/${event.slug}/agenda/${itemId}.ics?lang=zh-CN`);
  expect(loaded.calendar.links?.otherLanguageIcs).toBe(`/events/${event.slug}/agenda/${itemId}.ics?lang=en`);
  const google = new URL(loaded.calendar.links!.google);
  expect(google.searchParams.get("text")).toBe("大模型的安全");
  expect(google.searchParams.get("dates")).toBe("20270310T013000Z/20270310T023000Z");
  expect(google.searchParams.get("location")).toBe("报告厅（南湖总部）");
  expect(google.searchParams.get("details")).toContain("主讲：王伟（浙江大学）");
  expect(google.searchParams.get("details")).toContain(`http://localhost:3000/events/${event.slug}#agenda-item-${itemId}`);

  const later = await createAgendaItem(organizer.id, event.id, itemInput({ titleZh: "茶歇", startsAt: `${DAY}T10:30`, endsAt: `${DAY}T11:00` }));
  if (!later.ok) throw new Error("no item");
  expect((await load(event.slug, later.itemId)).calendar).toEqual({ links: null, state: "unpublished", sequence: null });

  const draft = await meeting({ status: "DRAFT" });
  expect((await load(draft.event.slug, draft.itemId, draft.organizer.id)).calendar).toEqual({ links: null, state: "eventDraft", sequence: 1 });

  expect(statusOf((await settle(async () => load(event.slug, itemId, staff.id))).thrown)).toBe(403);
  const staffPost = await settle(async () =>
    itemPageAction(routeArgs(await post(`/events/${event.slug}/agenda/${itemId}`, { intent: "removePerson", personId: "x" }, { userId: staff.id }), { slug: event.slug, itemId })),
  );
  expect(statusOf(staffPost.thrown)).toBe(403);
});

test("the event page gives each published item its own links, and the event the same links as before", async () => {
  const staff = await createUser();
  const { organizer, event, itemId } = await meeting();
  const later = await createAgendaItem(organizer.id, event.id, itemInput({ titleZh: "茶歇", startsAt: `${DAY}T10:30`, endsAt: `${DAY}T11:00` }));
  if (!later.ok) throw new Error("no item");
  const load = async (slug: string, userId: string) => eventPage(routeArgs(await get(`/events/${slug}`, { userId }), { slug }));

  const { agenda, calendar } = await load(event.slug, staff.id);
  // the draft's new item has no links: only what the release holds
  expect(Object.keys(agenda.calendars ?? {})).toEqual([itemId]);
  const links = agenda.calendars![itemId]!;
  expect(links.ics).toBe(`/events/${event.slug}/agenda/${itemId}.ics?lang=zh-CN`);
  expect(links.subscribe).toBe("/calendar");
  const google = new URL(links.google);
  expect(google.searchParams.get("text")).toBe("大模型的安全");
  expect(google.searchParams.get("dates")).toBe("20270310T013000Z/20270310T023000Z");
  expect(google.searchParams.get("location")).toBe("报告厅（南湖总部）");
  expect(google.searchParams.get("details")).toContain("主讲：王伟（浙江大学）");

  expect(calendar?.ics).toBe(`/events/${event.slug}.ics?lang=zh-CN`);
  expect(calendar?.otherLanguageIcs).toBe(`/events/${event.slug}.ics?lang=en`);
  const eventGoogle = new URL(calendar!.google);
  expect(eventGoogle.searchParams.get("text")).toBe("春季学术会");
  expect(eventGoogle.searchParams.get("dates")).toBe("20270310T010000Z/20270310T040000Z");
  expect(eventGoogle.searchParams.get("details")).toBe(`http://localhost:3000/events/${event.slug}`);
  expect(eventGoogle.searchParams.get("location")).toBe("南湖总部");

  // a draft event (seen by its organizer) offers no calendar files: they would be 404
  const draft = await meeting({ status: "DRAFT" });
  const drafted = await load(draft.event.slug, draft.organizer.id);
  expect(drafted.agenda.sections.length).toBeGreaterThan(0);
  expect(drafted.agenda.calendars).toBeNull();
  expect(drafted.calendar).toBeNull();
});

test("a star puts one published item into the person's own feed without registering, and taking it off removes it", async () => {
  const { event, itemId, organizer } = await meeting();
  const staff = await createUser();
  const star = async (fields: Record<string, string>, userId = staff.id) =>
    settle(async () => eventPageAction(routeArgs(await post(`/events/${event.slug}`, { intent: "star", ...fields }, { userId }), { slug: event.slug })));
  const feed = async () => {
    const viewer = await viewerFor((await prisma.user.findUniqueOrThrow({ where: { id: staff.id }, select: sessionUserSelect })) as SessionUser);
    return personalCalendar(viewer, { locale: "en", origin: "https://convene.example", now: new Date("2027-03-01T00:00:00Z") });
  };
  expect(await feed()).not.toContain(`UID:agenda-${itemId}@convene`);

  const starred = await star({ itemId, starred: "1" });
  expect(statusOf(starred.returned as Response)).toBe(302);
  expect((starred.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}#agenda-item-${itemId}`);
  const page = (await eventPage(routeArgs(await get(`/events/${event.slug}`, { userId: staff.id }), { slug: event.slug }))) as { agenda: { starred: string[] | null } };
  expect(page.agenda.starred).toEqual([itemId]);
  const text = await feed();
  expect(text).toContain(`UID:agenda-${itemId}@convene`);
  // the item alone: no registration, so not the event's own VEVENT
  expect(text).not.toContain(`UID:event-${event.id}@convene`);
  // starring twice is harmless
  expect(statusOf((await star({ itemId, starred: "1" })).returned as Response)).toBe(302);

  expect(statusOf((await star({ itemId, starred: "0" })).returned as Response)).toBe(302);
  expect(await feed()).not.toContain(`UID:agenda-${itemId}@convene`);

  // an item only in the draft, one of another event, an unknown one: 404; a malformed form: 400
  const draftOnly = await createAgendaItem(organizer.id, event.id, itemInput({ titleZh: "草稿", titleEn: "Draft only", startsAt: `${DAY}T11:00`, endsAt: `${DAY}T11:30` }));
  if (!draftOnly.ok) throw new Error("no item");
  const other = await meeting();
  for (const id of [draftOnly.itemId, other.itemId, "no-such-item"]) expect(statusOf((await star({ itemId: id, starred: "1" })).thrown as Response)).toBe(404);
  expect(statusOf((await star({ itemId, starred: "yes" })).thrown as Response)).toBe(400);
  expect(statusOf((await star({ starred: "1" })).thrown as Response)).toBe(400);
  expect(await prisma.agendaStar.count({ where: { userId: staff.id } })).toBe(0);
});
