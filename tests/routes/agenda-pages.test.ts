import { expect, test } from "vitest";

import { createEvent, createUser, createVenue } from "../factories";
import { get, routeArgs, settle, statusOf } from "../request";
import { addAgendaPerson, createAgendaItem, publishAgenda, updateAgendaItem, type AgendaItemInput } from "~/models/agenda.server";
import { loader as changelogLoader } from "~/routes/events.$slug.changelog";
import { loader as eventLoader } from "~/routes/events.$slug._index";
import { loader as nowLoader } from "~/routes/events.$slug.now";
import { agendaFormatter, parseInstant, toAgendaRow } from "~/utils/agenda-display";

const DAY = "2027-03-10"; // a Wednesday

function itemInput(overrides: Partial<AgendaItemInput>): AgendaItemInput {
  return {
    kind: "TALK",
    titleZh: "",
    titleEn: "",
    notesZh: "",
    notesEn: "",
    cueNotes: "",
    startsAt: `${DAY}T09:00`,
    endsAt: `${DAY}T09:30`,
    roomId: null,
    ...overrides,
  };
}

/** A one-morning conference in Hangzhou: opening and a talk in two rooms, then a tea break with no room. */
async function conference(options: { status?: "DRAFT" | "PUBLISHED" } = {}) {
  const organizer = await createUser({ locale: "en", nameZh: "李组织", nameEn: "Li Zuzhi", titleZh: "主任", titleEn: "Director" });
  const staff = await createUser({ locale: "en" });
  const venue = await createVenue([
    { nameZh: "报告厅", nameEn: "Main Auditorium" },
    { nameZh: "第一会议室", nameEn: "Meeting Room 1" },
  ]);
  const [auditorium, room1] = venue.rooms;
  const event = await createEvent({
    status: options.status ?? "PUBLISHED",
    titleZh: "春季学术会",
    titleEn: "Spring Meeting",
    venueId: venue.id,
    startsAt: new Date(`${DAY}T09:00:00+08:00`),
    endsAt: new Date(`${DAY}T12:00:00+08:00`),
    organizerIds: [organizer.id],
  });
  const add = async (input: Partial<AgendaItemInput>) => {
    const outcome = await createAgendaItem(organizer.id, event.id, itemInput(input));
    if (!outcome.ok) throw new Error(`could not create item: ${JSON.stringify(outcome.fieldErrors)}`);
    return outcome.itemId;
  };
  const opening = { kind: "OPENING", titleZh: "开幕", titleEn: "Opening", roomId: auditorium!.id, cueNotes: "Mic #1 stage left" } as const;
  const openingId = await add(opening);
  const talk = {
    kind: "TALK",
    titleZh: "报告一",
    titleEn: "Talk one",
    startsAt: `${DAY}T09:30`,
    endsAt: `${DAY}T10:30`,
    roomId: room1!.id,
    notesEn: "Slides online afterwards.",
  } as const;
  const talkId = await add(talk);
  const tea = { kind: "BREAK", titleZh: "茶歇", titleEn: "", startsAt: `${DAY}T10:30`, endsAt: `${DAY}T11:00` } as const;
  const teaId = await add(tea);
  const person = await addAgendaPerson(organizer.id, event.id, openingId, {
    role: "HOST",
    side: "LAB",
    userId: organizer.id,
    externalNameZh: "",
    externalNameEn: "",
    organisation: "",
    title: "",
  });
  expect(person.ok).toBe(true);
  return { organizer, staff, event, auditorium: auditorium!, room1: room1!, items: { opening, talk, tea }, ids: { openingId, talkId, teaId } };
}

async function loadEvent(slug: string, userId: string, query = "") {
  return eventLoader(routeArgs(await get(`/events/${slug}${query}`, { userId }), { slug }));
}
async function loadChangelog(slug: string, userId: string) {
  return changelogLoader(routeArgs(await get(`/events/${slug}/changelog`, { userId }), { slug }));
}
async function loadNow(slug: string, userId: string, at?: string) {
  const query = at === undefined ? "" : `?at=${encodeURIComponent(at)}`;
  return nowLoader(routeArgs(await get(`/events/${slug}/now${query}`, { userId }), { slug }));
}

