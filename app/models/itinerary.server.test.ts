import { expect, test } from "vitest";

import { addAgendaPerson, createAgendaItem, publishAgenda, updateAgendaItem, type AgendaItemInput } from "~/models/agenda.server";
import { bilingualItinerary, canReadStaffItinerary, loadItinerary, localizeItinerary } from "~/models/itinerary.server";
import { prisma } from "~/utils/db.server";
import { sessionUserSelect, type SessionUser } from "~/utils/session.server";

import { createEvent, createUser, createVenue } from "../../tests/factories";

const DAY = "2026-12-08";

async function sessionUser(id: string) {
  return prisma.user.findUniqueOrThrow({ where: { id }, select: sessionUserSelect }) as Promise<SessionUser>;
}

const item = (overrides: Partial<AgendaItemInput>): AgendaItemInput => ({
  kind: "MEETING",
  titleZh: "座谈",
  titleEn: "Talks",
  notesZh: "",
  notesEn: "",
  cueNotes: "",
  startsAt: `${DAY}T15:30`,
  endsAt: `${DAY}T17:10`,
  roomId: null,
  ...overrides,
});

/** The visit of the seed in small: two items, hosts on both levels, a delegation of two with needs and contacts. */
async function visit(timeZone = "Asia/Shanghai") {
  const organizer = await createUser();
  const director = await createUser({ nameZh: "朱世强", nameEn: "Zhu Shiqiang", titleZh: "主任", titleEn: "Director", email: `zhu-${Date.now()}@lab.example` });
  await prisma.staffProfile.update({ where: { userId: director.id }, data: { phone: "+86 571 5800 0001" } });
  const guide = await createUser({ nameZh: "陈晓", nameEn: "Chen Xiao", titleZh: "部长", titleEn: "Head, Science and Technology Cooperation" });
  const venue = await createVenue([
    { nameZh: "贵宾接待室", nameEn: "VIP Reception Room" },
    { nameZh: "第一会议室", nameEn: "Meeting Room 1" },
  ]);
  const event = await createEvent({
    kind: "PARTNERSHIP_VISIT",
    audience: "INVITE_ONLY",
    titleZh: "浙江大学校长一行来访",
    titleEn: "Visit of the President of Zhejiang University",
    timeZone,
    startsAt: new Date(`${DAY}T14:00:00+08:00`),
    endsAt: new Date(`${DAY}T17:30:00+08:00`),
    venueId: venue.id,
    organizerIds: [organizer.id],
  });
  const president = await createUser({ kind: "GUEST", password: null, nameZh: "吴朝晖", nameEn: "Wu Zhaohui" });
  const dean = await createUser({ kind: "GUEST", password: null, nameZh: "邵明辉", nameEn: "Shao Minghui" });
  await prisma.delegation.create({
    data: {
      eventId: event.id,
      organisationZh: "浙江大学",
      organisationEn: "Zhejiang University",
      members: {
        create: [
          // entered out of order: precedence decides
          { userId: dean.id, nameZh: "邵明辉", nameEn: "Shao Minghui", titleZh: "信息与电子工程学院院长", titleEn: "Dean", precedence: 2, dietaryNeeds: "清真 / Halal", email: "shao@zju.example", phone: "+86 139 0000 0002" },
          { userId: president.id, nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President", precedence: 1, isLeader: true, interpreterNeeds: "English–Chinese", email: "wu@zju.example", phone: "+86 139 0000 0001" },
        ],
      },
    },
  });
  // timeZone matters for how the form's wall clock is read: the items are given in the event's own zone
  const arrival = await createAgendaItem(organizer.id, event.id, item({ kind: "ARRIVAL", titleZh: "抵达与会见", titleEn: "Arrival and welcome", startsAt: `${DAY}T14:00`, endsAt: `${DAY}T14:20`, roomId: venue.rooms.find((r) => r.nameEn === "VIP Reception Room")!.id, cueNotes: "车辆停北门" }));
  const talks = await createAgendaItem(organizer.id, event.id, item({ notesZh: "议题：人才双聘", notesEn: "Agenda: joint appointments", roomId: venue.rooms.find((r) => r.nameEn === "Meeting Room 1")!.id }));
  if (!arrival.ok || !talks.ok) throw new Error("items not created");
  const person = (userId: string, role: "HOST" | "SPEAKER" | "PARTICIPANT", side: "LAB" | "GUEST") => ({ role, side, userId, externalNameZh: "", externalNameEn: "", organisation: "", title: "" });
  for (const [itemId, userId, role, side] of [
    [arrival.itemId, director.id, "HOST", "LAB"],
    [arrival.itemId, president.id, "PARTICIPANT", "GUEST"],
    [talks.itemId, president.id, "SPEAKER", "GUEST"],
  ] as const) {
    const added = await addAgendaPerson(organizer.id, event.id, itemId, person(userId, role, side));
    if (!added.ok) throw new Error(`person not added: ${JSON.stringify(added)}`);
  }
  // the overall host, and the talks' host named only on the visit
  await prisma.visitHost.createMany({ data: [{ eventId: event.id, userId: director.id }, { eventId: event.id, userId: guide.id, agendaItemId: talks.itemId }] });
  return { organizer, director, guide, event, arrivalId: arrival.itemId, talksId: talks.itemId };
}

test("before any release the guests see the current items, in the event's zone, with both sides and the hosts", async () => {
  const { event } = await visit();
  const model = await loadItinerary(event.id, "guest");
  expect(model!.source).toEqual({ kind: "current" });
  const [zh, en] = bilingualItinerary(model!);
  expect(zh!.locale).toBe("zh-CN");
  expect(en!.locale).toBe("en");
  expect(zh!.title).toBe("浙江大学校长一行来访");
  expect(zh!.source).toBe("当前安排（尚未发布）");
  expect(zh!.hosts.map((host) => [host.name, host.detail])).toEqual([["朱世强", "主任"]]);
  expect(zh!.days).toHaveLength(1);
  const [arrival, talks] = zh!.days[0]!.items;
  expect([arrival!.startLabel, arrival!.endLabel, arrival!.title, arrival!.room, arrival!.kind]).toEqual(["14:00", "14:20", "抵达与会见", "贵宾接待室", "抵达"]);
  expect(arrival!.start).toBe(`${DAY}T14:00:00+08:00`);
  expect(arrival!.lab.map((p) => [p.name, p.detail, p.role])).toEqual([["朱世强", "主任", "主持"]]);
  // a guest's title comes from the delegation: guest accounts have no staff profile
  expect(arrival!.guests.map((p) => [p.name, p.detail])).toEqual([["吴朝晖", "校长"]]);
  // the talks' host is named on the visit only, and shows on the host side
  expect(talks!.lab.map((p) => [p.name, p.role])).toEqual([["陈晓", "主持"]]);
  expect(talks!.guests.map((p) => [p.name, p.role])).toEqual([["吴朝晖", "主讲"]]);
  expect(talks!.notes).toBe("议题：人才双聘");
  const enTalks = en!.days[0]!.items[1]!;
  expect([enTalks.title, enTalks.room, enTalks.notes]).toEqual(["Talks", "Meeting Room 1", "Agenda: joint appointments"]);
  expect(enTalks.guests[0]).toMatchObject({ name: "Wu Zhaohui", detail: "President", role: "Speaker" });
  expect(en!.days[0]!.heading).toBe("Tue 8 December");
  expect(zh!.days[0]!.heading).toBe("12月8日 周二");
});

test("once published, the release is what the guests see; later edits wait for the next release", async () => {
  const { organizer, event, talksId } = await visit();
  await publishAgenda(organizer.id, event.id, "");
  await updateAgendaItem(organizer.id, event.id, talksId, item({ titleZh: "改期后的座谈", titleEn: "Moved talks", startsAt: `${DAY}T16:00`, endsAt: `${DAY}T17:20` }));
  const published = await loadItinerary(event.id, "guest");
  expect(published!.source).toMatchObject({ kind: "release", sequence: 1 });
  const zh = localizeItinerary(published!, "zh-CN");
  expect(zh.source).toMatch(/^第 1 版，发布于 2026年/);
  expect(zh.days[0]!.items.map((i) => [i.startLabel, i.title])).toEqual([
    ["14:00", "抵达与会见"],
    ["15:30", "座谈"],
  ]);
  // the release froze staff titles as "zh / en" and delegation members with none: both come out in one language
  const en = localizeItinerary(published!, "en");
  expect(en.days[0]!.items[0]!.lab[0]).toMatchObject({ name: "Zhu Shiqiang", detail: "Director" });
  expect(en.days[0]!.items[0]!.guests[0]).toMatchObject({ name: "Wu Zhaohui", detail: "President" });
  await publishAgenda(organizer.id, event.id, "");
  const republished = localizeItinerary((await loadItinerary(event.id, "guest"))!, "en");
  expect(republished.days[0]!.items.map((i) => [i.startLabel, i.title])).toEqual([
    ["14:00", "Arrival and welcome"],
    ["16:00", "Moved talks"],
  ]);
});

test("the guest copy holds names and titles only; the staff copy adds needs; neither holds contacts or cue notes", async () => {
  const { event, director } = await visit();
  const guest = await loadItinerary(event.id, "guest");
  const staff = await loadItinerary(event.id, "staff");
  const guestTexts = bilingualItinerary(guest!);
  const staffTexts = bilingualItinerary(staff!);
  expect(guestTexts[0]!.members.map((m) => [m.precedence, m.name, m.title, m.leader, m.dietary, m.interpreter])).toEqual([
    [1, "吴朝晖", "校长", true, null, null],
    [2, "邵明辉", "信息与电子工程学院院长", false, null, null],
  ]);
  expect(staffTexts[1]!.members.map((m) => [m.name, m.dietary, m.interpreter])).toEqual([
    ["Wu Zhaohui", null, "English–Chinese"],
    ["Shao Minghui", "清真 / Halal", null],
  ]);
  for (const shown of [JSON.stringify(guest), JSON.stringify(guestTexts)]) {
    expect(shown).not.toContain("Halal");
    expect(shown).not.toContain("English–Chinese");
  }
  for (const shown of [JSON.stringify(guest), JSON.stringify(guestTexts), JSON.stringify(staff), JSON.stringify(staffTexts)]) {
    expect(shown).not.toContain("@zju.example");
    expect(shown).not.toContain("+86");
    expect(shown).not.toContain(director.email);
    expect(shown).not.toContain("车辆停北门");
  }
});

test("times follow the event's zone, not the server's", async () => {
  const { event } = await visit("Europe/Berlin");
  const en = localizeItinerary((await loadItinerary(event.id, "guest"))!, "en");
  // the items were entered as 14:00 Berlin wall-clock time
  expect(en.days[0]!.items[0]).toMatchObject({ startLabel: "14:00", start: `${DAY}T14:00:00+01:00` });
  expect(en.when).toContain("CET");
});

test("a visit over two days has a section per day, in order, each headed in both languages", async () => {
  const { organizer, event } = await visit();
  const farewell = await createAgendaItem(organizer.id, event.id, item({ kind: "DEPARTURE", titleZh: "离开", titleEn: "Departure", startsAt: "2026-12-09T09:00", endsAt: "2026-12-09T09:30" }));
  expect(farewell.ok).toBe(true);
  const [zh, en] = bilingualItinerary((await loadItinerary(event.id, "guest"))!);
  expect(zh!.days.map((day) => [day.key, day.heading, day.items.map((i) => i.title)])).toEqual([
    ["2026-12-08", "12月8日 周二", ["抵达与会见", "座谈"]],
    ["2026-12-09", "12月9日 周三", ["离开"]],
  ]);
  expect(en!.days.map((day) => day.heading)).toEqual(["Tue 8 December", "Wed 9 December"]);
});

test("only a visit has an itinerary", async () => {
  const conference = await createEvent();
  expect(await loadItinerary(conference.id, "staff")).toBeNull();
  expect(await loadItinerary("no-such-event", "guest")).toBeNull();
});

test("the staff copy is for the visit's organizers, admins and hosts; not plain staff, guests or other organizers", async () => {
  const { organizer, director, guide, event } = await visit();
  const admin = await createUser({ roles: ["admin"] });
  const staff = await createUser();
  const otherOrganizer = await createUser({ roles: ["staff", "organizer"] });
  await createEvent({ kind: "PARTNERSHIP_VISIT", organizerIds: [otherOrganizer.id] });
  const guest = await createUser({ kind: "GUEST", password: null });
  const can = async (id: string) => canReadStaffItinerary(await sessionUser(id), event.id);
  expect(await can(organizer.id)).toBe(true);
  expect(await can(admin.id)).toBe(true);
  expect(await can(director.id)).toBe(true);
  expect(await can(guide.id)).toBe(true);
  expect(await can(staff.id)).toBe(false);
  expect(await can(otherOrganizer.id)).toBe(false);
  expect(await can(guest.id)).toBe(false);
});
