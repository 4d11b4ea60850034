import { expect, test } from "vitest";

import { getOrIssueBadge, revokeAndReissue } from "~/models/badge.server";
import { CHART_MINUTES, doorDashboard, SCANS_PER_DEVICE } from "~/models/door-dashboard.server";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../../tests/factories";

const MINUTE = 60_000;

async function registrant(eventId: string, options: { departmentId?: string | null; nameZh?: string; nameEn?: string; kind?: "STAFF" | "GUEST"; status?: "CONFIRMED" | "WAITLISTED" | "CANCELLED" } = {}) {
  const { status = "CONFIRMED", ...person } = options;
  const user = await createUser(person);
  await prisma.registration.create({ data: { eventId, userId: user.id, status } });
  const badge = status === "CONFIRMED" ? await getOrIssueBadge(eventId, user.id) : null;
  return { user, badgeId: badge?.id ?? null };
}

type CheckInFields = { deviceId?: string | null; scannedById?: string | null; undoneAt?: Date | null; method?: "DOOR" | "SESSION" };
async function checkIn(eventId: string, badgeId: string | null, scannedAt: Date, fields: CheckInFields = {}) {
  if (!badgeId) throw new Error("only a badge can be scanned");
  return prisma.checkIn.create({ data: { eventId, badgeId, scannedAt, deviceId: "web", ...fields } });
}

test("counts people: registered (confirmed only), checked in once however often scanned, undone and session scans not counted", async () => {
  const event = await createEvent();
  const at = new Date("2027-01-15T00:30:00Z");
  const twice = await registrant(event.id);
  await checkIn(event.id, twice.badgeId, at);
  await checkIn(event.id, twice.badgeId, new Date(at.getTime() + MINUTE), { deviceId: "door-2" });
  const undone = await registrant(event.id);
  await checkIn(event.id, undone.badgeId, at, { undoneAt: new Date(at.getTime() + 5000) });
  const sessionOnly = await registrant(event.id);
  await checkIn(event.id, sessionOnly.badgeId, at, { method: "SESSION" });
  // Came in on a badge that was later revoked and replaced: still here.
  const revoked = await registrant(event.id);
  await checkIn(event.id, revoked.badgeId, at);
  await revokeAndReissue(revoked.user.id, event.id, revoked.badgeId!, "lost");
  await registrant(event.id);
  await registrant(event.id, { status: "WAITLISTED" });
  await registrant(event.id, { status: "CANCELLED" });

  // Another event's door, with one of these people, changes nothing here.
  const other = await createEvent();
  await prisma.registration.create({ data: { eventId: other.id, userId: undone.user.id, status: "CONFIRMED" } });
  await checkIn(other.id, (await getOrIssueBadge(other.id, undone.user.id))!.id, at);

  const dashboard = await doorDashboard(event.id, at);
  expect(dashboard.totals).toEqual({ registered: 5, checkedIn: 2, notArrived: 3, unregisteredArrivals: 0 });
  expect(dashboard.event).toMatchObject({ slug: event.slug, timeZone: "Asia/Shanghai" });
});

test("someone who came in and cancelled afterwards counts as checked in, not as registered or missing", async () => {
  const event = await createEvent();
  const person = await registrant(event.id);
  await checkIn(event.id, person.badgeId, new Date("2027-01-15T00:30:00Z"));
  await prisma.registration.update({ where: { eventId_userId: { eventId: event.id, userId: person.user.id } }, data: { status: "CANCELLED" } });
  expect((await doorDashboard(event.id)).totals).toEqual({ registered: 0, checkedIn: 1, notArrived: 0, unregisteredArrivals: 1 });
});

test("departments: most registered first, people without a department in their own bucket last", async () => {
  const event = await createEvent();
  const at = new Date("2027-01-15T00:30:00Z");
  const ai = await createDepartment({ code: "AI", nameZh: "人工智能研究院", nameEn: "AI Institute" });
  const hr = await createDepartment({ code: "HR", nameZh: "人力资源部", nameEn: "Human Resources" });
  const empty = await createDepartment({ code: "ZZ" });
  for (let i = 0; i < 3; i++) {
    const person = await registrant(event.id, { departmentId: ai.id });
    if (i === 0) await checkIn(event.id, person.badgeId, at);
  }
  for (let i = 0; i < 2; i++) await checkIn(event.id, (await registrant(event.id, { departmentId: hr.id })).badgeId, at);
  const guest = await registrant(event.id, { kind: "GUEST" });
  await checkIn(event.id, guest.badgeId, at);
  // More people without a department than in any one department: the bucket still goes last.
  for (let i = 0; i < 3; i++) await registrant(event.id, { departmentId: null });
  await registrant(event.id, { departmentId: empty.id, status: "WAITLISTED" });

  const { departments, totals } = await doorDashboard(event.id, at);
  expect(departments).toEqual([
    { departmentId: ai.id, code: "AI", nameZh: "人工智能研究院", nameEn: "AI Institute", registered: 3, checkedIn: 1, notArrived: 2 },
    { departmentId: hr.id, code: "HR", nameZh: "人力资源部", nameEn: "Human Resources", registered: 2, checkedIn: 2, notArrived: 0 },
    { departmentId: null, code: null, nameZh: null, nameEn: null, registered: 4, checkedIn: 1, notArrived: 3 },
  ]);
  expect(totals).toEqual({ registered: 9, checkedIn: 4, notArrived: 5, unregisteredArrivals: 0 });
});