test("event page: attendees see the latest release, not draft edits made after publishing", async () => {
  const { organizer, staff, event, items, ids } = await conference();
  await publishAgenda(organizer.id, event.id, "First programme");
  const edit = await updateAgendaItem(organizer.id, event.id, ids.openingId, itemInput({ ...items.opening, titleEn: "Welcome (draft)" }));
  expect(edit.ok).toBe(true);

  const page = await loadEvent(event.slug, staff.id);
  expect(page.agenda.view).toBe("day");
  expect(page.agenda.release).toMatchObject({ sequence: 1, note: "First programme" });
  expect(page.agenda.sections).toHaveLength(1);
  const [day] = page.agenda.sections;
  expect(day!.heading).toBe("Wed 10 March");
  expect(day!.items.map((row) => row.title)).toEqual(["Opening", "Talk one", "茶歇"]);
  expect(day!.items[0]).toMatchObject({
    kindLabel: "Opening",
    room: { name: "Main Auditorium" },
    time: { label: "09:00–09:30", start: `${DAY}T09:00:00+08:00`, end: `${DAY}T09:30:00+08:00` },
    people: [{ roleLabel: "Host", name: "Li Zuzhi", detail: "Director" }],
  });
  // A title only given in Chinese falls back to it, marked so that it is read and shaped as Chinese.
  expect(day!.items[2]).toMatchObject({ title: "茶歇", titleLang: "zh-CN", room: null });
  expect(day!.items[1]!.notes).toBe("Slides online afterwards.");
  // Cue notes are for organizers: they never reach an attendee page.
  expect(JSON.stringify(page)).not.toContain("Mic #1");
});

test("event page: the agenda is in the reader's language and the event's zone", async () => {
  const { organizer, event } = await conference();
  await publishAgenda(organizer.id, event.id, "");
  const reader = await createUser({ locale: "zh-CN" });
  const page = await loadEvent(event.slug, reader.id);
  const [day] = page.agenda.sections;
  expect(day!.heading).toBe("3月10日 周三");
  expect(day!.items[0]).toMatchObject({ title: "开幕", kindLabel: "开幕", room: { name: "报告厅" }, time: { label: "09:00–09:30" } });
  expect(day!.items[0]!.people[0]).toMatchObject({ roleLabel: "主持", detail: "主任" });
  expect(page.agenda.release?.note).toBeNull();
});

test("event page: ?view=room groups the items by room, with the roomless ones last", async () => {
  const { organizer, staff, event } = await conference();
  await publishAgenda(organizer.id, event.id, "");
  const page = await loadEvent(event.slug, staff.id, "?view=room");
  expect(page.agenda.view).toBe("room");
  expect(page.agenda.sections.map((section) => [section.heading, section.items.map((row) => row.title)])).toEqual([
    ["Main Auditorium", ["Opening"]],
    ["Meeting Room 1", ["Talk one"]],
    ["No room", ["茶歇"]],
  ]);
  // Anything else is the day view.
  expect((await loadEvent(event.slug, staff.id, "?view=nonsense")).agenda.view).toBe("day");
});

test("event page: with no release there is no agenda, and the page says so", async () => {
  const { staff, event } = await conference();
  const page = await loadEvent(event.slug, staff.id);
  expect(page.agenda.release).toBeNull();
  expect(page.agenda.sections).toEqual([]);
});

test("event page: organizers get the manage links, ordinary staff do not", async () => {
  const { organizer, staff, event } = await conference();
  expect((await loadEvent(event.slug, organizer.id)).canManage).toBe(true);
  expect((await loadEvent(event.slug, staff.id)).canManage).toBe(false);
  // An organizer of another event is not an organizer of this one.
  const other = await createUser();
  await createEvent({ organizerIds: [other.id] });
  expect((await loadEvent(event.slug, other.id)).canManage).toBe(false);
});

