import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { expect, test } from "vitest";

import { createDepartment, createEvent, createUser } from "../../tests/factories";
import { viewerFor, type Viewer } from "~/models/event.server";
import {
  cancelRegistration,
  getMyRegistration,
  register,
  registrationCounts,
  setCapacity,
  type RegistrationResult,
} from "~/models/registration.server";
import { prepareDatabase, prisma } from "~/utils/db.server";
import { sessionUserSelect } from "~/utils/session.server";

const execFileAsync = promisify(execFile);
const MINUTE = 60_000;
const DAY = 24 * 3600 * 1000;

async function viewerOf(userId: string): Promise<Viewer> {
  return viewerFor(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: sessionUserSelect }));
}

/** A staff member ready to register: their user row and their Viewer. */
async function staffViewer(options: Parameters<typeof createUser>[0] = {}) {
  const user = await createUser({ password: null, ...options });
  return { user, viewer: await viewerOf(user.id) };
}

/** The registration from a successful result; fails the test with the refusal otherwise. */
function registered(result: RegistrationResult) {
  if (!result.ok) throw new Error(`expected a registration, got ${result.status} ${result.messageKey}`);
  return result.registration;
}

async function positionOf(eventId: string, userId: string) {
  return (await getMyRegistration(eventId, userId))?.position ?? null;
}

/** Registers each viewer in turn, one minute apart, so queue order is unambiguous. */
async function registerInTurn(eventId: string, viewers: Viewer[], start = new Date()) {
  const results = [];
  for (const [i, viewer] of viewers.entries()) {
    results.push(registered(await register(viewer, eventId, { now: new Date(start.getTime() + i * MINUTE) })));
  }
  return results;
}

async function statusesOf(ids: string[]) {
  const rows = await prisma.registration.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  return ids.map((id) => rows.find((row) => row.id === id)?.status);
}

test("capacity 2: two confirmed, then the waiting list in arrival order", async () => {
  const event = await createEvent({ capacity: 2 });
  const [a, b, c, d] = [await staffViewer(), await staffViewer(), await staffViewer(), await staffViewer()];

  const first = registered(await register(a.viewer, event.id));
  const second = registered(await register(b.viewer, event.id));
  const third = registered(await register(c.viewer, event.id));
  expect([first.status, second.status, third.status]).toEqual(["CONFIRMED", "CONFIRMED", "WAITLISTED"]);

  const rows = await prisma.registration.findMany({ where: { eventId: event.id }, select: { userId: true, waitlistedAt: true } });
  expect(rows.find((r) => r.userId === a.user.id)?.waitlistedAt).toBeNull();
  expect(rows.find((r) => r.userId === c.user.id)?.waitlistedAt).toBeInstanceOf(Date);

  expect(await getMyRegistration(event.id, c.user.id)).toMatchObject({ id: third.id, status: "WAITLISTED", position: 1 });
  expect(await positionOf(event.id, a.user.id)).toBeNull();

  const fourth = registered(await register(d.viewer, event.id));
  expect(fourth.status).toBe("WAITLISTED");
  expect(await positionOf(event.id, d.user.id)).toBe(2);
  expect(await positionOf(event.id, c.user.id)).toBe(1);
  expect(await getMyRegistration(event.id, (await createUser({ password: null })).id)).toBeNull();
});

test("registering twice returns the same registration, created: false, and no second row", async () => {
  const event = await createEvent({ capacity: 10 });
  const { user, viewer } = await staffViewer();
  const once = await register(viewer, event.id);
  const twice = await register(viewer, event.id);
  expect(once).toMatchObject({ ok: true, created: true, registration: { status: "CONFIRMED" } });
  expect(twice).toEqual({ ok: true, created: false, registration: registered(once) });
  expect(await prisma.registration.count({ where: { eventId: event.id, userId: user.id } })).toBe(1);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "registration.create" } })).toBe(1);
});

