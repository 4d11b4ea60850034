import { expect, test } from "vitest";

import { viewerFor, type Viewer } from "~/models/event.server";
import { register } from "~/models/registration.server";
import { action as eventAction, loader as eventLoader } from "~/routes/events.$slug._index";
import { action as registrationsAction, loader as registrationsLoader } from "~/routes/events.$slug.registrations";
import { loader as csvLoader } from "~/routes/events.$slug.registrations[.]csv";
import { action as settingsAction } from "~/routes/events.$slug.registration-settings";
import { prisma } from "~/utils/db.server";
import { sessionUserSelect } from "~/utils/session.server";

import { createDepartment, createEvent, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";

const DAY = 24 * 3600 * 1000;

async function viewerOf(userId: string): Promise<Viewer> {
  return viewerFor(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: sessionUserSelect }));
}

/** Registers someone directly through the model, as if they had pressed the button earlier. */
async function registerDirectly(userId: string, eventId: string, now = new Date()) {
  const outcome = await register(await viewerOf(userId), eventId, { now });
  if (!outcome.ok) throw new Error(`could not register: ${outcome.messageKey}`);
  return outcome.registration;
}

const errorOf = (outcome: unknown) => (outcome as { data: { error?: string } }).data.error;

async function loadEvent(slug: string, userId: string) {
  return eventLoader(routeArgs(await get(`/events/${slug}`, { userId }), { slug }));
}

async function postEvent(slug: string, intent: string, userId: string) {
  return settle(async () => eventAction(routeArgs(await post(`/events/${slug}`, { intent }, { userId }), { slug })));
}

async function loadRegistrations(slug: string, userId: string, query = "") {
  return registrationsLoader(routeArgs(await get(`/events/${slug}/registrations${query}`, { userId, headers: { "Accept-Language": "en" } }), { slug }));
}

/** Capacity lives on the registration settings page, saved with the window and the approval flag. */
async function postCapacity(slug: string, capacity: string, userId: string) {
  return settle(async () => settingsAction(routeArgs(await post(`/events/${slug}/registration-settings`, { intent: "settings", capacity }, { userId }), { slug })));
}

/** The field errors of a Conform reply returned by a settings action. */
function capacityErrorOf(outcome: unknown) {
  return (outcome as { data: { result: { error?: Record<string, string[]> } } }).data.result.error?.capacity;
}

async function loadCsv(slug: string, userId: string, query = "") {
  return csvLoader(routeArgs(await get(`/events/${slug}/registrations.csv${query}`, { userId }), { slug }));
}

/** The CSV body as text with its byte-order mark kept (Response.text() would silently strip it). */
async function csvText(response: Response) {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
}

async function organizedEvent(fields: Parameters<typeof createEvent>[0] = {}) {
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const event = await createEvent({ ...fields, organizerIds: [organizer.id] });
  return { organizer, event };
}