test("changelog: lists each release newest first, with moves and renames against the one before", async () => {
  const { organizer, staff, event, items, ids, auditorium } = await conference();
  await publishAgenda(organizer.id, event.id, "");
  expect((await loadChangelog(event.slug, staff.id)).releases).toHaveLength(1);

  await updateAgendaItem(organizer.id, event.id, ids.talkId, itemInput({ ...items.talk, startsAt: `${DAY}T09:45`, endsAt: `${DAY}T10:30`, roomId: auditorium.id }));
  await updateAgendaItem(organizer.id, event.id, ids.openingId, itemInput({ ...items.opening, titleEn: "Welcome" }));
  await publishAgenda(organizer.id, event.id, "Talk moved to the auditorium");

  const page = await loadChangelog(event.slug, staff.id);
  expect(page.releases.map((release) => release.sequence)).toEqual([2, 1]);
  // All on one day, so the page leaves the day out of each line.
  expect(page.multiDay).toBe(false);
  const [second, first] = page.releases;
  expect(second).toMatchObject({ note: "Talk moved to the auditorium", publishedBy: "Li Zuzhi" });
  expect(second!.changes.map((change) => change.kind).sort()).toEqual(["MOVED", "RENAMED"]);
  const moved = second!.changes.find((change) => change.kind === "MOVED")!;
  expect(moved).toMatchObject({
    title: "Talk one",
    kindLabel: "Moved",
    time: { label: "09:45–10:30", dayHeading: "Wed 10 March" },
    room: "Main Auditorium",
    before: { time: { label: "09:30–10:30" }, room: "Meeting Room 1" },
  });
  const renamed = second!.changes.find((change) => change.kind === "RENAMED")!;
  expect(renamed).toMatchObject({ title: "Welcome", before: { title: "Opening" } });
  // The first release lists everything it brought as added.
  expect(first!.changes.map((change) => [change.kind, change.title])).toEqual([
    ["ADDED", "Opening"],
    ["ADDED", "Talk one"],
    ["ADDED", "茶歇"],
  ]);
  expect(first!.changes[2]!.room).toBe("No room");
});

test("changelog: no releases yet is an empty list", async () => {
  const { staff, event } = await conference();
  expect((await loadChangelog(event.slug, staff.id)).releases).toEqual([]);
});

test("now: an instant inside an item shows it as now and the following one as next", async () => {
  const { organizer, staff, event } = await conference();
  await publishAgenda(organizer.id, event.id, "");
  const during = await loadNow(event.slug, staff.id, `${DAY}T10:00:00+08:00`);
  expect(during.published).toBe(true);
  expect(during.now.map((row) => row.title)).toEqual(["Talk one"]);
  expect(during.next.map((row) => row.title)).toEqual(["茶歇"]);
  expect(during).toMatchObject({ started: true, finished: false });
  expect(during.clock).toMatchObject({ label: "10:00", iso: `${DAY}T10:00:00+08:00` });
  expect(during.now[0]).toMatchObject({ room: { name: "Meeting Room 1" }, time: { label: "09:30–10:30" } });

  // At the boundary the next item has begun: items hand over end-to-start.
  const boundary = await loadNow(event.slug, staff.id, `${DAY}T01:30:00Z`);
  expect(boundary.now.map((row) => row.title)).toEqual(["Talk one"]);
});

test("now: before the first item only the next one shows; after the last the programme is finished", async () => {
  const { organizer, staff, event } = await conference();
  await publishAgenda(organizer.id, event.id, "");
  const before = await loadNow(event.slug, staff.id, `${DAY}T08:00:00+08:00`);
  expect(before).toMatchObject({ now: [], started: false, finished: false });
  expect(before.next.map((row) => row.title)).toEqual(["Opening"]);

  const after = await loadNow(event.slug, staff.id, `${DAY}T11:00:00+08:00`);
  expect(after).toMatchObject({ now: [], next: [], started: true, finished: true });
});

