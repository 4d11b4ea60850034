import { expect, test } from "vitest";

import { badgePayload, getOrIssueBadge, qrSvg, revokeAndReissue } from "~/models/badge.server";
import { decide, decideQueue, doorList, tokenHash, undoCheckIn } from "~/models/checkin.server";
import { hashToken, tokenFromPayload } from "~/utils/door-offline";
import { prisma } from "~/utils/db.server";

import { createEvent, createUser } from "../../tests/factories";

async function confirmedBadge(options: { recruitmentBatch?: string } = {}) {
  const event = await createEvent();
  const door = await createUser();
  const person = await createUser({ nameZh: "刘洋", nameEn: "Liu Yang", recruitmentBatch: options.recruitmentBatch ?? null });
  await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED" } });
  const badge = await getOrIssueBadge(event.id, person.id);
  if (!badge) throw new Error("a confirmed registrant must get a badge");
  return { event, door, person, badge, payload: badgePayload(badge.token) };
}

test("a badge payload is short and unguessable, and only our own format is accepted", async () => {
  const { badge, payload } = await confirmedBadge();
  expect(payload.length).toBeLessThanOrEqual(60);
  expect(payload).toMatch(/^CV1\.[A-Za-z0-9_-]{22}$/);
  expect(tokenFromPayload(payload)).toBe(badge.token);
  for (const junk of ["", "CV1.", `${payload}x`, payload.slice(0, -1), "https://evil.example/?CV1.x", "CV1.\u0000\u0001binary\u00ff", "CV2." + badge.token]) {
    expect(tokenFromPayload(junk)).toBeNull();
  }
  const other = await confirmedBadge();
  expect(other.badge.token).not.toBe(badge.token);
  expect(await qrSvg(payload)).toContain("<svg");
});

test("only a confirmed registration gets a badge, issued once, with the new-hire ribbon for new hires", async () => {
  const { event, person, badge } = await confirmedBadge({ recruitmentBatch: "2019-5" });
  expect(badge.ribbon).toBe("NEW_HIRE");
  expect((await getOrIssueBadge(event.id, person.id))?.id).toBe(badge.id);
  const waiting = await createUser();
  await prisma.registration.create({ data: { eventId: event.id, userId: waiting.id, status: "WAITLISTED" } });
  expect(await getOrIssueBadge(event.id, waiting.id)).toBeNull();
  expect(await getOrIssueBadge(event.id, (await createUser()).id)).toBeNull();
});

test("scans: checked in, then already (with when and by whom), wrong event, unknown for tampered or binary codes", async () => {
  const { event, door, payload } = await confirmedBadge();
  const first = await decide({ eventId: event.id, payload, scannedById: door.id });
  expect(first).toMatchObject({ outcome: "CHECKED_IN", person: { nameZh: "刘洋" }, ribbon: "STAFF" });
  const second = await decide({ eventId: event.id, payload, scannedById: door.id });
  expect(second).toMatchObject({ outcome: "ALREADY", by: { nameEn: expect.any(String) } });
  expect(second.outcome === "ALREADY" && second.at instanceof Date).toBe(true);

  // At another event's door the answer names the event this badge is for, so the guest can be redirected.
  const elsewhere = await createEvent();
  expect(await decide({ eventId: elsewhere.id, payload, scannedById: door.id })).toEqual({ outcome: "WRONG_EVENT", event: { titleZh: event.titleZh, titleEn: event.titleEn } });
  const tampered = `${payload.slice(0, -1)}${payload.endsWith("A") ? "B" : "A"}`;
  for (const junk of [payload.slice(0, 10), tampered, "\u0000\u00ff\u00fe", "x".repeat(10_000)]) {
    expect(await decide({ eventId: event.id, payload: junk, scannedById: door.id })).toEqual({ outcome: "UNKNOWN" });
  }
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(1);
});

test("revoking a badge makes its old code fail at the door while the reissued one works", async () => {
  const { event, door, badge, payload } = await confirmedBadge();
  const successor = await revokeAndReissue(door.id, event.id, badge.id, "lost");
  expect(successor).not.toBeNull();
  expect(await decide({ eventId: event.id, payload, scannedById: door.id })).toEqual({ outcome: "REVOKED" });
  expect(await decide({ eventId: event.id, payload: badgePayload(successor!.token), scannedById: door.id })).toMatchObject({ outcome: "CHECKED_IN" });
  expect(await revokeAndReissue(door.id, event.id, badge.id, "again")).toBeNull();
  expect(await prisma.auditLog.count({ where: { action: "badge.revoke", entityId: badge.id } })).toBe(1);
});