test("burst: 120 people registering at once for 50 seats fill exactly 50, the rest queue 1..70", async () => {
  const event = await createEvent({ capacity: 50 });
  const people: Array<{ user: { id: string }; viewer: Viewer }> = [];
  for (let i = 0; i < 120; i++) people.push(await staffViewer());

  const results = await Promise.all(people.map(({ viewer }) => register(viewer, event.id)));
  expect(results.filter((r) => !r.ok)).toEqual([]);
  const statuses = results.map((r) => registered(r).status);
  expect(statuses.filter((s) => s === "CONFIRMED")).toHaveLength(50);
  expect(statuses.filter((s) => s === "WAITLISTED")).toHaveLength(70);

  expect(await registrationCounts(event.id)).toEqual({ CONFIRMED: 50, WAITLISTED: 70, PENDING: 0, DECLINED: 0, CANCELLED: 0 });
  expect(await prisma.registration.count({ where: { eventId: event.id } })).toBe(120);

  const positions: number[] = [];
  for (const [i, { user }] of people.entries()) {
    const position = await positionOf(event.id, user.id);
    if (statuses[i] === "WAITLISTED") positions.push(position ?? -1);
    else expect(position).toBeNull();
  }
  expect([...positions].sort((x, y) => x - y)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
});

/**
 * Runs register() for the given viewers in a separate Node process on this test's database file, all at once
 * from `startAt`, and returns the outcomes. In one process the libSQL adapter already serializes transactions,
 * so only separate processes show that the write lock taken inside register() is what prevents overbooking.
 */
async function registerInChildProcess(eventId: string, viewers: Viewer[], startAt: number) {
  const script = `
    const { register } = await import(${JSON.stringify(path.resolve("app/models/registration.server.ts"))});
    const { prisma } = await import(${JSON.stringify(path.resolve("app/utils/db.server.ts"))});
    const { eventId, viewers, startAt } = JSON.parse(process.env.CONVENE_BURST);
    await prisma.event.count();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
    const results = await Promise.all(
      viewers.map((viewer) => register(viewer, eventId).catch((error) => ({ ok: false, error: String(error) }))),
    );
    await prisma.$disconnect();
    process.stdout.write(JSON.stringify(results));
  `;
  const { stdout } = await execFileAsync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, CONVENE_BURST: JSON.stringify({ eventId, viewers, startAt }) },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Array<RegistrationResult | { ok: false; error: string }>;
}

test("burst across three server processes on one database file still fills exactly 50 seats", { timeout: 90_000 }, async () => {
  await prepareDatabase(); // WAL, as the server runs it
  const event = await createEvent({ capacity: 50 });
  const people: Viewer[] = [];
  for (let i = 0; i < 120; i++) people.push((await staffViewer()).viewer);

  const startAt = Date.now() + 4_000;
  const outcomes = (
    await Promise.all([0, 1, 2].map((k) => registerInChildProcess(event.id, people.filter((_, i) => i % 3 === k), startAt)))
  ).flat();
  expect(outcomes).toHaveLength(120);
  expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
  expect(await registrationCounts(event.id)).toEqual({ CONFIRMED: 50, WAITLISTED: 70, PENDING: 0, DECLINED: 0, CANCELLED: 0 });
  const positions: number[] = [];
  for (const viewer of people) {
    const position = await positionOf(event.id, viewer.id);
    if (position !== null) positions.push(position);
  }
  expect(positions.sort((x, y) => x - y)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
});

test("cancelling a confirmed seat promotes the earliest waiting person; the rest move up by one", async () => {
  const event = await createEvent({ capacity: 2 });
  const people = await Promise.all(Array.from({ length: 5 }, () => staffViewer()));
  const regs = await registerInTurn(event.id, people.map((p) => p.viewer));
  expect(regs.map((r) => r.status)).toEqual(["CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED", "WAITLISTED"]);
  const [r0, r2, r3, r4] = [regs[0]!, regs[2]!, regs[3]!, regs[4]!];
  const [p0, p2, p3, p4] = [people[0]!, people[2]!, people[3]!, people[4]!];
  expect(await positionOf(event.id, p3.user.id)).toBe(2);
  expect(await positionOf(event.id, p4.user.id)).toBe(3);

  const outcome = await cancelRegistration(p0.user.id, r0.id);
  expect(outcome).toEqual({ ok: true, promoted: [r2.id] });

  const promoted = await prisma.registration.findUniqueOrThrow({ where: { id: r2.id } });
  expect(promoted.status).toBe("CONFIRMED");
  expect(promoted.promotedAt).toBeInstanceOf(Date);
  const cancelled = await prisma.registration.findUniqueOrThrow({ where: { id: r0.id } });
  expect(cancelled.status).toBe("CANCELLED");
  expect(cancelled.cancelledAt).toBeInstanceOf(Date);

  const notifications = await prisma.notification.findMany({ where: { kind: "WAITLIST_PROMOTED", userId: { in: people.map((p) => p.user.id) } } });
  expect(notifications.map((n) => n.userId)).toEqual([p2.user.id]);
  expect(JSON.parse(notifications[0]!.payload)).toEqual({ eventId: event.id, registrationId: r2.id });
  const promoteLogs = await prisma.auditLog.findMany({ where: { eventId: event.id, action: "registration.promote" } });
  expect(promoteLogs.map((log) => [log.entityId, log.actorId])).toEqual([[r2.id, p0.user.id]]);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "registration.cancel", entityId: r0.id } })).toBe(1);

  expect(await positionOf(event.id, p2.user.id)).toBeNull();
  expect(await positionOf(event.id, p3.user.id)).toBe(1);
  expect(await positionOf(event.id, p4.user.id)).toBe(2);
  expect(await registrationCounts(event.id)).toMatchObject({ CONFIRMED: 2, WAITLISTED: 2, CANCELLED: 1 });

  // A second cancel of the same registration is refused, and promotes nobody.
  expect(await cancelRegistration(p0.user.id, r0.id)).toEqual({ ok: false, status: 409 });
  expect(await statusesOf([r3.id, r4.id])).toEqual(["WAITLISTED", "WAITLISTED"]);

  // Cancelling from the waiting list frees no seat: nobody is promoted, the one behind moves up.
  expect(await cancelRegistration(p3.user.id, r3.id)).toEqual({ ok: true, promoted: [] });
  expect(await statusesOf([r3.id, r4.id])).toEqual(["CANCELLED", "WAITLISTED"]);
  expect(await positionOf(event.id, p4.user.id)).toBe(1);
  expect(await prisma.registration.findUniqueOrThrow({ where: { id: r3.id }, select: { waitlistedAt: true } })).toEqual({ waitlistedAt: null });
  expect(await prisma.notification.count({ where: { kind: "WAITLIST_PROMOTED", userId: p4.user.id } })).toBe(0);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "registration.promote" } })).toBe(1);

  expect(await cancelRegistration(p0.user.id, "no-such-registration")).toEqual({ ok: false, status: 404 });
});