test("event page: register, see the status, cancel, and a second cancel is a 409", async () => {
  const staff = await createUser({ password: null });
  const event = await createEvent({ capacity: 10 });

  const before = await loadEvent(event.slug, staff.id);
  expect(before.registration).toMatchObject({ status: null, position: null, seats: { taken: 0, capacity: 10 }, blockedKey: null });

  const registered = await postEvent(event.slug, "register", staff.id);
  expect(statusOf(registered.returned)).toBe(302);
  expect((registered.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}?registered=1#registration-heading`);
  const row = await prisma.registration.findUniqueOrThrow({ where: { eventId_userId: { eventId: event.id, userId: staff.id } } });
  expect(row.status).toBe("CONFIRMED");
  expect(row.registeredById).toBeNull();

  const after = await loadEvent(event.slug, staff.id);
  expect(after.registration).toMatchObject({ status: "CONFIRMED", position: null, promoted: false, seats: { taken: 1, capacity: 10 } });

  // Pressing the button again changes nothing.
  expect(statusOf((await postEvent(event.slug, "register", staff.id)).returned)).toBe(302);
  expect(await prisma.registration.count({ where: { eventId: event.id } })).toBe(1);

  const cancelled = await postEvent(event.slug, "cancel", staff.id);
  expect(statusOf(cancelled.returned)).toBe(302);
  expect((await prisma.registration.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("CANCELLED");
  expect((await loadEvent(event.slug, staff.id)).registration).toMatchObject({ status: "CANCELLED", seats: { taken: 0, capacity: 10 } });

  const again = await postEvent(event.slug, "cancel", staff.id);
  expect(again.thrown).toBeUndefined();
  expect(statusOf(again.returned)).toBe(409);
  expect(errorOf(again.returned)).toBe("registration.notCancellable");

  // Cancelling with no registration at all is the same 409.
  const stranger = await createUser({ password: null });
  const none = await postEvent(event.slug, "cancel", stranger.id);
  expect(statusOf(none.returned)).toBe(409);
  expect(errorOf(none.returned)).toBe("registration.notCancellable");
});

test("event page action: unknown intent 400, draft 404, closed window 409 registration.closed", async () => {
  const staff = await createUser({ password: null });
  const event = await createEvent();
  const unknown = await postEvent(event.slug, "explode", staff.id);
  expect(statusOf(unknown.thrown)).toBe(400);
  expect(await prisma.registration.count({ where: { eventId: event.id } })).toBe(0);

  const draft = await createEvent({ status: "DRAFT" });
  const onDraft = await postEvent(draft.slug, "register", staff.id);
  expect(statusOf(onDraft.thrown)).toBe(404);
  expect((onDraft.thrown as { data: unknown }).data).toEqual({ messageKey: "event.notFound" });
  expect(await prisma.registration.count({ where: { eventId: draft.id } })).toBe(0);

  const closed = await createEvent({ registrationOpensAt: new Date(Date.now() - 3 * DAY), registrationClosesAt: new Date(Date.now() - DAY) });
  const late = await postEvent(closed.slug, "register", staff.id);
  expect(late.thrown).toBeUndefined();
  expect(statusOf(late.returned)).toBe(409);
  expect(errorOf(late.returned)).toBe("registration.closed");
  expect(await prisma.registration.count({ where: { eventId: closed.id } })).toBe(0);
  expect((await loadEvent(closed.slug, staff.id)).registration.blockedKey).toBe("registration.closed");
});

test("event page: a full event puts the registrant on the waiting list with their position", async () => {
  const event = await createEvent({ capacity: 1 });
  const first = await createUser({ password: null });
  const second = await createUser({ password: null });
  const third = await createUser({ password: null });
  const now = Date.now();
  await registerDirectly(first.id, event.id, new Date(now - 2000));
  await registerDirectly(second.id, event.id, new Date(now - 1000));

  expect(statusOf((await postEvent(event.slug, "register", third.id)).returned)).toBe(302);
  const loaded = await loadEvent(event.slug, third.id);
  expect(loaded.registration).toMatchObject({ status: "WAITLISTED", position: 2, seats: { taken: 1, capacity: 1 } });
  expect((await loadEvent(event.slug, second.id)).registration).toMatchObject({ status: "WAITLISTED", position: 1 });

  // The confirmed person cancels through the page: the first in the queue is promoted, the third moves up.
  expect(statusOf((await postEvent(event.slug, "cancel", first.id)).returned)).toBe(302);
  expect((await loadEvent(event.slug, second.id)).registration).toMatchObject({ status: "CONFIRMED", position: null, promoted: true });
  expect((await loadEvent(event.slug, third.id)).registration).toMatchObject({ status: "WAITLISTED", position: 1 });
});

test("registrations page: staff and organizers of other events are refused with 403", async () => {
  const { event } = await organizedEvent();
  const { organizer: otherOrganizer } = await organizedEvent();
  const staff = await createUser({ password: null });
  for (const userId of [staff.id, otherOrganizer.id]) {
    expect(statusOf((await settle(() => loadRegistrations(event.slug, userId))).thrown)).toBe(403);
    expect(statusOf((await postCapacity(event.slug, "5", userId)).thrown)).toBe(403);
    const onBehalf = await settle(async () =>
      registrationsAction(routeArgs(await post(`/events/${event.slug}/registrations`, { intent: "onBehalf", staff: "x@lab.example" }, { userId }), { slug: event.slug })),
    );
    expect(statusOf(onBehalf.thrown)).toBe(403);
    expect(statusOf((await settle(() => loadCsv(event.slug, userId))).thrown)).toBe(403);
  }
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).capacity).toBeNull();
  expect(statusOf((await settle(() => loadRegistrations("no-such-event", staff.id))).thrown)).toBe(404);
});

test("registrations page: counts, and filters by status, pinyin, email and department", async () => {
  const { organizer, event } = await organizedEvent({ capacity: 2 });
  const physics = await createDepartment({ nameEn: "Physics Lab" });
  const chemistry = await createDepartment({ nameEn: "Chemistry Lab" });
  const wang = await createUser({ password: null, nameZh: "王磊", nameEn: "Wang Lei", pinyin: "wanglei", email: "wang.lei@lab.example", departmentId: physics.id });
  const li = await createUser({ password: null, nameZh: "李娜", nameEn: "Li Na", pinyin: "lina", email: "li.na@lab.example", departmentId: chemistry.id });
  const zhang = await createUser({ password: null, nameZh: "张伟", nameEn: "Zhang Wei", pinyin: "zhangwei", email: "zhang.wei@lab.example", departmentId: physics.id });
  const zhao = await createUser({ password: null, nameZh: "赵敏", nameEn: "Zhao Min", pinyin: "zhaomin", email: "zhao.min@lab.example", departmentId: chemistry.id });
  const now = Date.now();
  for (const [i, user] of [wang, li, zhang, zhao].entries()) await registerDirectly(user.id, event.id, new Date(now + i * 1000));
  const notRegistered = await createUser({ password: null, nameEn: "Wang Outsider", pinyin: "wangwai", departmentId: physics.id });
  expect(notRegistered.id).toBeTruthy();

  const all = await loadRegistrations(event.slug, organizer.id);
  expect(all.counts).toEqual({ CONFIRMED: 2, WAITLISTED: 2, PENDING: 0, DECLINED: 0, CANCELLED: 0 });
  expect(all.event.capacity).toBe(2);
  expect(all.rows.map((r) => r.email).sort()).toEqual([li.email, wang.email, zhang.email, zhao.email].sort());
  expect(all.rows.filter((r) => r.status === "WAITLISTED").map((r) => [r.email, r.position])).toEqual([
    [zhang.email, 1],
    [zhao.email, 2],
  ]);
  expect(all.rows.find((r) => r.email === wang.email)).toMatchObject({ name: "Wang Lei", otherName: "王磊", department: "Physics Lab", position: null });

  const waiting = await loadRegistrations(event.slug, organizer.id, "?status=WAITLISTED");
  expect(waiting.filter.status).toBe("WAITLISTED");
  expect(waiting.rows.map((r) => r.email)).toEqual([zhang.email, zhao.email]);
  expect(waiting.counts.CONFIRMED).toBe(2);

  const byPinyin = await loadRegistrations(event.slug, organizer.id, "?q=wanglei");
  expect(byPinyin.rows.map((r) => r.email)).toEqual([wang.email]);
  const byPinyinPart = await loadRegistrations(event.slug, organizer.id, "?q=wang");
  expect(byPinyinPart.rows.map((r) => r.email)).toEqual([wang.email]);
  const byEmail = await loadRegistrations(event.slug, organizer.id, `?q=${encodeURIComponent("Li.Na@Lab")}`);
  expect(byEmail.rows.map((r) => r.email)).toEqual([li.email]);
  const byChinese = await loadRegistrations(event.slug, organizer.id, `?q=${encodeURIComponent("张伟")}`);
  expect(byChinese.rows.map((r) => r.email)).toEqual([zhang.email]);
  const nobody = await loadRegistrations(event.slug, organizer.id, "?q=nobody-matches-this");
  expect(nobody.rows).toEqual([]);

  const byDepartment = await loadRegistrations(event.slug, organizer.id, `?department=${physics.id}`);
  expect(byDepartment.rows.map((r) => r.email).sort()).toEqual([wang.email, zhang.email].sort());
  const departmentAndQuery = await loadRegistrations(event.slug, organizer.id, `?department=${chemistry.id}&q=zhao`);
  expect(departmentAndQuery.rows.map((r) => r.email)).toEqual([zhao.email]);
  const departmentAndStatus = await loadRegistrations(event.slug, organizer.id, `?department=${chemistry.id}&status=CONFIRMED`);
  expect(departmentAndStatus.rows.map((r) => r.email)).toEqual([li.email]);

  // Unreadable filters are ignored, not refused.
  const junk = await loadRegistrations(event.slug, organizer.id, "?status=BOGUS");
  expect(junk.filter.status).toBeUndefined();
  expect(junk.rows).toHaveLength(4);
});

test("registrations page: search text is matched literally, so _ and % are not wildcards", async () => {
  const { organizer, event } = await organizedEvent();
  const underscore = await createUser({ password: null, nameEn: "Wang Lei", email: "wang_lei@lab.example" });
  const lookalike = await createUser({ password: null, nameEn: "Wang Lei", email: "wangxlei@lab.example" });
  for (const user of [underscore, lookalike]) await registerDirectly(user.id, event.id);

  const byEmail = await loadRegistrations(event.slug, organizer.id, "?q=wang_lei");
  expect(byEmail.rows.map((r) => r.email)).toEqual([underscore.email]);
  const percent = await loadRegistrations(event.slug, organizer.id, `?q=${encodeURIComponent("%")}`);
  expect(percent.rows).toEqual([]);
});

test("registration settings: capacity must be a whole number; raising it promotes from the waiting list", async () => {
  const { organizer, event } = await organizedEvent({ capacity: 2 });
  const people = [];
  for (let i = 0; i < 6; i++) people.push(await createUser({ password: null }));
  const now = Date.now();
  const regs = [];
  for (const [i, person] of people.entries()) regs.push(await registerDirectly(person.id, event.id, new Date(now + i * 1000)));
  expect(regs.map((r) => r.status)).toEqual(["CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED", "WAITLISTED", "WAITLISTED"]);

  for (const bad of ["abc", "-1", "2.5", "100001"]) {
    const refused = await postCapacity(event.slug, bad, organizer.id);
    expect({ bad, status: statusOf(refused.returned) }).toEqual({ bad, status: 400 });
    expect(capacityErrorOf(refused.returned)).toEqual(["registrations.capacityInvalid"]);
  }
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).capacity).toBe(2);

  const saved = await postCapacity(event.slug, "5", organizer.id);
  expect(statusOf(saved.returned)).toBe(302);
  expect((saved.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}/registration-settings?saved=1&promoted=3`);
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).capacity).toBe(5);
  const statuses = await prisma.registration.findMany({ where: { id: { in: regs.map((r) => r.id) } }, select: { id: true, status: true, promotedAt: true } });
  expect(regs.map((r) => statuses.find((s) => s.id === r.id)?.status)).toEqual(["CONFIRMED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "WAITLISTED"]);
  expect(regs.slice(2, 5).every((r) => statuses.find((s) => s.id === r.id)?.promotedAt instanceof Date)).toBe(true);
  expect((await loadRegistrations(event.slug, organizer.id)).counts).toMatchObject({ CONFIRMED: 5, WAITLISTED: 1 });

  // Empty means unlimited: the last person waiting gets in.
  const unlimited = await postCapacity(event.slug, "", organizer.id);
  expect((unlimited.returned as Response).headers.get("Location")).toBe(`/events/${event.slug}/registration-settings?saved=1&promoted=1`);
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).capacity).toBeNull();
});

test("CSV export: BOM, headers in the chosen language, Chinese names intact, formulas and commas made safe", async () => {
  const department = await createDepartment({ nameZh: "智能计算研究院", nameEn: "Intelligent Computing, Research" });
  const { organizer, event } = await organizedEvent({ capacity: 10 });
  const wang = await createUser({ password: null, nameZh: "王磊", nameEn: "Wang, Lei", email: "wang.lei.csv@lab.example", employeeNo: "ZJ1001", departmentId: department.id });
  const attacker = await createUser({ password: null, nameZh: "=HYPERLINK(1)", nameEn: "@SUM(A1)", email: "evil.csv@lab.example", employeeNo: "-2+3" });
  const quoted = await createUser({ password: null, nameZh: "李娜", nameEn: 'Na "Nina" Li', email: "li.na.csv@lab.example" });
  const now = Date.now();
  for (const [i, user] of [wang, attacker, quoted].entries()) await registerDirectly(user.id, event.id, new Date(now + i * 1000));

  const response = await loadCsv(event.slug, organizer.id, "?lang=en");
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("Content-Disposition")).toContain(`${event.slug}-registrations`);
  const bytes = new Uint8Array(await response.clone().arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = await csvText(response);
  expect(text.startsWith("\uFEFF")).toBe(true);
  const lines = text.slice(1).split("\r\n");
  expect(lines[0]).toBe("Name in Chinese,Name in English,Email,Employee number,Department,Recruitment batch,Status,Registered");
  expect(lines.at(-1)).toBe("");
  expect(lines).toHaveLength(5);

  const line = (email: string) => lines.find((l) => l.includes(email)) ?? "";
  expect(line(wang.email).startsWith(`王磊,"Wang, Lei",${wang.email},ZJ1001,"Intelligent Computing, Research",,Confirmed,`)).toBe(true);
  expect(line(attacker.email).startsWith(`'=HYPERLINK(1),'@SUM(A1),${attacker.email},'-2+3,,,Confirmed,`)).toBe(true);
  expect(line(quoted.email).startsWith(`李娜,"Na ""Nina"" Li",${quoted.email},`)).toBe(true);

  const zh = await csvText(await loadCsv(event.slug, organizer.id, "?lang=zh-CN"));
  expect(zh.startsWith("\uFEFF中文姓名,英文姓名,邮箱,工号,部门,招聘批次,状态,报名时间\r\n")).toBe(true);
  expect(zh).toContain(`王磊,"Wang, Lei",${wang.email},ZJ1001,智能计算研究院,,已确认,`);

  // The same filters as the page.
  const filtered = await csvText(await loadCsv(event.slug, organizer.id, "?lang=en&q=wang.lei.csv"));
  expect(filtered.slice(1).split("\r\n").filter(Boolean)).toHaveLength(2);

  const staff = await createUser({ password: null });
  expect(statusOf((await settle(() => loadCsv(event.slug, staff.id, "?lang=en"))).thrown)).toBe(403);
});