test("now: without a release nothing is on, and nothing is claimed to be finished", async () => {
  const { staff, event } = await conference();
  const page = await loadNow(event.slug, staff.id, `${DAY}T10:00:00+08:00`);
  expect(page).toMatchObject({ published: false, now: [], next: [], finished: false });
});

test("now: a malformed ?at= is a 400", async () => {
  const { staff, event } = await conference();
  for (const at of ["tomorrow", "2027-03-10T10:00", "2027-02-30T10:00:00+08:00", "2027-03-10"]) {
    const { thrown } = await settle(() => loadNow(event.slug, staff.id, at));
    expect(statusOf(thrown), at).toBe(400);
  }
});

test("now: ?at= accepts an offset whose + arrived as a space, as it does when typed unencoded into a URL", async () => {
  expect(parseInstant(`${DAY}T10:00:00 08:00`)?.toISOString()).toBe(`${DAY}T02:00:00.000Z`);
  expect(parseInstant(`${DAY}T10:00:00Z`)?.toISOString()).toBe(`${DAY}T10:00:00.000Z`);
  expect(parseInstant(null)).toBeUndefined();
  expect(parseInstant("")).toBeUndefined();
});

test("a draft event's changelog and lobby screen are 404 for ordinary staff, and open to its organizer", async () => {
  const { organizer, staff, event } = await conference({ status: "DRAFT" });
  for (const load of [() => loadChangelog(event.slug, staff.id), () => loadNow(event.slug, staff.id)] as Array<() => Promise<unknown>>) {
    const { thrown } = await settle(load);
    expect(statusOf(thrown)).toBe(404);
    expect((thrown as { data: unknown }).data).toEqual({ messageKey: "event.notFound" });
  }
  expect((await loadChangelog(event.slug, organizer.id)).releases).toEqual([]);
  expect((await loadNow(event.slug, organizer.id)).published).toBe(false);
});

test("the agenda pages send a signed-out visitor to sign in", async () => {
  const { event } = await conference();
  const changelog = await settle(async () => changelogLoader(routeArgs(await get(`/events/${event.slug}/changelog`), { slug: event.slug })));
  expect(statusOf(changelog.thrown)).toBe(302);
  const lobby = await settle(async () => nowLoader(routeArgs(await get(`/events/${event.slug}/now`), { slug: event.slug })));
  expect(statusOf(lobby.thrown)).toBe(302);
});

test("display rows: speakers come before hosts and participants, and a staff title comes in one language", () => {
  const person = (role: string, nameEn: string, title: string, userId: string | null = "u") =>
    ({ role, side: "LAB", nameZh: nameEn, nameEn, title, organisation: "", userId });
  const row = toAgendaRow(agendaFormatter("en", "Asia/Shanghai"), {
    id: "i1",
    kind: "AWARD_SEGMENT",
    titleZh: "颁奖",
    titleEn: "Awards",
    notesZh: "",
    notesEn: "",
    startsAt: "2027-01-15T07:15:00.000Z",
    endsAt: "2027-01-15T16:30:00.000Z",
    room: null,
    people: [
      person("PARTICIPANT", "Zhu", "主任 / Director"),
      person("HOST", "Yuan", "副主任"),
      person("SPEAKER", "Zhao", "党委副书记 / Deputy Secretary"),
      person("SPEAKER", "Guest", "Professor / Dean", null),
    ],
  });
  expect(row.people.map((p) => [p.roleLabel, p.name, p.detail])).toEqual([
    ["Speaker", "Zhao", "Deputy Secretary"],
    ["Speaker", "Guest", "Professor / Dean"],
    ["Host", "Yuan", "副主任"],
    ["Participant", "Zhu", "Director"],
  ]);
  // An item running past midnight names the day it ends on.
  expect(row.time.label).toBe("15:15–Sat 16 January 00:30");
  expect(row.notes).toBeNull();
});