test("setCapacity: raising promotes in FIFO order, lowering demotes nobody, unlimited promotes everyone", async () => {
  const organizer = await createUser({ password: null, roles: ["organizer"] });
  const event = await createEvent({ capacity: 2, organizerIds: [organizer.id] });
  const people = await Promise.all(Array.from({ length: 8 }, () => staffViewer()));
  const regs = await registerInTurn(event.id, people.map((p) => p.viewer));
  const ids = regs.map((r) => r.id);
  expect(regs.map((r) => r.status)).toEqual(["CONFIRMED", "CONFIRMED", ...Array<string>(6).fill("WAITLISTED")]);

  const raised = await setCapacity(organizer.id, event.id, 5);
  expect(raised).toEqual({ ok: true, promoted: ids.slice(2, 5) });
  expect(await statusesOf(ids)).toEqual([...Array<string>(5).fill("CONFIRMED"), ...Array<string>(3).fill("WAITLISTED")]);
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).capacity).toBe(5);
  expect(await prisma.notification.count({ where: { kind: "WAITLIST_PROMOTED", userId: { in: people.map((p) => p.user.id) } } })).toBe(3);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "event.capacity", actorId: organizer.id } })).toBe(1);
  expect(await positionOf(event.id, people[5]!.user.id)).toBe(1);

  const lowered = await setCapacity(organizer.id, event.id, 1);
  expect(lowered).toEqual({ ok: true, promoted: [] });
  expect(await registrationCounts(event.id)).toMatchObject({ CONFIRMED: 5, WAITLISTED: 3 });
  expect(await statusesOf(ids)).toEqual([...Array<string>(5).fill("CONFIRMED"), ...Array<string>(3).fill("WAITLISTED")]);

  // Over capacity after lowering: a cancellation frees no seat for the waiting list.
  expect(await cancelRegistration(people[0]!.user.id, ids[0]!)).toEqual({ ok: true, promoted: [] });

  const unlimited = await setCapacity(organizer.id, event.id, null);
  expect(unlimited).toEqual({ ok: true, promoted: ids.slice(5) });
  expect(await registrationCounts(event.id)).toMatchObject({ CONFIRMED: 7, WAITLISTED: 0, CANCELLED: 1 });
  expect((await prisma.event.findUniqueOrThrow({ where: { id: event.id } })).capacity).toBeNull();

  expect(await setCapacity(organizer.id, "no-such-event", 10)).toEqual({ ok: false, status: 404 });
});