test("two devices scanning the same badge at once record one check-in and one duplicate", async () => {
  const { event, door, payload } = await confirmedBadge();
  const results = await Promise.all([
    decide({ eventId: event.id, payload, scannedById: door.id, deviceId: "door-1" }),
    decide({ eventId: event.id, payload, scannedById: door.id, deviceId: "door-2" }),
  ]);
  expect(results.map((r) => r.outcome).sort()).toEqual(["ALREADY", "CHECKED_IN"]);
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(1);
});

test("a scan re-sent with the same client id counts once; undo is recorded and allows a fresh check-in", async () => {
  const { event, door, payload } = await confirmedBadge();
  const first = await decide({ eventId: event.id, payload, scannedById: door.id, clientScanId: "device-a:1" });
  const replay = await decide({ eventId: event.id, payload, scannedById: door.id, clientScanId: "device-a:1" });
  expect(replay).toEqual(first);
  expect(await prisma.checkIn.count({ where: { eventId: event.id } })).toBe(1);

  if (first.outcome !== "CHECKED_IN") throw new Error("expected a check-in");
  expect(await undoCheckIn(door.id, event.id, first.checkInId)).toBe(true);
  expect(await undoCheckIn(door.id, event.id, first.checkInId)).toBe(false);
  const undone = await prisma.checkIn.findUniqueOrThrow({ where: { id: first.checkInId } });
  expect(undone.undoneById).toBe(door.id);
  expect(await decide({ eventId: event.id, payload, scannedById: door.id })).toMatchObject({ outcome: "CHECKED_IN" });
  expect(await prisma.auditLog.count({ where: { action: "checkin.undo", entityId: first.checkInId } })).toBe(1);
  const elsewhere = await createEvent();
  expect(await undoCheckIn(door.id, elsewhere.id, first.checkInId)).toBe(false);
});

test("a synced queue counts every scan once, however often it is re-sent, and is decided at the time of each scan", async () => {
  const { event, door, person, payload } = await confirmedBadge();
  const scannedAt = new Date(Date.now() - 10 * 60_000);
  const queue = [
    { clientScanId: "scan-aaaaaaaa", code: payload, scannedAt },
    { clientScanId: "scan-bbbbbbbb", code: "not a badge", scannedAt: new Date(scannedAt.getTime() + 1000) },
  ];
  const first = await decideQueue(event.id, door.id, "door-1", queue);
  expect(first.map((result) => result.decision.outcome)).toEqual(["CHECKED_IN", "UNKNOWN"]);
  const again = await decideQueue(event.id, door.id, "door-1", queue);
  expect(again.map((result) => result.decision.outcome)).toEqual(["CHECKED_IN", "UNKNOWN"]);
  const rows = await prisma.checkIn.findMany({ where: { eventId: event.id } });
  expect(rows).toHaveLength(1);
  // the arrival is recorded when the badge was scanned, not when the queue reached the server
  expect(rows[0]).toMatchObject({ deviceId: "door-1", clientScanId: "scan-aaaaaaaa", scannedById: door.id });
  expect(rows[0]!.scannedAt.getTime()).toBe(scannedAt.getTime());
  expect(rows[0]!.badgeId).toBe((await prisma.badge.findFirstOrThrow({ where: { userId: person.id } })).id);
});

test("two devices that scanned one badge offline: one check-in at the earlier time, one 'already', whichever syncs first", async () => {
  const { event, door, payload } = await confirmedBadge();
  const other = await createUser();
  const early = new Date(Date.now() - 20 * 60_000);
  const late = new Date(Date.now() - 5 * 60_000);
  // the device that scanned later syncs first
  const [b] = await decideQueue(event.id, other.id, "door-b", [{ clientScanId: "late-scan-1", code: payload, scannedAt: late }]);
  const [a] = await decideQueue(event.id, door.id, "door-a", [{ clientScanId: "early-scan-1", code: payload, scannedAt: early }]);
  expect(b!.decision.outcome).toBe("CHECKED_IN");
  expect(a!.decision.outcome).toBe("ALREADY");
  const rows = await prisma.checkIn.findMany({ where: { eventId: event.id } });
  expect(rows).toHaveLength(1);
  expect(rows[0]!.scannedAt.getTime()).toBe(early.getTime());
  expect(rows[0]).toMatchObject({ deviceId: "door-a", scannedById: door.id });
});

