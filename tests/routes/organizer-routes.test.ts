import { expect, test } from "vitest";

import { getLatestRelease } from "~/models/agenda.server";
import { action as agendaAction, loader as agendaLoader } from "~/routes/events.$slug.agenda";
import { action as itemAction, loader as itemLoader } from "~/routes/events.$slug.agenda_.$itemId";
import { action as editAction, loader as editLoader } from "~/routes/events.$slug.edit";
import { loader as runSheetLoader } from "~/routes/events.$slug.run-sheet";
import { loader as listLoader } from "~/routes/events._index";
import { action as newAction, loader as newLoader } from "~/routes/events.new";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser, createVenue } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";

type Reply = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> } };
const replyOf = (outcome: unknown) => (outcome as { data: Reply }).data.result;

const newEventFields = (overrides: Record<string, string | string[]> = {}) => ({
  kind: "INTERNAL_CONFERENCE",
  titleZh: "之江实验室2028年度内部大会",
  titleEn: "Zhejiang Lab 2028 Annual Conference",
  startsAt: "2028-01-14T13:30",
  endsAt: "2028-01-14T18:00",
  timeZone: "Asia/Shanghai",
  audience: "ALL_STAFF",
  ...overrides,
});

async function organizedEvent() {
  const organizer = await createUser({ roles: ["organizer", "staff"] });
  const venue = await createVenue([
    { nameZh: "报告厅", nameEn: "Main Auditorium", capacity: 1200 },
    { nameZh: "第一会议室", nameEn: "Meeting Room 1", capacity: 40 },
  ]);
  const event = await createEvent({
    status: "DRAFT",
    venueId: venue.id,
    startsAt: new Date("2028-01-14T13:30:00+08:00"),
    endsAt: new Date("2028-01-14T18:00:00+08:00"),
    organizerIds: [organizer.id],
  });
  return { organizer, venue, event };
}

test("creating an event: staff are refused, organizers get a draft with the kind's template", async () => {
  const staff = await createUser({ roles: ["staff"] });
  expect(statusOf((await settle(async () => newLoader(routeArgs(await get("/events/new", { userId: staff.id }))))).thrown)).toBe(403);
  const refused = await settle(async () => newAction(routeArgs(await post("/events/new", newEventFields(), { userId: staff.id }))));
  expect(statusOf(refused.thrown)).toBe(403);

  const organizer = await createUser({ roles: ["organizer", "staff"] });
  const response = await newAction(routeArgs(await post("/events/new", newEventFields({ kind: "PARTNERSHIP_VISIT" }), { userId: organizer.id })));
  expect(statusOf(response)).toBe(302);
  const location = (response as Response).headers.get("Location")!;
  expect(location).toBe("/events/zhejiang-lab-2028-annual-conference/agenda");
  const event = await prisma.event.findUniqueOrThrow({ where: { slug: "zhejiang-lab-2028-annual-conference" }, include: { agendaItems: { orderBy: { position: "asc" } } } });
  expect(event.status).toBe("DRAFT");
  expect(event.startsAt.toISOString()).toBe("2028-01-14T05:30:00.000Z");
  expect(event.agendaItems.map((item) => item.kind)).toEqual(["ARRIVAL", "TOUR", "MEETING", "CLOSING"]);
});

test("creating an event with bad input is a 400 that keeps what was typed", async () => {
  const organizer = await createUser({ roles: ["organizer"] });
  const before = await prisma.event.count();
  const response = await newAction(
    routeArgs(await post("/events/new", newEventFields({ endsAt: "2028-01-14T12:00", titleEn: "Typed title" }), { userId: organizer.id })),
  );
  expect(statusOf(response)).toBe(400);
  expect(replyOf(response).error?.endsAt).toEqual(["agenda.endBeforeStart"]);
  expect(replyOf(response).initialValue?.titleEn).toBe("Typed title");
  const script = await newAction(routeArgs(await post("/events/new", newEventFields({ kind: "PARTY" }), { userId: organizer.id })));
  expect(statusOf(script)).toBe(400);
  expect(await prisma.event.count()).toBe(before);
});

test("an organizer of one event cannot edit another (403); an unknown event is 404", async () => {
  const { event } = await organizedEvent();
  const { organizer: otherOrganizer } = await organizedEvent();
  const asOther = await settle(async () => editLoader(routeArgs(await get(`/events/${event.slug}/edit`, { userId: otherOrganizer.id }), { slug: event.slug })));
  expect(statusOf(asOther.thrown)).toBe(403);
  const write = await settle(async () =>
    agendaAction(routeArgs(await post(`/events/${event.slug}/agenda`, { intent: "publish" }, { userId: otherOrganizer.id }), { slug: event.slug })),
  );
  expect(statusOf(write.thrown)).toBe(403);
  expect(await prisma.agendaRelease.count({ where: { eventId: event.id } })).toBe(0);
  const unknown = await settle(async () => editLoader(routeArgs(await get("/events/nope/edit", { userId: otherOrganizer.id }), { slug: "nope" })));
  expect(statusOf(unknown.thrown)).toBe(404);
});

