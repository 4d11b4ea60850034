import { expect, test } from "vitest";

import { badgePayload, getOrIssueBadge, revokeAndReissue } from "~/models/badge.server";
import { ceremonyList, markPresented, moveInCallingOrder, numberCallingOrder, unmarkPresented } from "~/models/ceremony.server";
import { decide, undoCheckIn } from "~/models/checkin.server";
import { action, loader } from "~/routes/events.$slug.ceremony";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../../tests/factories";
import { get, post, routeArgs, settle, statusOf } from "../../tests/request";

let stemCounter = 0;

/** Two departments whose codes sort A before B, unique within this test database. */
async function departments() {
  const stem = `CER${stemCounter++}`;
  return { a: await createDepartment({ code: `${stem}-A`, nameZh: "甲部门", nameEn: "Department A" }), b: await createDepartment({ code: `${stem}-B`, nameZh: "乙部门", nameEn: "Department B" }) };
}

type Person = { nameZh: string; pinyin: string | null; departmentId?: string | null; batch?: string | null; callingOrder?: number | null };

/** A confirmed registrant with their issued badge; a batch makes them a new hire. */
async function registrant(eventId: string, person: Person) {
  const user = await createUser({
    nameZh: person.nameZh,
    nameEn: person.pinyin ?? `Nameless ${person.nameZh}`,
    pinyin: person.pinyin,
    departmentId: person.departmentId ?? null,
    recruitmentBatch: person.batch === undefined ? "2019-4" : person.batch,
  });
  await prisma.registration.create({ data: { eventId, userId: user.id, status: "CONFIRMED" } });
  const badge = await getOrIssueBadge(eventId, user.id);
  if (!badge) throw new Error("a confirmed registrant must get a badge");
  if (person.callingOrder != null) await prisma.badge.update({ where: { id: badge.id }, data: { callingOrder: person.callingOrder } });
  return { user, badge };
}

/** An event with an organizer, a door volunteer and seven people: five new hires in two departments, one without, one staff. */
async function ceremony() {
  const { a, b } = await departments();
  const organizer = await createUser({ roles: ["organizer", "staff"] });
  const door = await createUser();
  const event = await createEvent({ organizerIds: [organizer.id], checkinStaffIds: [door.id] });
  const people = {
    anBo: await registrant(event.id, { nameZh: "安博", pinyin: "An Bo", departmentId: b.id, batch: "2019-5", callingOrder: 2 }),
    zhangWei: await registrant(event.id, { nameZh: "张伟", pinyin: "Zhang Wei", departmentId: a.id, batch: "2019-5", callingOrder: 1 }),
    chenLi: await registrant(event.id, { nameZh: "陈丽", pinyin: "Chen Li", departmentId: b.id, batch: "2019-4" }),
    zhouMin: await registrant(event.id, { nameZh: "周敏", pinyin: "Zhou Min", departmentId: a.id, batch: "2019-4" }),
    baiXue: await registrant(event.id, { nameZh: "白雪", pinyin: "bai xue", departmentId: a.id, batch: "2019-5" }),
    // no department and no pinyin: sorted by English name, after every department
    wuHao: await registrant(event.id, { nameZh: "吴昊", pinyin: null, departmentId: null, batch: "2019-4" }),
    staff: await registrant(event.id, { nameZh: "老员工", pinyin: "Lao Yuangong", departmentId: a.id, batch: null }),
  };
  return { event, organizer, door, departments: { a, b }, people };
}

const orderOf = async (eventId: string) => (await ceremonyList(eventId)).rows.map((row) => `${row.callingOrder ?? "-"} ${row.nameZh}`);

