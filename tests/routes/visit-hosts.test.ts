import { expect, test } from "vitest";

import { loader as homeLoader } from "~/routes/_index";
import { loader as eventLoader } from "~/routes/events.$slug._index";
import { action, loader } from "~/routes/events.$slug.hosts";
import { loader as itineraryLoader } from "~/routes/events.$slug.itinerary";
import { prisma } from "~/utils/db.server";

import { createEvent, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";

async function visit() {
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  // 10:00 in Hangzhou, three days from now: the items never cross midnight
  const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);
  startsAt.setUTCHours(2, 0, 0, 0);
  const event = await createEvent({ kind: "PARTNERSHIP_VISIT", audience: "INVITE_ONLY", startsAt, endsAt: new Date(startsAt.getTime() + 4 * 3600_000), organizerIds: [organizer.id] });
  const item = (titleEn: string, from: number, to: number) =>
    prisma.agendaItem.create({ data: { eventId: event.id, kind: "MEETING", titleZh: `${titleEn}（中）`, titleEn, startsAt: new Date(startsAt.getTime() + from * 60_000), endsAt: new Date(startsAt.getTime() + to * 60_000) } });
  const tour = await item("Tour", 0, 60);
  const talks = await item("Talks", 30, 120);
  return { organizer, event, tour, talks };
}

const page = (slug: string, userId?: string) => settle(async () => loader(routeArgs(await get(`/events/${slug}/hosts`, { userId, headers: { "Accept-Language": "en" } }), { slug })));
const act = (slug: string, fields: Record<string, string>, userId?: string) =>
  settle(async () => action(routeArgs(await post(`/events/${slug}/hosts`, fields, { userId, headers: { "Accept-Language": "en" } }), { slug })));

type Reply = { form: string; result: { error?: Record<string, string[] | null> } };
const replyOf = (outcome: unknown) => (outcome as { data: Reply }).data;
const messageKeyOf = (thrown: unknown) => (thrown as { data: { messageKey: string } }).data.messageKey;
const footprint = async (eventId: string) => ({ hosts: await prisma.visitHost.count({ where: { eventId } }), audit: await prisma.auditLog.count({ where: { eventId } }) });

test("only the visit's organizers and admins open and change the hosts page: staff, hosts, other organizers and guests get 403, signed out a sign-in", async () => {
  const { event, tour } = await visit();
  const staff = await createUser({ password: null });
  const existingHost = await createUser({ password: null });
  const hosted = await prisma.visitHost.create({ data: { eventId: event.id, userId: existingHost.id } });
  const { organizer: otherOrganizer } = await visit();
  const guest = await createUser({ kind: "GUEST", password: null, email: `g.${Date.now()}@zju.example` });
  const before = await footprint(event.id);
  const posts: Array<Record<string, string>> = [
    { intent: "add", staff: staff.email },
    { intent: "add", staff: staff.email, agendaItemId: tour.id },
    { intent: "remove", hostId: hosted.id },
    { intent: "nonsense" },
  ];
  for (const userId of [staff.id, existingHost.id, otherOrganizer.id, guest.id]) {
    expect(statusOf((await page(event.slug, userId)).thrown)).toBe(403);
    for (const fields of posts) expect(statusOf((await act(event.slug, fields, userId)).thrown), fields.intent).toBe(403);
  }
  expect(statusOf((await page(event.slug)).thrown)).toBe(302);
  expect(statusOf((await act(event.slug, posts[0]!)).thrown)).toBe(302);
  expect(await footprint(event.id)).toEqual(before);

  const admin = await createUser({ password: null, roles: ["admin"] });
  expect(statusOf((await page(event.slug, admin.id)).returned)).toBe(200);
  // no such event, and an event that is not a visit (for its own organizer): 404
  expect(statusOf((await page("no-such-event", admin.id)).thrown)).toBe(404);
  const conferenceOrganizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const conference = await createEvent({ organizerIds: [conferenceOrganizer.id] });
  expect(statusOf((await page(conference.slug, conferenceOrganizer.id)).thrown)).toBe(404);
  expect(statusOf((await act(conference.slug, { intent: "add", staff: staff.email }, conferenceOrganizer.id)).thrown)).toBe(404);
});