test("an event that needs approval makes registrations PENDING, and PENDING takes no seat", async () => {
  const event = await createEvent({ capacity: 1, requiresApproval: true });
  const a = await staffViewer();
  const b = await staffViewer();
  const pending = await register(a.viewer, event.id);
  expect(pending).toMatchObject({ ok: true, created: true, registration: { status: "PENDING" } });
  expect(await prisma.registration.findUniqueOrThrow({ where: { id: registered(pending).id } })).toMatchObject({ waitlistedAt: null });
  expect(await getMyRegistration(event.id, a.user.id)).toMatchObject({ status: "PENDING", position: null });

  await prisma.event.update({ where: { id: event.id }, data: { requiresApproval: false } });
  expect(registered(await register(b.viewer, event.id)).status).toBe("CONFIRMED");
  expect(await registrationCounts(event.id)).toEqual({ CONFIRMED: 1, WAITLISTED: 0, PENDING: 1, DECLINED: 0, CANCELLED: 0 });
});

test("registration is refused for drafts, closed events, outside the window, outside the audience, and once declined", async () => {
  const mine = await createDepartment();
  const theirs = await createDepartment();
  const { user, viewer } = await staffViewer({ departmentId: mine.id });
  const now = new Date();

  const cases: Array<[string, Parameters<typeof createEvent>[0], { status: number; messageKey: string }]> = [
    ["draft", { status: "DRAFT" }, { status: 404, messageKey: "event.notFound" }],
    ["cancelled", { status: "CANCELLED", cancelReason: "Typhoon" }, { status: 409, messageKey: "registration.eventNotOpen" }],
    ["archived", { status: "ARCHIVED" }, { status: 409, messageKey: "registration.eventNotOpen" }],
    ["not yet open", { registrationOpensAt: new Date(now.getTime() + DAY) }, { status: 409, messageKey: "registration.notYetOpen" }],
    ["closed", { registrationOpensAt: new Date(now.getTime() - 2 * DAY), registrationClosesAt: new Date(now.getTime() - DAY) }, { status: 409, messageKey: "registration.closed" }],
    ["other department", { audience: "DEPARTMENTS", audienceDepartmentIds: [theirs.id] }, { status: 404, messageKey: "event.notFound" }],
    ["invite only", { audience: "INVITE_ONLY" }, { status: 404, messageKey: "event.notFound" }],
    ["already over", { startsAt: new Date(now.getTime() - 2 * DAY), endsAt: new Date(now.getTime() - DAY) }, { status: 409, messageKey: "registration.closed" }],
  ];
  for (const [label, options, expected] of cases) {
    const event = await createEvent(options);
    expect({ label, outcome: await register(viewer, event.id) }).toEqual({ label, outcome: { ok: false, ...expected } });
    expect({ label, rows: await prisma.registration.count({ where: { eventId: event.id } }) }).toEqual({ label, rows: 0 });
  }

  // Inside the window, and inside the audience of one's own department: allowed.
  const open = await createEvent({
    audience: "DEPARTMENTS",
    audienceDepartmentIds: [mine.id],
    registrationOpensAt: new Date(now.getTime() - DAY),
    registrationClosesAt: new Date(now.getTime() + DAY),
  });
  expect(registered(await register(viewer, open.id)).status).toBe("CONFIRMED");

  const declinedEvent = await createEvent({ capacity: 10 });
  const declined = await prisma.registration.create({
    data: { eventId: declinedEvent.id, userId: user.id, status: "DECLINED", decidedAt: now, declineReason: "Full" },
  });
  expect(await register(viewer, declinedEvent.id)).toEqual({ ok: false, status: 409, messageKey: "registration.declined" });
  expect(await prisma.registration.findUniqueOrThrow({ where: { id: declined.id } })).toMatchObject({ status: "DECLINED", declineReason: "Full" });
});

test("re-registering after cancelling reuses the row and joins the back of the queue", async () => {
  const event = await createEvent({ capacity: 1 });
  const [a, b, c] = [await staffViewer(), await staffViewer(), await staffViewer()];
  const start = Date.now();
  const regs = await registerInTurn(event.id, [a.viewer, b.viewer, c.viewer], new Date(start));
  const [ra, rb, rc] = [regs[0]!, regs[1]!, regs[2]!];
  expect([ra.status, rb.status, rc.status]).toEqual(["CONFIRMED", "WAITLISTED", "WAITLISTED"]);

  expect(await cancelRegistration(a.user.id, ra.id, new Date(start + 10 * MINUTE))).toEqual({ ok: true, promoted: [rb.id] });

  const again = await register(a.viewer, event.id, { now: new Date(start + 20 * MINUTE) });
  expect(again).toEqual({ ok: true, created: true, registration: { id: ra.id, status: "WAITLISTED" } });
  expect(await prisma.registration.count({ where: { eventId: event.id, userId: a.user.id } })).toBe(1);
  const row = await prisma.registration.findUniqueOrThrow({ where: { id: ra.id } });
  expect(row).toMatchObject({ status: "WAITLISTED", cancelledAt: null, promotedAt: null });
  expect(row.waitlistedAt?.getTime()).toBe(start + 20 * MINUTE);

  expect(await positionOf(event.id, c.user.id)).toBe(1);
  expect(await positionOf(event.id, a.user.id)).toBe(2);

  // When the next seat frees up it goes to the person who waited longer, not the earlier original sign-up.
  expect(await cancelRegistration(b.user.id, rb.id, new Date(start + 30 * MINUTE))).toEqual({ ok: true, promoted: [rc.id] });
  expect(await positionOf(event.id, a.user.id)).toBe(1);
});