test("the list: calling order first, the unnumbered after by department then pinyin; new hires only; revoked badges out, successors in with their number", async () => {
  const { event, door, people } = await ceremony();
  expect(people.staff.badge.ribbon).toBe("STAFF");
  expect(await orderOf(event.id)).toEqual(["1 张伟", "2 安博", "- 白雪", "- 周敏", "- 陈丽", "- 吴昊"]);

  // An Bo checks in at the door, then loses the badge: the reissued one keeps number 2 and he stays checked in.
  expect(await decide({ eventId: event.id, payload: badgePayload(people.anBo.badge.token), scannedById: door.id })).toMatchObject({ outcome: "CHECKED_IN" });
  const successor = await revokeAndReissue(door.id, event.id, people.anBo.badge.id, "lost");
  // An undone check-in does not count.
  const zhou = await decide({ eventId: event.id, payload: badgePayload(people.zhouMin.badge.token), scannedById: door.id });
  if (zhou.outcome !== "CHECKED_IN") throw new Error("expected a check-in");
  await undoCheckIn(door.id, event.id, zhou.checkInId);
  await decide({ eventId: event.id, payload: badgePayload(people.chenLi.badge.token), scannedById: door.id });

  const list = await ceremonyList(event.id);
  expect(list.rows.map((row) => row.badgeId)).not.toContain(people.anBo.badge.id);
  expect(list.rows[1]).toMatchObject({ badgeId: successor!.id, callingOrder: 2, nameZh: "安博", checkedIn: true });
  expect(Object.fromEntries(list.rows.map((row) => [row.nameZh, row.checkedIn]))).toEqual({ 张伟: false, 安博: true, 白雪: false, 周敏: false, 陈丽: true, 吴昊: false });
  expect(list).toMatchObject({ total: 6, presented: 0, next: { nameZh: "张伟" } });
  expect(list.rows[5]).toMatchObject({ nameZh: "吴昊", department: null, batch: "2019-4" });
  expect(list.departments.map((d) => d.nameEn)).toEqual(["Department A", "Department B"]);
});

test("filters: a department narrows the rows but not the progress; hiding the presented keeps the rest in order", async () => {
  const { event, organizer, departments: { a }, people } = await ceremony();
  await markPresented(organizer.id, event.id, people.zhangWei.badge.id);
  await markPresented(organizer.id, event.id, people.zhouMin.badge.id);

  const inA = await ceremonyList(event.id, { department: a.id });
  expect(inA.rows.map((row) => row.nameZh)).toEqual(["张伟", "白雪", "周敏"]);
  expect(inA).toMatchObject({ total: 6, presented: 2, departmentTotal: 3, departmentPresented: 2, next: { nameZh: "安博" } });
  expect((await ceremonyList(event.id, { department: a.id, hidePresented: true })).rows.map((row) => row.nameZh)).toEqual(["白雪"]);
  expect((await ceremonyList(event.id, { hidePresented: true })).rows.map((row) => row.nameZh)).toEqual(["安博", "白雪", "陈丽", "吴昊"]);
  expect((await ceremonyList(event.id, { department: "no-such-department" })).rows).toEqual([]);
});

test("presented: the first time is kept, a second mark says when, undo clears it; each change is audited once", async () => {
  const { event, organizer, people } = await ceremony();
  const first = new Date("2027-01-16T02:05:00Z");
  const id = people.zhangWei.badge.id;
  expect(await markPresented(organizer.id, event.id, id, first)).toMatchObject({ outcome: "PRESENTED", presentedAt: first, person: { nameZh: "张伟" } });
  expect((await ceremonyList(event.id)).next?.nameZh).toBe("安博");
  const again = await markPresented(organizer.id, event.id, id, new Date("2027-01-16T02:09:00Z"));
  expect(again).toMatchObject({ outcome: "ALREADY", presentedAt: first });
  expect((await prisma.badge.findUniqueOrThrow({ where: { id } })).presentedAt).toEqual(first);
  expect(await prisma.auditLog.count({ where: { action: "badge.present", entityId: id, actorId: organizer.id, eventId: event.id } })).toBe(1);

  expect(await unmarkPresented(organizer.id, event.id, id)).toMatchObject({ outcome: "UNPRESENTED" });
  expect(await unmarkPresented(organizer.id, event.id, id)).toMatchObject({ outcome: "NOT_PRESENTED" });
  expect((await prisma.badge.findUniqueOrThrow({ where: { id } })).presentedAt).toBeNull();
  expect(await prisma.auditLog.count({ where: { action: "badge.unpresent", entityId: id } })).toBe(1);
  expect((await ceremonyList(event.id)).next?.nameZh).toBe("张伟");
});