test("an organizer sets the overall host and meeting hosts; the page shows each item's time, room and hosts and flags a double booking", async () => {
  const { organizer, event, tour, talks } = await visit();
  const director = await createUser({ nameZh: "朱世强", nameEn: `Zhu Shiqiang ${Date.now()}` });
  const guide = await createUser({ nameZh: "方志远", nameEn: `Fang Zhiyuan ${Date.now()}` });

  const set = await act(event.slug, { intent: "add", staff: director.email }, organizer.id);
  expect(statusOf(set.returned)).toBe(302);
  expect((set.returned as Response).headers.get("Location")).toMatch(new RegExp(`^/events/${event.slug}/hosts\\?done=added&name=Zhu`));
  for (const itemId of [tour.id, talks.id]) {
    expect(statusOf((await act(event.slug, { intent: "add", staff: guide.email, agendaItemId: itemId }, organizer.id)).returned)).toBe(302);
  }
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "visit.host.add", actorId: organizer.id } })).toBe(3);

  const { returned } = await page(event.slug, organizer.id);
  const view = returned!;
  expect(view.overall.map((h) => h.label)).toEqual([`${director.nameEn} 朱世强`]);
  expect(view.items.map((item) => [item.title, item.hosts.map((h) => h.name)])).toEqual([
    ["Tour", [guide.nameEn]],
    ["Talks", [guide.nameEn]],
  ]);
  expect(view.items[0]!.time).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
  expect(view.items[0]!.room).toBeNull();
  expect(view.items[0]!.hosts[0]!.clashes).toEqual(["Talks"]);
  expect(view.items[1]!.hosts[0]!.clashes).toEqual(["Tour"]);
  expect(view.clashCount).toBe(1);
  expect(view.directory.some((entry) => entry.email === guide.email)).toBe(true);
  // nothing of the hosts' accounts beyond what the page shows
  expect(JSON.stringify(view)).not.toContain("passwordHash");

  // removing the double booking clears the flag
  const talksHost = view.items[1]!.hosts[0]!.hostId;
  expect(statusOf((await act(event.slug, { intent: "remove", hostId: talksHost }, organizer.id)).returned)).toBe(302);
  expect((await page(event.slug, organizer.id)).returned!.clashCount).toBe(0);
});

test("bad input is a 400 on the field, a duplicate a 409, an item or host of another visit a 404; nothing is written", async () => {
  const { organizer, event, tour } = await visit();
  const other = await visit();
  const guide = await createUser();
  await prisma.visitHost.create({ data: { eventId: event.id, userId: guide.id, agendaItemId: tour.id } });
  const otherHost = await prisma.visitHost.create({ data: { eventId: other.event.id, userId: guide.id } });
  const guest = await createUser({ kind: "GUEST", password: null, email: `g2.${Date.now()}@zju.example` });
  const before = await footprint(event.id);

  const empty = await act(event.slug, { intent: "add", staff: " ", formId: `host-item-${tour.id}`, agendaItemId: tour.id }, organizer.id);
  expect(statusOf(empty.returned)).toBe(400);
  expect(replyOf(empty.returned)).toMatchObject({ form: `host-item-${tour.id}`, result: { error: { staff: ["hosts.error.staffRequired"] } } });
  for (const staff of ["nobody@nowhere.example", guest.email]) {
    const refused = await act(event.slug, { intent: "add", staff, formId: "host-overall" }, organizer.id);
    expect(statusOf(refused.returned)).toBe(400);
    expect(replyOf(refused.returned).result.error).toEqual({ staff: ["hosts.error.notStaff"] });
  }
  const duplicate = await act(event.slug, { intent: "add", staff: guide.email, agendaItemId: tour.id, formId: `host-item-${tour.id}` }, organizer.id);
  expect(statusOf(duplicate.returned)).toBe(409);
  expect(replyOf(duplicate.returned).result.error).toEqual({ staff: ["hosts.error.duplicate"] });

  const foreignItem = await act(event.slug, { intent: "add", staff: guide.email, agendaItemId: other.tour.id }, organizer.id);
  expect(statusOf(foreignItem.thrown)).toBe(404);
  expect(messageKeyOf(foreignItem.thrown)).toBe("hosts.error.itemNotFound");
  const foreignHost = await act(event.slug, { intent: "remove", hostId: otherHost.id }, organizer.id);
  expect(statusOf(foreignHost.thrown)).toBe(404);
  expect(statusOf((await act(event.slug, { intent: "remove" }, organizer.id)).thrown)).toBe(400);
  expect(statusOf((await act(event.slug, { intent: "rename" }, organizer.id)).thrown)).toBe(400);
  expect(await footprint(event.id)).toEqual(before);
  expect(await prisma.visitHost.count({ where: { eventId: other.event.id } })).toBe(1);
});

test("a host who does not organize sees the visit on the home page and opens its event page and staff itinerary", async () => {
  const { organizer, event, talks } = await visit();
  const hostUser = await createUser({ password: null });
  expect(statusOf((await act(event.slug, { intent: "add", staff: hostUser.email, agendaItemId: talks.id }, organizer.id)).returned)).toBe(302);

  const home = await homeLoader(routeArgs(await get("/", { userId: hostUser.id, headers: { "Accept-Language": "en" } })));
  expect(home.hostedVisits).toEqual([
    expect.objectContaining({ slug: event.slug, overall: false, meetings: [expect.objectContaining({ id: talks.id, title: "Talks" })] }),
  ]);
  const eventPage = await settle(async () => eventLoader(routeArgs(await get(`/events/${event.slug}`, { userId: hostUser.id }), { slug: event.slug })));
  expect(statusOf(eventPage.returned)).toBe(200);
  const itinerary = await settle(async () => itineraryLoader(routeArgs(await get(`/events/${event.slug}/itinerary`, { userId: hostUser.id }), { slug: event.slug })));
  expect(statusOf(itinerary.returned)).toBe(200);

  // someone else sees none of it
  const stranger = await createUser({ password: null });
  expect((await homeLoader(routeArgs(await get("/", { userId: stranger.id })))).hostedVisits).toEqual([]);
  expect(statusOf((await settle(async () => eventLoader(routeArgs(await get(`/events/${event.slug}`, { userId: stranger.id }), { slug: event.slug })))).thrown)).toBe(404);
});