test("registering on someone's behalf records who did it, and the audit says so", async () => {
  const organizer = await createUser({ password: null, roles: ["organizer"] });
  const event = await createEvent({ capacity: 10, organizerIds: [organizer.id] });
  const self = await staffViewer();
  const helped = await staffViewer();

  const mine = registered(await register(self.viewer, event.id));
  const theirs = registered(await register(helped.viewer, event.id, { registeredById: organizer.id }));

  expect(await prisma.registration.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ userId: helped.user.id, registeredById: organizer.id });
  expect(await prisma.registration.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ userId: self.user.id, registeredById: null });

  const behalfLog = await prisma.auditLog.findFirstOrThrow({ where: { action: "registration.create", entityId: theirs.id } });
  expect(behalfLog).toMatchObject({ actorId: organizer.id, entityType: "Registration", eventId: event.id });
  expect(JSON.parse(behalfLog.metadata)).toEqual({ status: "CONFIRMED", onBehalf: true });
  const selfLog = await prisma.auditLog.findFirstOrThrow({ where: { action: "registration.create", entityId: mine.id } });
  expect(selfLog.actorId).toBe(self.user.id);
  expect(JSON.parse(selfLog.metadata)).toEqual({ status: "CONFIRMED", onBehalf: false });
});

test("registrationCounts lists every status, zero when nobody has it", async () => {
  const empty = await createEvent();
  expect(await registrationCounts(empty.id)).toEqual({ CONFIRMED: 0, WAITLISTED: 0, PENDING: 0, DECLINED: 0, CANCELLED: 0 });

  const event = await createEvent({ capacity: 1 });
  const [a, b, c] = [await staffViewer(), await staffViewer(), await staffViewer()];
  const [ra] = await registerInTurn(event.id, [a.viewer, b.viewer]);
  await prisma.registration.create({ data: { eventId: event.id, userId: c.user.id, status: "DECLINED" } });
  expect(await registrationCounts(event.id)).toEqual({ CONFIRMED: 1, WAITLISTED: 1, PENDING: 0, DECLINED: 1, CANCELLED: 0 });
  await cancelRegistration(a.user.id, ra!.id);
  expect(await registrationCounts(event.id)).toEqual({ CONFIRMED: 1, WAITLISTED: 0, PENDING: 0, DECLINED: 1, CANCELLED: 1 });
});

test("nobody is promoted on an event that was cancelled or is over, and nobody is told they were", async () => {
  for (const setup of [
    { status: "CANCELLED" as const, startsAt: new Date(Date.now() + 10 * DAY) },
    { status: "PUBLISHED" as const, startsAt: new Date(Date.now() - 10 * DAY) },
  ]) {
    const event = await createEvent({ capacity: 1, startsAt: setup.startsAt, endsAt: new Date(setup.startsAt.getTime() + 3600_000) });
    const first = await staffViewer();
    const second = await staffViewer();
    // Registered while the event was open, one seat and one waiting.
    const [seat, waiting] = await registerInTurn(event.id, [first.viewer, second.viewer], new Date(setup.startsAt.getTime() - 5 * DAY));
    await prisma.event.update({ where: { id: event.id }, data: { status: setup.status } });

    const cancelled = await cancelRegistration(first.user.id, seat!.id);
    expect(cancelled).toEqual({ ok: true, promoted: [] });
    expect(await statusesOf([waiting!.id])).toEqual(["WAITLISTED"]);
    expect(await prisma.notification.count({ where: { userId: second.user.id, kind: "WAITLIST_PROMOTED" } })).toBe(0);
    expect(await setCapacity(first.user.id, event.id, 10)).toEqual({ ok: true, promoted: [] });
    expect(await statusesOf([waiting!.id])).toEqual(["WAITLISTED"]);
  }
});