test("two devices marking the same person at once record one time and one audit entry", async () => {
  const { event, organizer, people } = await ceremony();
  const id = people.baiXue.badge.id;
  const results = await Promise.all([markPresented(organizer.id, event.id, id, new Date("2027-01-16T02:00:00Z")), markPresented(organizer.id, event.id, id, new Date("2027-01-16T02:00:01Z"))]);
  expect(results.map((r) => r?.outcome).sort()).toEqual(["ALREADY", "PRESENTED"]);
  expect(results[0]?.presentedAt).toEqual(results[1]?.presentedAt);
  expect(await prisma.auditLog.count({ where: { action: "badge.present", entityId: id } })).toBe(1);
});

test("only a current new-hire badge of this event can be presented: revoked, unknown, staff and other events' badges are not found", async () => {
  const { event, organizer, door, people } = await ceremony();
  const other = await ceremony();
  await revokeAndReissue(door.id, event.id, people.anBo.badge.id, "lost");
  for (const id of [people.anBo.badge.id, "no-such-badge", people.staff.badge.id, other.people.zhangWei.badge.id]) {
    expect(await markPresented(organizer.id, event.id, id)).toBeNull();
    expect(await unmarkPresented(organizer.id, event.id, id)).toBeNull();
    expect(await moveInCallingOrder(organizer.id, event.id, id, "up")).toBeNull();
  }
  const events = { in: [event.id, other.event.id] };
  expect(await prisma.badge.count({ where: { eventId: events, presentedAt: { not: null } } })).toBe(0);
  expect(await prisma.auditLog.count({ where: { eventId: events, action: { in: ["badge.present", "badge.unpresent", "badge.move"] } } })).toBe(0);
});

test("numbering by department or by batch writes Badge.callingOrder 1..n for current new-hire badges only, audited once", async () => {
  const { event, organizer, door, people } = await ceremony();
  const other = await ceremony();
  const successor = await revokeAndReissue(door.id, event.id, people.chenLi.badge.id, "lost");

  expect(await numberCallingOrder(organizer.id, event.id, "department")).toEqual({ count: 6, changed: 6 });
  expect(await orderOf(event.id)).toEqual(["1 白雪", "2 张伟", "3 周敏", "4 安博", "5 陈丽", "6 吴昊"]);
  expect((await prisma.badge.findUniqueOrThrow({ where: { id: successor!.id } })).callingOrder).toBe(5);
  // the revoked badge keeps its old (empty) number, staff get none, and the other event is untouched
  expect((await prisma.badge.findUniqueOrThrow({ where: { id: people.chenLi.badge.id } })).callingOrder).toBeNull();
  expect((await prisma.badge.findUniqueOrThrow({ where: { id: people.staff.badge.id } })).callingOrder).toBeNull();
  expect(await orderOf(other.event.id)).toEqual(["1 张伟", "2 安博", "- 白雪", "- 周敏", "- 陈丽", "- 吴昊"]);

  expect(await numberCallingOrder(organizer.id, event.id, "batch")).toMatchObject({ count: 6 });
  expect(await orderOf(event.id)).toEqual(["1 周敏", "2 陈丽", "3 吴昊", "4 白雪", "5 张伟", "6 安博"]);
  // numbering the same way twice changes nothing but is still recorded
  expect(await numberCallingOrder(organizer.id, event.id, "batch")).toEqual({ count: 6, changed: 0 });
  expect(await prisma.auditLog.findMany({ where: { action: "badge.numberCallingOrder", eventId: event.id }, select: { metadata: true }, orderBy: { createdAt: "asc" } })).toHaveLength(3);
});