test("a queued scan dated in the future or days ago is taken as made now; a badge revoked before the scan time is refused", async () => {
  const { event, door, payload, badge } = await confirmedBadge();
  const now = new Date();
  const [future] = await decideQueue(event.id, door.id, "door-1", [{ clientScanId: "future-scan", code: payload, scannedAt: new Date(now.getTime() + 3600_000) }], now);
  expect(future!.decision.outcome).toBe("CHECKED_IN");
  expect((await prisma.checkIn.findFirstOrThrow({ where: { eventId: event.id } })).scannedAt.getTime()).toBe(now.getTime());

  await revokeAndReissue(door.id, event.id, badge.id, "lost");
  const [revoked] = await decideQueue(event.id, door.id, "door-1", [{ clientScanId: "revoked-scan", code: payload, scannedAt: new Date() }]);
  expect(revoked!.decision.outcome).toBe("REVOKED");
});

test("a client scan id reused for another badge is not mistaken for a replay", async () => {
  const one = await confirmedBadge();
  const person = await createUser();
  await prisma.registration.create({ data: { eventId: one.event.id, userId: person.id, status: "CONFIRMED" } });
  const second = await getOrIssueBadge(one.event.id, person.id);
  const scan = (code: string) => decideQueue(one.event.id, one.door.id, "door-1", [{ clientScanId: "same-id-123", code, scannedAt: new Date() }]);
  expect((await scan(one.payload))[0]!.decision.outcome).toBe("CHECKED_IN");
  expect((await scan(badgePayload(second!.token)))[0]!.decision.outcome).toBe("CHECKED_IN");
  expect(await prisma.checkIn.count({ where: { eventId: one.event.id } })).toBe(2);
});

test("the door list has hashes, never tokens; revoked badges are listed apart; and who is in already", async () => {
  const { event, door, payload, badge } = await confirmedBadge();
  const person = await createUser({ nameZh: "王芳", nameEn: "Wang Fang" });
  await prisma.registration.create({ data: { eventId: event.id, userId: person.id, status: "CONFIRMED" } });
  const second = (await getOrIssueBadge(event.id, person.id))!;
  await decide({ eventId: event.id, payload: badgePayload(second.token), scannedById: door.id });
  const successor = (await revokeAndReissue(door.id, event.id, badge.id, "lost"))!;

  const list = await doorList(event.id);
  const text = JSON.stringify(list);
  for (const token of [badge.token, second.token, successor.token]) expect(text).not.toContain(token);
  expect(list.revoked).toEqual([tokenHash(badge.token)]);
  expect(list.badges.map((entry) => entry.hash).sort()).toEqual([tokenHash(second.token), tokenHash(successor.token)].sort());
  expect(list.badges.find((entry) => entry.hash === tokenHash(second.token))).toMatchObject({ nameZh: "王芳", checkedInAt: expect.any(String) });
  expect(list.badges.find((entry) => entry.hash === tokenHash(successor.token))).toMatchObject({ nameZh: "刘洋", checkedInAt: null });
  // the browser computes the same hash from the scanned code
  expect(await hashToken(tokenFromPayload(payload)!)).toBe(tokenHash(badge.token));
});

test("a registrant who cancelled is refused at the door and listed as revoked; confirmed again, the same badge works", async () => {
  const { event, door, person, payload, badge } = await confirmedBadge();
  await prisma.registration.update({ where: { eventId_userId: { eventId: event.id, userId: person.id } }, data: { status: "CANCELLED" } });
  expect(await decide({ eventId: event.id, payload, scannedById: door.id })).toEqual({ outcome: "REVOKED" });
  expect((await doorList(event.id)).revoked).toEqual([tokenHash(badge.token)]);
  await prisma.registration.update({ where: { eventId_userId: { eventId: event.id, userId: person.id } }, data: { status: "CONFIRMED" } });
  expect((await decide({ eventId: event.id, payload, scannedById: door.id })).outcome).toBe("CHECKED_IN");
});

test("a reissued badge keeps the calling number, the presentation and the validity window of the one it replaces", async () => {
  const { event, door, badge } = await confirmedBadge({ recruitmentBatch: "2019-5" });
  const presentedAt = new Date("2027-01-15T02:00:00Z");
  const validUntil = new Date("2099-01-01T00:00:00Z");
  await prisma.badge.update({ where: { id: badge.id }, data: { callingOrder: 12, presentedAt, validUntil } });
  const successor = await revokeAndReissue(door.id, event.id, badge.id, "printed with a typo");
  expect(await prisma.badge.findUniqueOrThrow({ where: { id: successor!.id } })).toMatchObject({ callingOrder: 12, presentedAt, validUntil, ribbon: "NEW_HIRE", revokedAt: null });
});