test("status: publish, cancel only with a reason, and an impossible move is a 409", async () => {
  const { organizer, event } = await organizedEvent();
  const statusPost = async (fields: Record<string, string>) =>
    settle(async () => editAction(routeArgs(await post(`/events/${event.slug}/edit`, { intent: "status", ...fields }, { userId: organizer.id }), { slug: event.slug })));
  expect(statusOf((await statusPost({ status: "PUBLISHED" })).returned)).toBe(302);
  const noReason = await statusPost({ status: "CANCELLED" });
  expect(statusOf(noReason.returned)).toBe(400);
  expect(replyOf(noReason.returned).error?.cancelReason).toEqual(["event.cancelReasonRequired"]);
  expect(statusOf((await statusPost({ status: "ARCHIVED" })).returned)).toBe(302);
  const back = await statusPost({ status: "PUBLISHED" });
  expect(statusOf(back.returned)).toBe(409);
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).status).toBe("ARCHIVED");
  expect(statusOf((await statusPost({ status: "DELETED" })).returned)).toBe(400);
});

test("editing details: the form is prefilled in the event's zone and saves", async () => {
  const { organizer, event } = await organizedEvent();
  const loaded = await editLoader(routeArgs(await get(`/events/${event.slug}/edit`, { userId: organizer.id }), { slug: event.slug }));
  expect(loaded.defaults.startsAt).toBe("2028-01-14T13:30");
  const department = await createDepartment();
  const fields = newEventFields({ intent: "details", audience: "DEPARTMENTS", audienceDepartmentIds: [department.id], titleEn: "Renamed" });
  const saved = await editAction(routeArgs(await post(`/events/${event.slug}/edit`, fields, { userId: organizer.id }), { slug: event.slug }));
  expect(statusOf(saved)).toBe(302);
  const stored = await prisma.event.findUniqueOrThrow({ where: { id: event.id }, include: { audienceDepartments: true } });
  expect(stored.titleEn).toBe("Renamed");
  expect(stored.audienceDepartments.map((d) => d.departmentId)).toEqual([department.id]);
  const unknownIntent = await settle(async () =>
    editAction(routeArgs(await post(`/events/${event.slug}/edit`, { intent: "explode" }, { userId: organizer.id }), { slug: event.slug })),
  );
  expect(statusOf(unknownIntent.thrown)).toBe(400);
});

test("agenda builder: add, clash warning, bad input, nudge, publish, delete", async () => {
  const { organizer, venue, event } = await organizedEvent();
  const [auditorium] = venue.rooms;
  const agendaPost = async (fields: Record<string, string>) =>
    settle(async () => agendaAction(routeArgs(await post(`/events/${event.slug}/agenda`, fields, { userId: organizer.id }), { slug: event.slug })));
  const item = (titleEn: string, startsAt: string, endsAt: string) => ({
    intent: "create",
    kind: "TALK",
    titleEn,
    startsAt,
    endsAt,
    roomId: auditorium!.id,
  });
  expect(statusOf((await agendaPost(item("Report", "2028-01-14T14:00", "2028-01-14T14:45"))).returned)).toBe(302);
  expect(statusOf((await agendaPost(item("Address", "2028-01-14T14:30", "2028-01-14T15:00"))).returned)).toBe(302);

  const loaded = await agendaLoader(routeArgs(await get(`/events/${event.slug}/agenda`, { userId: organizer.id }), { slug: event.slug }));
  expect(loaded.conflictCount).toBe(1);
  const report = loaded.items.find((i) => i.title === "Report")!;
  expect(report.warnings.join(" ")).toContain("Address");
  expect(report.time).toBe("14:00–14:45");

  const backwards = await agendaPost(item("Backwards", "2028-01-14T15:00", "2028-01-14T14:00"));
  expect(statusOf(backwards.returned)).toBe(400);
  expect(replyOf(backwards.returned).error?.endsAt).toEqual(["agenda.endBeforeStart"]);
  const otherVenue = await createVenue([{ nameZh: "别处", nameEn: "Elsewhere" }]);
  const wrongRoom = await agendaPost({ ...item("Wrong room", "2028-01-14T15:00", "2028-01-14T15:30"), roomId: otherVenue.rooms[0]!.id });
  expect(replyOf(wrongRoom.returned).error?.roomId).toEqual(["agenda.roomUnknown"]);

  const nudged = await agendaPost({ intent: "nudge", itemId: report.id, nudge: "earlier" });
  expect(statusOf(nudged.returned)).toBe(200);
  expect((await prisma.agendaItem.findUniqueOrThrow({ where: { id: report.id } })).startsAt.toISOString()).toBe("2028-01-14T05:55:00.000Z");
  expect(statusOf((await agendaPost({ intent: "nudge", itemId: report.id, nudge: "sideways" })).thrown)).toBe(400);

  const published = await agendaPost({ intent: "publish", note: "第一版" });
  expect((published.returned as Response).headers.get("Location")).toContain("published=1");
  expect((await getLatestRelease(event.id))?.snapshot.items).toHaveLength(2);

  expect(statusOf((await agendaPost({ intent: "delete", itemId: report.id })).returned)).toBe(302);
  expect(await prisma.agendaItem.count({ where: { id: report.id } })).toBe(0);
  expect(statusOf((await agendaPost({ intent: "delete", itemId: report.id })).thrown)).toBe(404);
  expect(statusOf((await agendaPost({ intent: "dance" })).thrown)).toBe(400);
  // Deleting from the draft does not touch what attendees see until the next release.
  expect((await getLatestRelease(event.id))?.snapshot.items).toHaveLength(2);
});