test("arrivals per minute over the last hour, labelled in the event's zone, with the peak; undone and older scans left out", async () => {
  // Kolkata is UTC+05:30: a half-hour offset shows the labels really are in the event's zone.
  const event = await createEvent({ timeZone: "Asia/Kolkata" });
  const now = new Date("2027-01-15T03:10:20Z"); // 08:40:20 in Kolkata
  const person = () => registrant(event.id);
  const scan = async (minutesAgo: number, fields: CheckInFields = {}) => checkIn(event.id, (await person()).badgeId, new Date(now.getTime() - minutesAgo * MINUTE), fields);
  for (let i = 0; i < 3; i++) await scan(0.2); // 08:40
  await scan(1); // 08:39
  await scan(1, { undoneAt: now });
  await scan(59); // 07:41, the first minute shown
  await scan(61); // 07:39, before the window
  await scan(-2); // after `now`: not yet happened as far as this view goes

  const { arrivals } = await doorDashboard(event.id, now);
  expect(arrivals.window).toBe("live");
  expect(arrivals.minutes).toHaveLength(CHART_MINUTES);
  expect(arrivals.minutes[0]).toMatchObject({ label: "07:41", count: 1 });
  expect(arrivals.minutes.at(-2)).toMatchObject({ label: "08:39", count: 1 });
  expect(arrivals.minutes.at(-1)).toMatchObject({ label: "08:40", count: 3 });
  expect(arrivals.minutes.at(-1)!.at.toISOString()).toBe("2027-01-15T03:10:00.000Z");
  expect(arrivals.total).toBe(5);
  expect(arrivals.peak).toMatchObject({ label: "08:40", count: 3 });
  expect(arrivals.minutes.reduce((sum, minute) => sum + minute.count, 0)).toBe(5);
});

test("after the rush the chart shows the hour before the latest check-in, and nothing at all before any", async () => {
  const event = await createEvent();
  const empty = await doorDashboard(event.id, new Date("2027-01-15T00:00:00Z"));
  expect(empty.arrivals).toMatchObject({ window: "empty", total: 0, peak: null });
  expect(empty.arrivals.minutes).toHaveLength(CHART_MINUTES);

  const rush = new Date("2027-01-15T00:41:10Z"); // 08:41 in Shanghai
  for (let i = 0; i < 4; i++) await checkIn(event.id, (await registrant(event.id)).badgeId, rush);
  await checkIn(event.id, (await registrant(event.id)).badgeId, new Date(rush.getTime() - 30 * MINUTE));
  const later = await doorDashboard(event.id, new Date("2027-01-15T03:00:00Z"));
  expect(later.arrivals).toMatchObject({ window: "latest", total: 5, peak: { label: "08:41", count: 4 } });
  expect(later.arrivals.to.toISOString()).toBe(rush.toISOString());
  expect(later.arrivals.minutes.at(-1)).toMatchObject({ label: "08:41", count: 4 });
  expect(later.arrivals.minutes[0]!.label).toBe("07:42");
  expect(later.arrivals.minutes.at(-31)).toMatchObject({ label: "08:11", count: 1 });

  // 59 minutes after the rush, it is still within the live hour.
  const stillLive = await doorDashboard(event.id, new Date(rush.getTime() + 59 * MINUTE));
  expect(stillLive.arrivals).toMatchObject({ window: "live", total: 4 });
});

