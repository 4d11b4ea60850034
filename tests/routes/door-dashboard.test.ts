import { expect, test } from "vitest";

import { getOrIssueBadge } from "~/models/badge.server";
import { loader } from "~/routes/events.$slug.door";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../factories";
import { get, routeArgs, settle, statusOf } from "../request";

const open = async (slug: string, userId?: string, language = "en") =>
  settle(async () => loader(routeArgs(await get(`/events/${slug}/door`, { userId, headers: { "Accept-Language": language } }), { slug })));

async function doorEvent() {
  const door = await createUser({ nameZh: "赵敏", nameEn: "Zhao Min" });
  const organizer = await createUser({ roles: ["organizer", "staff"] });
  const event = await createEvent({ organizerIds: [organizer.id], checkinStaffIds: [door.id] });
  return { door, organizer, event };
}

test("door staff, organizers and admins of the event may open the dashboard; plain staff and other events' door staff get 403", async () => {
  const { door, organizer, event } = await doorEvent();
  const admin = await createUser({ roles: ["admin", "staff"] });
  for (const user of [door, organizer, admin]) {
    const { returned, thrown } = await open(event.slug, user.id);
    expect(thrown).toBeUndefined();
    expect(returned?.totals).toMatchObject({ registered: 0, checkedIn: 0, notArrived: 0 });
  }
  const staff = await createUser();
  // Registered for the event is not the same as working its door.
  await prisma.registration.create({ data: { eventId: event.id, userId: staff.id, status: "CONFIRMED" } });
  expect(statusOf((await open(event.slug, staff.id)).thrown)).toBe(403);
  const elsewhere = await doorEvent();
  expect(statusOf((await open(event.slug, elsewhere.door.id)).thrown)).toBe(403);
  expect(statusOf((await open(event.slug, elsewhere.organizer.id)).thrown)).toBe(403);
});

test("an unknown event is a 404, and signed out goes to the login page", async () => {
  const { door, event } = await doorEvent();
  expect(statusOf((await open("no-such-event", door.id)).thrown)).toBe(404);
  const signedOut = (await open(event.slug)).thrown;
  expect(statusOf(signedOut)).toBe(302);
  expect((signedOut as Response).headers.get("Location")).toMatch(/^\/login/);
});

test("the page data is in the reader's language: departments, the no-department bucket, ribbons, scanner names, the window shown", async () => {
  const { door, event } = await doorEvent();
  const ai = await createDepartment({ nameZh: "人工智能研究院", nameEn: "AI Institute" });
  const hire = await createUser({ nameZh: "刘洋", nameEn: "Liu Yang", departmentId: ai.id, recruitmentBatch: "2019-5" });
  const colleague = await createUser({ departmentId: ai.id });
  const guest = await createUser({ kind: "GUEST", nameZh: "吴朝晖", nameEn: "Wu Zhaohui" });
  for (const user of [hire, colleague, guest]) await prisma.registration.create({ data: { eventId: event.id, userId: user.id, status: "CONFIRMED" } });
  const badge = (await getOrIssueBadge(event.id, hire.id))!;
  // Long ago (two hours): the chart falls back to the hour before it and says so.
  const scannedAt = new Date(Date.now() - 2 * 3600 * 1000);
  await prisma.checkIn.create({ data: { eventId: event.id, badgeId: badge.id, scannedAt, deviceId: "door-3f9a", scannedById: door.id } });

  const en = (await open(event.slug, door.id, "en")).returned!;
  expect(en.totals).toEqual({ registered: 3, checkedIn: 1, notArrived: 2, unregisteredArrivals: 0, percent: 33 });
  expect(en.departments.map(({ name, registered, checkedIn, notArrived, percent }) => ({ name, registered, checkedIn, notArrived, percent }))).toEqual([
    { name: "AI Institute", registered: 2, checkedIn: 1, notArrived: 1, percent: 50 },
    { name: "Other / no department", registered: 1, checkedIn: 0, notArrived: 1, percent: 0 },
  ]);
  expect(en.devices).toHaveLength(1);
  expect(en.devices[0]).toMatchObject({ deviceId: "door-3f9a" });
  expect(en.devices[0]!.scans).toEqual([
    expect.objectContaining({ name: "Liu Yang", ribbon: "NEW_HIRE", ribbonLabel: "New hire", by: "Zhao Min", undone: false, iso: scannedAt.toISOString() }),
  ]);
  expect(en.chart.window).toBe("latest");
  expect(en.chart.caption).toMatch(/^No check-ins in the last hour: showing the 60 minutes before the latest one \(\d\d:\d\d–\d\d:\d\d\)$/);
  expect(en.chart.summary).toMatch(/^Arrivals from \d\d:\d\d to \d\d:\d\d: 1, peak 1 at \d\d:\d\d$/);
  expect(en.updated.label).toMatch(/^\d\d:\d\d:\d\d$/);
  expect(en.title).toContain("Door dashboard");

  const zh = (await open(event.slug, door.id, "zh-CN")).returned!;
  expect(zh.departments.map((department) => department.name)).toEqual(["人工智能研究院", "其他 / 无部门"]);
  expect(zh.devices[0]!.scans[0]).toMatchObject({ name: "刘洋", ribbonLabel: "新员工", by: "赵敏" });
  expect(zh.chart.caption).toContain("最近一小时没有签到");
});
