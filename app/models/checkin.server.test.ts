import { expect, test } from "vitest";

import { badgePayload, getOrIssueBadge, qrSvg, revokeAndReissue, tokenFromPayload } from "~/models/badge.server";
import { decide, undoCheckIn } from "~/models/checkin.server";
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