test("latest scans per device: five each, newest first, undone marked, scanner named, most recently active device first", async () => {
  const event = await createEvent();
  const door = await createUser({ nameZh: "赵敏", nameEn: "Zhao Min" });
  const start = new Date("2027-01-15T00:30:00Z");
  const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
  const names: string[] = [];
  for (let i = 0; i < 7; i++) {
    const person = await registrant(event.id, { nameZh: `人${i}`, nameEn: `Person ${i}` });
    names.push(`Person ${i}`);
    await checkIn(event.id, person.badgeId, at(i), { deviceId: "door-a", scannedById: door.id, undoneAt: i === 6 ? at(7) : null });
  }
  const early = await registrant(event.id, { nameEn: "Early Bird" });
  await checkIn(event.id, early.badgeId, at(-10), { deviceId: "door-b", scannedById: null });
  const late = await registrant(event.id, { nameEn: "Late Comer" });
  await checkIn(event.id, late.badgeId, at(20), { deviceId: null, scannedById: door.id });
  await checkIn(event.id, (await registrant(event.id)).badgeId, at(30), { deviceId: "door-b", method: "SESSION" });

  const { devices } = await doorDashboard(event.id, at(40));
  expect(devices.map((device) => device.deviceId)).toEqual([null, "door-a", "door-b"]);
  const [unnamed, a, b] = devices;
  expect(unnamed!.scans).toHaveLength(1);
  expect(unnamed!.scans[0]).toMatchObject({ person: { nameEn: "Late Comer" }, scannedBy: { nameZh: "赵敏", nameEn: "Zhao Min" }, ribbon: "STAFF", undone: false });
  expect(a!.scans).toHaveLength(SCANS_PER_DEVICE);
  expect(a!.scans.map((scan) => scan.person.nameEn)).toEqual(["Person 6", "Person 5", "Person 4", "Person 3", "Person 2"]);
  expect(a!.scans.map((scan) => scan.undone)).toEqual([true, false, false, false, false]);
  expect(a!.lastAt.toISOString()).toBe(at(6).toISOString());
  expect(a!.scans[0]!.scannedAt).toBeInstanceOf(Date);
  expect(b!.scans).toEqual([expect.objectContaining({ person: expect.objectContaining({ nameEn: "Early Bird" }), scannedBy: null })]);
});

test("an event without registrations or scans is all zeros, not an error", async () => {
  const event = await createEvent();
  const dashboard = await doorDashboard(event.id);
  expect(dashboard.totals).toEqual({ registered: 0, checkedIn: 0, notArrived: 0, unregisteredArrivals: 0 });
  expect(dashboard.departments).toEqual([]);
  expect(dashboard.devices).toEqual([]);
});

test("at conference scale (1,200 registrants, 3,000 scans) the counts are right and come back quickly", async () => {
  const event = await createEvent();
  const departments = await Promise.all(Array.from({ length: 12 }, () => createDepartment()));
  const now = new Date("2027-01-15T01:00:00Z");
  const users = await prisma.user.createManyAndReturn({
    data: Array.from({ length: 1200 }, (_, i) => ({ email: `scale-${i}-${event.id}@lab.example`, nameZh: `人${i}`, nameEn: `Person ${i}` })),
    select: { id: true },
  });
  await prisma.staffProfile.createMany({ data: users.map((user, i) => ({ userId: user.id, employeeNo: `S${i}-${event.id}`, departmentId: departments[i % 12]!.id })) });
  await prisma.registration.createMany({ data: users.map((user) => ({ eventId: event.id, userId: user.id, status: "CONFIRMED" as const })) });
  const badges = await prisma.badge.createManyAndReturn({ data: users.map((user, i) => ({ eventId: event.id, userId: user.id, token: `scale-${i}-${event.id}` })), select: { id: true } });
  // 1,000 people in, each scanned three times on one of eight devices over the last 90 minutes.
  await prisma.checkIn.createMany({
    data: badges.slice(0, 1000).flatMap((badge, i) =>
      [0, 1, 2].map((repeat) => ({ eventId: event.id, badgeId: badge.id, deviceId: `door-${(i + repeat) % 8}`, scannedAt: new Date(now.getTime() - ((i * 7 + repeat) % 90) * MINUTE - repeat * 1000) })),
    ),
  });

  const started = performance.now();
  const dashboard = await doorDashboard(event.id, now);
  const elapsed = performance.now() - started;
  expect(dashboard.totals).toEqual({ registered: 1200, checkedIn: 1000, notArrived: 200, unregisteredArrivals: 0 });
  expect(dashboard.departments).toHaveLength(12);
  expect(dashboard.devices).toHaveLength(8);
  expect(dashboard.devices.every((device) => device.scans.length === SCANS_PER_DEVICE)).toBe(true);
  expect(dashboard.arrivals.total).toBe(await prisma.checkIn.count({ where: { eventId: event.id, scannedAt: { gte: dashboard.arrivals.from, lte: now } } }));
  // Generous, so a slow machine passes; a query per person would not.
  expect(elapsed).toBeLessThan(2000);
});