test("item page: speakers by email, external hosts, unknown people refused, another event's item is 404", async () => {
  const { organizer, event } = await organizedEvent();
  const speaker = await createUser({ nameZh: "朱世强", nameEn: "Zhu Shiqiang", employeeNo: "ZJ0001" });
  const item = await prisma.agendaItem.create({
    data: { eventId: event.id, kind: "REPORT", titleZh: "工作报告", titleEn: "Work report", startsAt: event.startsAt, endsAt: new Date(event.startsAt.getTime() + 3600_000) },
  });
  const itemPost = async (fields: Record<string, string>, itemId = item.id, slug = event.slug) =>
    settle(async () => itemAction(routeArgs(await post(`/events/${slug}/agenda/${itemId}`, fields, { userId: organizer.id }), { slug, itemId })));

  expect(statusOf((await itemPost({ intent: "addPerson", role: "SPEAKER", staff: speaker.email })).returned)).toBe(302);
  expect(statusOf((await itemPost({ intent: "addPerson", role: "HOST", staff: "ZJ0001" })).returned)).toBe(302);
  expect(statusOf((await itemPost({ intent: "addPerson", role: "HOST", side: "GUEST", externalNameZh: "吴朝晖", organisation: "浙江大学" })).returned)).toBe(302);
  const unknown = await itemPost({ intent: "addPerson", role: "SPEAKER", staff: "nobody@lab.example" });
  expect(statusOf(unknown.returned)).toBe(400);
  expect(replyOf(unknown.returned).error?.staff).toEqual(["agenda.personUnknown"]);
  const nobody = await itemPost({ intent: "addPerson", role: "SPEAKER" });
  expect(statusOf(nobody.returned)).toBe(400);

  const people = await prisma.agendaPerson.findMany({ where: { agendaItemId: item.id }, orderBy: { position: "asc" } });
  expect(people.map((p) => [p.role, p.userId, p.externalNameZh])).toEqual([
    ["SPEAKER", speaker.id, null],
    ["HOST", speaker.id, null],
    ["HOST", null, "吴朝晖"],
  ]);
  const loaded = await itemLoader(routeArgs(await get(`/events/${event.slug}/agenda/${item.id}`, { userId: organizer.id }), { slug: event.slug, itemId: item.id }));
  expect(loaded.people.map((p) => p.name)).toContain("朱世强");

  expect(statusOf((await itemPost({ intent: "removePerson", personId: people[2]!.id })).returned)).toBe(302);
  expect(await prisma.agendaPerson.count({ where: { agendaItemId: item.id } })).toBe(2);

  const { event: other } = await organizedEvent();
  const foreign = await settle(async () =>
    itemLoader(routeArgs(await get(`/events/${event.slug}/agenda/${item.id}`, { userId: organizer.id }), { slug: other.slug, itemId: item.id })),
  );
  expect(statusOf(foreign.thrown)).toBe(403);
  const missing = await itemPost({ intent: "update", kind: "TALK", titleEn: "x", startsAt: "2028-01-14T13:30", endsAt: "2028-01-14T14:00" }, "no-such-item");
  expect(statusOf(missing.thrown)).toBe(404);
});