test("numbering is all or nothing: a write failing half-way leaves every number as it was and nothing audited", async () => {
  const { event, organizer, people } = await ceremony();
  const before = await orderOf(event.id);
  // Wu Hao is numbered last, so by the time his write fails five others have been renumbered inside the transaction.
  await prisma.$executeRawUnsafe(
    `CREATE TRIGGER ceremony_fail BEFORE UPDATE OF "callingOrder" ON "Badge" WHEN NEW."id" = '${people.wuHao.badge.id}' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
  );
  try {
    // (the adapter reports the trigger's abort as a constraint violation of the update)
    await expect(numberCallingOrder(organizer.id, event.id, "department")).rejects.toThrow(/tx\.badge\.update/);
  } finally {
    await prisma.$executeRawUnsafe(`DROP TRIGGER ceremony_fail`);
  }
  expect(await orderOf(event.id)).toEqual(before);
  expect(await prisma.auditLog.count({ where: { action: "badge.numberCallingOrder", eventId: event.id } })).toBe(0);
  expect(await numberCallingOrder(organizer.id, event.id, "department")).toMatchObject({ count: 6 });
});

test("moving one person swaps them with their neighbour and keeps the numbers gap-free", async () => {
  const { event, organizer, people } = await ceremony();
  expect(await moveInCallingOrder(organizer.id, event.id, people.baiXue.badge.id, "up")).toEqual({ moved: true, callingOrder: 2 });
  expect(await orderOf(event.id)).toEqual(["1 张伟", "2 白雪", "3 安博", "4 周敏", "5 陈丽", "6 吴昊"]);
  expect(await moveInCallingOrder(organizer.id, event.id, people.zhangWei.badge.id, "down")).toEqual({ moved: true, callingOrder: 2 });
  expect(await orderOf(event.id)).toEqual(["1 白雪", "2 张伟", "3 安博", "4 周敏", "5 陈丽", "6 吴昊"]);
  expect(await moveInCallingOrder(organizer.id, event.id, people.baiXue.badge.id, "up")).toEqual({ moved: false, callingOrder: 1 });
  expect(await moveInCallingOrder(organizer.id, event.id, people.wuHao.badge.id, "down")).toEqual({ moved: false, callingOrder: 6 });
  expect(await prisma.auditLog.count({ where: { action: "badge.move", eventId: event.id } })).toBe(2);
});

const path = (slug: string) => `/events/${slug}/ceremony`;
const load = (slug: string, userId?: string, query = "") => settle(async () => loader(routeArgs(await get(`${path(slug)}${query}`, { userId, headers: { "Accept-Language": "en" } }), { slug })));
const act = (slug: string, userId: string, fields: Record<string, string>) =>
  settle(async () => action(routeArgs(await post(path(slug), fields, { userId, headers: { "Accept-Language": "en" } }), { slug })));
const body = (outcome: unknown) => (outcome as { data: { ok: boolean; message?: string; error?: string } }).data;

test("route: organizers and admins view and change; door staff only view; plain staff and other events' organizers get 403", async () => {
  const { event, organizer, door, people } = await ceremony();
  const staff = await createUser();
  const admin = await createUser({ roles: ["admin"] });
  const elsewhere = await ceremony();

  const viewed = await load(event.slug, organizer.id);
  expect(viewed.returned).toMatchObject({ canUpdate: true, progress: { presented: 0, total: 6 }, next: { nameZh: "张伟", romanised: "Zhang Wei", callingOrder: 1 } });
  expect((await load(event.slug, admin.id)).returned).toMatchObject({ canUpdate: true });
  expect((await load(event.slug, door.id)).returned).toMatchObject({ canUpdate: false, progress: { total: 6 } });
  expect(statusOf((await load(event.slug, staff.id)).thrown)).toBe(403);
  expect(statusOf((await load(event.slug, elsewhere.organizer.id)).thrown)).toBe(403);
  expect(statusOf((await load("no-such-event", organizer.id)).thrown)).toBe(404);
  expect(statusOf((await load(event.slug)).thrown)).toBe(302);

  const present = { intent: "present", badgeId: people.zhangWei.badge.id };
  for (const userId of [staff.id, door.id, elsewhere.organizer.id]) {
    expect(statusOf((await act(event.slug, userId, present)).thrown)).toBe(403);
    expect(statusOf((await act(event.slug, userId, { intent: "number", by: "department" })).thrown)).toBe(403);
  }
  expect(await prisma.badge.count({ where: { eventId: event.id, presentedAt: { not: null } } })).toBe(0);
  expect(statusOf((await act(event.slug, admin.id, present)).returned)).toBe(200);
  expect((await prisma.badge.findUniqueOrThrow({ where: { id: people.zhangWei.badge.id } })).presentedAt).not.toBeNull();
});

test("route actions: present twice answers 200 with the first time; bad input is 400; revoked, unknown and other events' badges are 404", async () => {
  const { event, organizer, door, people } = await ceremony();
  const other = await ceremony();
  const id = people.zhangWei.badge.id;

  const first = await act(event.slug, organizer.id, { intent: "present", badgeId: id });
  expect(statusOf(first.returned)).toBe(200);
  expect(body(first.returned)).toMatchObject({ ok: true, quiet: true, message: expect.stringMatching(/^张伟 Zhang Wei: badge presented at \d\d:\d\d$/) });
  const time = body(first.returned).message!.slice(-5);
  const second = await act(event.slug, organizer.id, { intent: "present", badgeId: id });
  expect(statusOf(second.returned)).toBe(200);
  expect(body(second.returned)).toMatchObject({ ok: true, quiet: false, message: `张伟 Zhang Wei already received the badge at ${time}; the first time is kept.` });
  expect((await load(event.slug, organizer.id)).returned).toMatchObject({ progress: { presented: 1 }, next: { nameZh: "安博" }, rows: expect.arrayContaining([expect.objectContaining({ nameZh: "张伟", presentedAt: time })]) });

  expect(body((await act(event.slug, organizer.id, { intent: "unpresent", badgeId: id })).returned)).toMatchObject({ ok: true, message: "The presented mark for 张伟 Zhang Wei was removed." });
  expect(body((await act(event.slug, organizer.id, { intent: "move", badgeId: people.anBo.badge.id, direction: "up" })).returned).message).toBe("安博 An Bo is now number 1.");
  expect(body((await act(event.slug, organizer.id, { intent: "number", by: "batch" })).returned).message).toBe("Numbered 6 people by batch, department, then pinyin.");
  expect((await prisma.badge.findUniqueOrThrow({ where: { id: people.zhouMin.badge.id } })).callingOrder).toBe(1);

  await revokeAndReissue(door.id, event.id, people.chenLi.badge.id, "lost");
  for (const badgeId of [people.chenLi.badge.id, "no-such-badge", other.people.zhangWei.badge.id, people.staff.badge.id]) {
    for (const intent of ["present", "unpresent"]) {
      const missing = await act(event.slug, organizer.id, { intent, badgeId });
      expect(statusOf(missing.returned)).toBe(404);
      expect(body(missing.returned)).toEqual({ ok: false, error: "ceremony.badgeNotFound" });
    }
  }
  expect((await prisma.badge.findUniqueOrThrow({ where: { id: other.people.zhangWei.badge.id } })).presentedAt).toBeNull();

  const bad: Array<[Record<string, string>, string]> = [
    [{ intent: "explode" }, "error.400.body"],
    [{}, "error.400.body"],
    [{ intent: "present" }, "ceremony.badgeMissing"],
    [{ intent: "present", badgeId: "x".repeat(500) }, "ceremony.badgeMissing"],
    [{ intent: "number", by: "height" }, "ceremony.orderKeyInvalid"],
    [{ intent: "move", badgeId: id, direction: "sideways" }, "ceremony.directionInvalid"],
  ];
  for (const [fields, error] of bad) {
    const refused = await act(event.slug, organizer.id, fields);
    expect(statusOf(refused.returned), JSON.stringify(fields)).toBe(400);
    expect(body(refused.returned)).toEqual({ ok: false, error });
  }
});

test("route loader: filters come from the query string, and junk in it is ignored rather than an error", async () => {
  const { event, organizer, departments: { b }, people } = await ceremony();
  await markPresented(organizer.id, event.id, people.anBo.badge.id);
  const filtered = await load(event.slug, organizer.id, `?department=${b.id}&hidePresented=1`);
  expect(filtered.returned).toMatchObject({ filter: { department: b.id, hidePresented: true }, progress: { presented: 1, total: 6, departmentPresented: 1, departmentTotal: 2 } });
  expect((filtered.returned as { rows: Array<{ nameZh: string; department: string; batch: string }> }).rows).toEqual([
    expect.objectContaining({ nameZh: "陈丽", department: "Department B", batch: "Batch 2019-4" }),
  ]);
  const junk = await load(event.slug, organizer.id, `?department=${"x".repeat(300)}&hidePresented=yes&hidePresented[]=1`);
  expect(junk.returned).toMatchObject({ filter: { department: "", hidePresented: false } });
  expect((junk.returned as { rows: unknown[] }).rows).toHaveLength(6);
});
