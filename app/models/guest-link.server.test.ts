import { createHash } from "node:crypto";

import { expect, test } from "vitest";

import {
  confirmAttendance,
  guestLinkExpiry,
  hashGuestToken,
  issueGuestLink,
  listGuestLinks,
  newGuestToken,
  resolveGuestLink,
  revokeGuestLinks,
} from "~/models/guest-link.server";
import { prisma } from "~/utils/db.server";

import { createEvent, createUser } from "../../tests/factories";

/** A one-afternoon visit in Hangzhou on 8 December 2026 with a delegation of three. */
async function visit(options: Parameters<typeof createEvent>[0] = {}) {
  const organizer = await createUser();
  const event = await createEvent({
    kind: "PARTNERSHIP_VISIT",
    audience: "INVITE_ONLY",
    startsAt: new Date("2026-12-08T14:00:00+08:00"),
    endsAt: new Date("2026-12-08T17:30:00+08:00"),
    organizerIds: [organizer.id],
    ...options,
  });
  const people = [
    { nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President", isLeader: true },
    { nameZh: "王立忠", nameEn: "Wang Lizhong", titleZh: "副校长", titleEn: "Vice President", isLeader: false },
    { nameZh: "倪建新", nameEn: "Ni Jianxin", titleZh: "院长", titleEn: "Dean", isLeader: false },
  ];
  const delegation = await prisma.delegation.create({ data: { eventId: event.id, organisationZh: "浙江大学", organisationEn: "Zhejiang University" } });
  const members = [];
  for (const [i, person] of people.entries()) {
    const guest = await createUser({ kind: "GUEST", password: null, nameZh: person.nameZh, nameEn: person.nameEn });
    members.push(
      await prisma.delegationMember.create({
        data: {
          delegationId: delegation.id,
          userId: guest.id,
          ...person,
          email: `guest${i}-${event.id}@zju.example`,
          phone: `+86 571 8795 ${1000 + i}`,
          precedence: i + 1,
        },
      }),
    );
  }
  return { organizer, event, members: members as [(typeof members)[number], (typeof members)[number], (typeof members)[number]] };
}

const BEFORE = new Date("2026-11-23T10:00:00Z");

async function issue(actorId: string, eventId: string, memberId: string, replace = false, now = BEFORE) {
  const outcome = await issueGuestLink(actorId, eventId, memberId, { replace, now });
  if (!outcome.ok) throw new Error(`not issued: ${outcome.messageKey}`);
  return outcome;
}

// ───────────────────────────── tokens ─────────────────────────────

test("a token is 32 random bytes in base64url; only its SHA-256 is stored, never the token itself", async () => {
  const tokens = new Set(Array.from({ length: 50 }, () => newGuestToken()));
  expect(tokens.size).toBe(50);
  for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

  const { organizer, event, members } = await visit();
  const { token } = await issue(organizer.id, event.id, members[0].id);
  const rows = await prisma.guestInvitation.findMany({ where: { memberId: members[0].id } });
  expect(rows).toHaveLength(1);
  expect(rows[0]!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
  expect(hashGuestToken(token)).toBe(rows[0]!.tokenHash);
  expect(JSON.stringify(rows)).not.toContain(token);
  // and the audit trail keeps no copy of it either
  const entries = await prisma.auditLog.findMany({ where: { eventId: event.id } });
  expect(entries.map((entry) => entry.action)).toEqual(["guest.link.create"]);
  expect(JSON.stringify(entries)).not.toContain(token);
});

// ───────────────────────────── expiry ─────────────────────────────

test("expiry rule: the end of the visit's last day in the event's zone, not the server's", () => {
  // Hangzhou: 17:30 on 8 December ends at 24:00 Beijing time, 15:59:59.999 UTC
  expect(guestLinkExpiry({ endsAt: new Date("2026-12-08T17:30:00+08:00"), timeZone: "Asia/Shanghai" }).toISOString()).toBe("2026-12-08T15:59:59.999Z");
  // a visit running past midnight ends on the next day
  expect(guestLinkExpiry({ endsAt: new Date("2026-12-09T00:30:00+08:00"), timeZone: "Asia/Shanghai" }).toISOString()).toBe("2026-12-09T15:59:59.999Z");
  // the same instant is still 8 December in Berlin, where the day ends at 23:00 UTC
  expect(guestLinkExpiry({ endsAt: new Date("2026-12-08T17:30:00+08:00"), timeZone: "Europe/Berlin" }).toISOString()).toBe("2026-12-08T22:59:59.999Z");
});

test("a link works up to the last millisecond of the visit's last day and never after", async () => {
  const { organizer, event, members } = await visit({ endsAt: new Date("2026-12-09T12:00:00+08:00") });
  const { token, expiresAt } = await issue(organizer.id, event.id, members[0].id);
  expect(expiresAt.toISOString()).toBe("2026-12-09T15:59:59.999Z");
  const stored = await prisma.guestInvitation.findFirstOrThrow({ where: { memberId: members[0].id } });
  expect(stored.expiresAt.toISOString()).toBe("2026-12-09T15:59:59.999Z");
  expect((await resolveGuestLink(token, new Date("2026-12-09T15:59:59.999Z"))).status).toBe("active");
  expect(await resolveGuestLink(token, new Date("2026-12-09T16:00:00.000Z"))).toEqual({ status: "expired" });
  // an expired link cannot be confirmed with either
  expect(await confirmAttendance(token, new Date("2026-12-10T09:00:00+08:00"))).toEqual({ status: "expired" });
  expect((await prisma.guestInvitation.findFirstOrThrow({ where: { memberId: members[0].id } })).confirmedAt).toBeNull();
});

test("moving the visit: earlier takes the links with it; later leaves them at the old date, flagged for re-issue", async () => {
  const { organizer, event, members } = await visit();
  const { token } = await issue(organizer.id, event.id, members[0].id);
  const dayAfter = new Date("2026-12-09T10:00:00+08:00");

  await prisma.event.update({ where: { id: event.id }, data: { startsAt: new Date("2026-12-07T14:00:00+08:00"), endsAt: new Date("2026-12-07T17:30:00+08:00") } });
  expect(await resolveGuestLink(token, new Date("2026-12-08T09:00:00+08:00"))).toEqual({ status: "expired" });

  await prisma.event.update({ where: { id: event.id }, data: { startsAt: new Date("2026-12-15T14:00:00+08:00"), endsAt: new Date("2026-12-15T17:30:00+08:00") } });
  expect(await resolveGuestLink(token, dayAfter)).toEqual({ status: "expired" });
  const before = await listGuestLinks(event.id, BEFORE);
  expect(before!.members[0]!.link).toMatchObject({ state: "active", outdated: true });
  expect(before!.members[0]!.link!.expiresAt.toISOString()).toBe("2026-12-08T15:59:59.999Z");
  // re-issuing gives a link to the new date
  const reissued = await issue(organizer.id, event.id, members[0].id, true);
  expect(reissued.expiresAt.toISOString()).toBe("2026-12-15T15:59:59.999Z");
  expect((await resolveGuestLink(reissued.token, dayAfter)).status).toBe("active");
  expect((await listGuestLinks(event.id, BEFORE))!.members[0]!.link).toMatchObject({ state: "active", outdated: false });
});

test("no links for a visit that is over or cancelled", async () => {
  const { organizer, event, members } = await visit();
  expect(await issueGuestLink(organizer.id, event.id, members[0].id, { replace: false, now: new Date("2026-12-09T00:00:00+08:00") })).toEqual({
    ok: false,
    status: 409,
    messageKey: "guestLink.visitOver",
  });
  await prisma.event.update({ where: { id: event.id }, data: { status: "CANCELLED" } });
  expect(await issueGuestLink(organizer.id, event.id, members[0].id, { replace: false, now: BEFORE })).toMatchObject({ ok: false, status: 409, messageKey: "guestLink.visitCancelled" });
  expect(await prisma.guestInvitation.count({ where: { memberId: members[0].id } })).toBe(0);
});

// ───────────────────────────── revoking and re-issuing ─────────────────────────────

test("a revoked link never works again, not even after a new link is made for the same member", async () => {
  const { organizer, event, members } = await visit();
  const { token } = await issue(organizer.id, event.id, members[1].id);
  expect((await resolveGuestLink(token, BEFORE)).status).toBe("active");
  expect(await revokeGuestLinks(organizer.id, event.id, members[1].id, BEFORE)).toMatchObject({ ok: true, revoked: 1 });
  expect(await resolveGuestLink(token, BEFORE)).toEqual({ status: "revoked" });
  // nothing left to revoke
  expect(await revokeGuestLinks(organizer.id, event.id, members[1].id, BEFORE)).toEqual({ ok: false, status: 409, messageKey: "guestLink.nothingToRevoke" });
  const fresh = await issue(organizer.id, event.id, members[1].id);
  expect(fresh.token).not.toBe(token);
  expect((await resolveGuestLink(fresh.token, BEFORE)).status).toBe("active");
  expect(await resolveGuestLink(token, BEFORE)).toEqual({ status: "revoked" });
  expect(await confirmAttendance(token, BEFORE)).toEqual({ status: "revoked" });
  const actions = (await prisma.auditLog.findMany({ where: { eventId: event.id }, orderBy: { createdAt: "asc" } })).map((entry) => entry.action);
  expect(actions).toEqual(["guest.link.create", "guest.link.revoke", "guest.link.create"]);
});

test("re-issuing revokes the old link in the same write; creating over a working link is refused", async () => {
  const { organizer, event, members } = await visit();
  const first = await issue(organizer.id, event.id, members[2].id);
  expect(await issueGuestLink(organizer.id, event.id, members[2].id, { replace: false, now: BEFORE })).toEqual({ ok: false, status: 409, messageKey: "guestLink.alreadyActive" });
  // the refusal changed nothing
  expect((await resolveGuestLink(first.token, BEFORE)).status).toBe("active");
  expect(await prisma.guestInvitation.count({ where: { memberId: members[2].id } })).toBe(1);

  const second = await issue(organizer.id, event.id, members[2].id, true);
  expect(second.revoked).toBe(1);
  expect(await resolveGuestLink(first.token, BEFORE)).toEqual({ status: "revoked" });
  expect((await resolveGuestLink(second.token, BEFORE)).status).toBe("active");
  const links = await prisma.guestInvitation.findMany({ where: { memberId: members[2].id }, orderBy: { createdAt: "asc" } });
  expect(links.map((link) => link.revokedAt !== null)).toEqual([true, false]);
  const reissue = await prisma.auditLog.findFirstOrThrow({ where: { eventId: event.id, action: "guest.link.reissue" } });
  expect(JSON.parse(reissue.metadata)).toMatchObject({ memberId: members[2].id, revoked: [links[0]!.id] });
});

test("a member of another visit, or no member at all, is a 404 and writes nothing", async () => {
  const ours = await visit();
  const theirs = await visit();
  expect(await issueGuestLink(ours.organizer.id, ours.event.id, theirs.members[0].id, { replace: false, now: BEFORE })).toEqual({ ok: false, status: 404, messageKey: "guestLink.memberNotFound" });
  expect(await issueGuestLink(ours.organizer.id, ours.event.id, "no-such-member", { replace: true, now: BEFORE })).toMatchObject({ ok: false, status: 404 });
  expect(await revokeGuestLinks(ours.organizer.id, ours.event.id, theirs.members[0].id, BEFORE)).toMatchObject({ ok: false, status: 404 });
  expect(await prisma.guestInvitation.count({ where: { memberId: theirs.members[0].id } })).toBe(0);
  expect(await prisma.auditLog.count({ where: { eventId: ours.event.id } })).toBe(0);
});

// ───────────────────────────── confirming ─────────────────────────────

test("confirming is idempotent: the first time is kept, a second press writes nothing; re-issuing keeps it", async () => {
  const { organizer, event, members } = await visit();
  const { token } = await issue(organizer.id, event.id, members[0].id);
  const first = new Date("2026-11-24T09:00:00+08:00");
  const second = new Date("2026-11-25T09:00:00+08:00");
  expect(await confirmAttendance(token, first)).toEqual({ status: "confirmed", confirmedAt: first, first: true });
  expect(await confirmAttendance(token, second)).toEqual({ status: "confirmed", confirmedAt: first, first: false });
  const resolved = await resolveGuestLink(token, second);
  expect(resolved.status === "active" && resolved.confirmedAt?.toISOString()).toBe(first.toISOString());
  const confirmations = await prisma.auditLog.findMany({ where: { eventId: event.id, action: "guest.confirm" } });
  expect(confirmations).toHaveLength(1);
  expect(confirmations[0]!.actorId).toBe(members[0].userId);

  // the member confirmed, whatever link they did it with
  const reissued = await issue(organizer.id, event.id, members[0].id, true, second);
  const after = await resolveGuestLink(reissued.token, second);
  expect(after.status === "active" && after.confirmedAt?.toISOString()).toBe(first.toISOString());
  expect((await listGuestLinks(event.id, second))!.members[0]!.link).toMatchObject({ state: "active", confirmedAt: first });
});

test("a cancelled visit takes no confirmations", async () => {
  const { organizer, event, members } = await visit();
  const { token } = await issue(organizer.id, event.id, members[0].id);
  await prisma.event.update({ where: { id: event.id }, data: { status: "CANCELLED" } });
  expect(await confirmAttendance(token, BEFORE)).toEqual({ status: "cancelled" });
  expect((await prisma.guestInvitation.findFirstOrThrow({ where: { memberId: members[0].id } })).confirmedAt).toBeNull();
});

// ───────────────────────────── bad tokens ─────────────────────────────

test("bad tokens get their reason and nothing else: no member, no visit, no contact data", async () => {
  const { organizer, event, members } = await visit();
  const revoked = (await issue(organizer.id, event.id, members[0].id)).token;
  await revokeGuestLinks(organizer.id, event.id, members[0].id, BEFORE);
  const expiring = (await issue(organizer.id, event.id, members[1].id)).token;
  const cases: Array<[string | undefined, string, Date]> = [
    [undefined, "malformed", BEFORE],
    ["", "malformed", BEFORE],
    ["abc", "malformed", BEFORE],
    [`${"A".repeat(42)}+`, "malformed", BEFORE],
    [`${"A".repeat(44)}`, "malformed", BEFORE],
    ["../../events", "malformed", BEFORE],
    [newGuestToken(), "unknown", BEFORE],
    // a real link's hash is not a token
    [hashGuestToken(expiring).slice(0, 43), "unknown", BEFORE],
    [revoked, "revoked", BEFORE],
    [expiring, "expired", new Date("2026-12-09T00:00:00+08:00")],
  ];
  for (const [token, status, now] of cases) {
    const resolved = await resolveGuestLink(token, now);
    expect(resolved, String(token)).toEqual({ status });
    expect(await confirmAttendance(token, now), String(token)).toEqual({ status });
  }
  expect(await prisma.guestInvitation.count({ where: { confirmedAt: { not: null }, member: { delegation: { eventId: event.id } } } })).toBe(0);
});

test("an active link opens its own member and visit only, with no contact details", async () => {
  const { organizer, event, members } = await visit();
  const { token } = await issue(organizer.id, event.id, members[1].id);
  const resolved = await resolveGuestLink(token, BEFORE);
  if (resolved.status !== "active") throw new Error("not active");
  expect(resolved.member).toMatchObject({ id: members[1].id, nameZh: "王立忠", titleEn: "Vice President", isLeader: false });
  expect(resolved.event).toMatchObject({ id: event.id, slug: event.slug, timeZone: "Asia/Shanghai" });
  const serialized = JSON.stringify(resolved);
  for (const member of members) {
    expect(serialized).not.toContain(member.email!);
    expect(serialized).not.toContain(member.phone!);
  }
  expect(serialized).not.toContain("吴朝晖");
});

test("the organizer's overview: every member in precedence order with the state of their newest link", async () => {
  const { organizer, event, members } = await visit();
  const { token } = await issue(organizer.id, event.id, members[0].id);
  await confirmAttendance(token, BEFORE);
  await issue(organizer.id, event.id, members[1].id);
  await revokeGuestLinks(organizer.id, event.id, members[1].id, BEFORE);
  const overview = await listGuestLinks(event.id, BEFORE);
  expect(overview!.expiresAt.toISOString()).toBe("2026-12-08T15:59:59.999Z");
  expect(overview!.members.map((member) => [member.precedence, member.nameEn, member.link?.state ?? "none", Boolean(member.link?.confirmedAt)])).toEqual([
    [1, "Wu Zhaohui", "active", true],
    [2, "Wang Lizhong", "revoked", false],
    [3, "Ni Jianxin", "none", false],
  ]);
  expect(JSON.stringify(overview)).not.toContain("@zju.example");
  const expired = await listGuestLinks(event.id, new Date("2026-12-09T00:00:00+08:00"));
  expect(expired!.members[0]!.link!.state).toBe("expired");
  // a visit without a delegation has no overview
  const bare = await createEvent({ kind: "PARTNERSHIP_VISIT" });
  expect(await listGuestLinks(bare.id)).toBeNull();
});