test("run sheet: organizers see cue notes; staff are refused", async () => {
  const { organizer, event } = await organizedEvent();
  await prisma.agendaItem.create({
    data: { eventId: event.id, kind: "BADGE_CEREMONY", titleZh: "授牌", titleEn: "Badges", cueNotes: "Music: 《我和我的祖国》", startsAt: event.startsAt, endsAt: event.endsAt },
  });
  const sheet = await runSheetLoader(routeArgs(await get(`/events/${event.slug}/run-sheet`, { userId: organizer.id }), { slug: event.slug }));
  expect(sheet.rows[0]?.cues).toBe("Music: 《我和我的祖国》");
  const staff = await createUser();
  const refused = await settle(async () => runSheetLoader(routeArgs(await get(`/events/${event.slug}/run-sheet`, { userId: staff.id }), { slug: event.slug })));
  expect(statusOf(refused.thrown)).toBe(403);
});

test("event list: filters by kind, month and department, and never shows others' drafts", async () => {
  const staff = await createUser();
  const department = await createDepartment();
  await createEvent({ kind: "AWARD_CEREMONY", titleEn: "Awards night", startsAt: new Date("2030-12-18T14:00:00+08:00"), endsAt: new Date("2030-12-18T16:00:00+08:00") });
  await createEvent({ kind: "INTERNAL_CONFERENCE", titleEn: "Annual meeting", startsAt: new Date("2031-01-15T13:30:00+08:00"), endsAt: new Date("2031-01-15T18:00:00+08:00"), audience: "DEPARTMENTS", audienceDepartmentIds: [department.id] });
  await createEvent({ status: "DRAFT", titleEn: "Secret draft", startsAt: new Date("2030-12-20T14:00:00+08:00") });
  const list = async (query: string, userId = staff.id) => (await listLoader(routeArgs(await get(`/events?${query}`, { userId, headers: { "Accept-Language": "en" } })))).events.map((e) => e.title);

  const all = await list("");
  expect(all).toContain("Awards night");
  expect(all).not.toContain("Secret draft");
  expect(all).not.toContain("Annual meeting");
  expect(await list("kind=AWARD_CEREMONY")).toEqual(expect.arrayContaining(["Awards night"]));
  expect(await list("kind=AWARD_CEREMONY")).not.toContain("Annual meeting");
  const admin = await createUser({ roles: ["admin"] });
  expect(await list("month=2031-01", admin.id)).toEqual(["Annual meeting"]);
  expect(await list(`department=${department.id}`, admin.id)).toEqual(["Annual meeting"]);
  // A stale or hand-made filter is ignored, never a 500.
  expect(await list("kind=PARTY&month=2031-13&when=someday")).toContain("Awards night");
});

test("agenda builder: a drag moves or resizes by any number of five-minute steps, and nothing else", async () => {
  const { organizer, event } = await organizedEvent();
  const item = await prisma.agendaItem.create({
    data: { eventId: event.id, kind: "TALK", titleZh: "讲话", titleEn: "Talk", startsAt: new Date("2028-01-14T06:00:00Z"), endsAt: new Date("2028-01-14T07:00:00Z") },
  });
  const move = async (fields: Record<string, string>) =>
    settle(async () => agendaAction(routeArgs(await post(`/events/${event.slug}/agenda`, { intent: "nudge", itemId: item.id, ...fields }, { userId: organizer.id }), { slug: event.slug })));
  const times = async () => {
    const row = await prisma.agendaItem.findUniqueOrThrow({ where: { id: item.id } });
    return [row.startsAt.toISOString().slice(11, 16), row.endsAt.toISOString().slice(11, 16)];
  };
  expect(statusOf((await move({ shift: "-30", stretch: "0" })).returned)).toBe(200);
  expect(await times()).toEqual(["05:30", "06:30"]);
  expect(statusOf((await move({ shift: "0", stretch: "15" })).returned)).toBe(200);
  expect(await times()).toEqual(["05:30", "06:45"]);
  const refused: Array<Record<string, string>> = [{ shift: "7" }, { shift: "abc" }, { stretch: "99999" }, { shift: "0", stretch: "0" }];
  for (const bad of refused) {
    expect(statusOf((await move(bad)).thrown)).toBe(400);
  }
  const tooShort = await move({ stretch: "-75" });
  expect(statusOf(tooShort.returned)).toBe(400);
  expect(await times()).toEqual(["05:30", "06:45"]);
  expect(await prisma.auditLog.count({ where: { entityId: item.id, action: "agenda.item.move" } })).toBe(2);
});
