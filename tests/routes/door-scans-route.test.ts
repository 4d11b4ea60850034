import { expect, test } from "vitest";

import { createEvent, createUser } from "../factories";
import { get, post, routeArgs, sessionCookieFor, settle, statusOf } from "../request";
import { badgePayload, getOrIssueBadge } from "~/models/badge.server";
import { tokenHash } from "~/models/checkin.server";
import { action as checkinAction, loader as checkinLoader } from "~/routes/events.$slug.checkin";
import { action, loader } from "~/routes/events.$slug.scans";
import { prisma } from "~/utils/db.server";

async function doorSetup() {
  const door = await createUser();
  const organizer = await createUser();
  const event = await createEvent({ checkinStaffIds: [door.id], organizerIds: [organizer.id] });
  const person = await createUser({ nameZh: "刘洋", nameEn: "Liu Yang" });
  await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED" } });
  const badge = (await getOrIssueBadge(event.id, person.id))!;
  return { door, organizer, event, person, badge, payload: badgePayload(badge.token) };
}

async function postJson(path: string, body: unknown, userId: string) {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": "application/json", Cookie: await sessionCookieFor(userId) },
  });
}

const bodyOf = (outcome: Response) => outcome.json() as Promise<unknown>;

test("the prepared door list: door staff and organizers get it, not cached; staff and other events' door staff get 403", async () => {
  const { door, organizer, event, badge } = await doorSetup();
  for (const userId of [door.id, organizer.id]) {
    const loaded = await loader(routeArgs(await get(`/events/${event.slug}/scans`, { userId }), { slug: event.slug }));
    expect(statusOf(loaded)).toBe(200);
    expect(loaded.headers.get("Cache-Control")).toBe("no-store");
    expect(await bodyOf(loaded)).toMatchObject({ badges: [{ hash: tokenHash(badge.token), nameZh: "刘洋" }], revoked: [] });
  }
  const staff = await createUser();
  const elsewhere = await createUser();
  await createEvent({ checkinStaffIds: [elsewhere.id] });
  for (const userId of [staff.id, elsewhere.id]) {
    const refused = await settle(async () => loader(routeArgs(await get(`/events/${event.slug}/scans`, { userId }), { slug: event.slug })));
    expect(statusOf(refused.thrown)).toBe(403);
    const posted = await settle(async () => action(routeArgs(await postJson(`/events/${event.slug}/scans`, { deviceId: "d1", scans: [{ clientScanId: "abcdefgh", code: "x", scannedAt: new Date().toISOString() }] }, userId), { slug: event.slug })));
    expect(statusOf(posted.thrown)).toBe(403);
  }
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(0);
});

test("posting scans: a live scan, a queue re-sent after a lost answer counts once, and malformed bodies get 400", async () => {
  const { door, event, payload } = await doorSetup();
  const scans = [{ clientScanId: "c0ffee0001", code: payload, scannedAt: new Date(Date.now() - 60_000).toISOString() }];
  for (let attempt = 0; attempt < 3; attempt++) {
    const answered = await action(routeArgs(await postJson(`/events/${event.slug}/scans`, { deviceId: "door-a1", scans }, door.id), { slug: event.slug }));
    expect(await bodyOf(answered)).toMatchObject({ results: [{ clientScanId: "c0ffee0001", view: { outcome: "CHECKED_IN", person: { nameZh: "刘洋" }, checkInId: expect.any(String) } }] });
  }
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(1);

  for (const bad of [
    "{not json",
    {},
    { deviceId: "d1", scans: [] },
    { deviceId: "has spaces", scans: [{ clientScanId: "abcdefgh", code: payload, scannedAt: new Date().toISOString() }] },
    { deviceId: "d1", scans: [{ clientScanId: "short", code: payload, scannedAt: new Date().toISOString() }] },
    { deviceId: "d1", scans: [{ clientScanId: "abcdefgh", code: payload, scannedAt: "yesterday" }] },
    { deviceId: "d1", scans: Array.from({ length: 501 }, (_, i) => ({ clientScanId: `scan-${String(i).padStart(4, "0")}`, code: payload, scannedAt: new Date().toISOString() })) },
  ]) {
    const refused = await settle(async () => action(routeArgs(await postJson(`/events/${event.slug}/scans`, bad, door.id), { slug: event.slug })));
    expect(statusOf(refused.thrown)).toBe(400);
    // a resource route answers with the translated message, not Remix's "Unexpected Server Error"
    expect(await (refused.thrown as Response).json()).toEqual({ messageKey: "checkin.badQueue", error: expect.stringContaining("无法读取扫码记录") });
  }
});

test("the scanner page without JavaScript: a typed scan, an unknown code (400), undo by check-in staff; staff get 403", async () => {
  const { door, event, payload } = await doorSetup();
  expect(statusOf(await checkinLoader(routeArgs(await get(`/events/${event.slug}/checkin`, { userId: door.id }), { slug: event.slug })))).toBe(200);
  const scanned = (await checkinAction(routeArgs(await post(`/events/${event.slug}/checkin`, { intent: "scan", code: payload }, { userId: door.id }), { slug: event.slug }))) as {
    kind: string;
    message: string;
    checkInId: string;
  };
  expect(scanned).toMatchObject({ kind: "scan", outcome: "CHECKED_IN", message: "签到成功：刘洋 Liu Yang" });
  const unknown = await checkinAction(routeArgs(await post(`/events/${event.slug}/checkin`, { intent: "scan", code: "hello" }, { userId: door.id }), { slug: event.slug }));
  expect(statusOf(unknown)).toBe(400);
  const undone = await checkinAction(routeArgs(await post(`/events/${event.slug}/checkin`, { intent: "undo", checkInId: scanned.checkInId }, { userId: door.id }), { slug: event.slug }));
  expect(undone).toEqual({ kind: "undone", checkInId: scanned.checkInId });
  expect(await prisma.checkIn.findUniqueOrThrow({ where: { id: scanned.checkInId } })).toMatchObject({ undoneById: door.id });
  const again = await settle(async () => checkinAction(routeArgs(await post(`/events/${event.slug}/checkin`, { intent: "undo", checkInId: scanned.checkInId }, { userId: door.id }), { slug: event.slug })));
  expect(statusOf(again.thrown)).toBe(404);

  const staff = await createUser();
  const refused = await settle(async () => checkinAction(routeArgs(await post(`/events/${event.slug}/checkin`, { intent: "scan", code: payload }, { userId: staff.id }), { slug: event.slug })));
  expect(statusOf(refused.thrown)).toBe(403);
  const page = await settle(async () => checkinLoader(routeArgs(await get(`/events/${event.slug}/checkin`, { userId: staff.id }), { slug: event.slug })));
  expect(statusOf(page.thrown)).toBe(403);
});
