import { expect, test } from "vitest";

import { badgePayload, getOrIssueBadge } from "~/models/badge.server";
import { decide } from "~/models/checkin.server";
import {
  addMember,
  addMembers,
  getDelegation,
  MemberSchema,
  moveMember,
  removeMember,
  saveOrganisation,
  syncVisitorBadgeWindows,
  updateMember,
  VISITOR_BADGE_LEAD_MS,
  type MemberInput,
} from "~/models/delegation.server";
import { prisma } from "~/utils/db.server";

import { createEvent, createUser } from "../../tests/factories";

const HOUR = 3600 * 1000;
const START = new Date("2027-03-10T06:00:00Z"); // 14:00 in Hangzhou
const END = new Date("2027-03-10T09:30:00Z");

async function visit() {
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const event = await createEvent({ kind: "PARTNERSHIP_VISIT", startsAt: START, endsAt: END, audience: "INVITE_ONLY", organizerIds: [organizer.id] });
  return { organizer, event };
}

let people = 0;
/** A member as the form gives it, with a fresh email unless told otherwise. */
function member(overrides: Partial<MemberInput> = {}): MemberInput {
  people++;
  return MemberSchema.parse({ nameZh: `来宾${people}`, nameEn: `Guest ${people}`, titleZh: "院长", titleEn: "Dean", email: `guest.${people}.${Date.now()}@zju.example`, ...overrides });
}

async function order(eventId: string) {
  const delegation = await getDelegation(eventId);
  return (delegation?.members ?? []).map((m) => [m.precedence, m.nameEn, m.isLeader] as const);
}

function added<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

test("the form's rules: a name in either language, a valid optional email (kept in lower case), limits, the leader box", () => {
  const parse = (input: Record<string, string>) => MemberSchema.safeParse(input);
  const firstError = (input: Record<string, string>) => {
    const result = parse(input);
    return result.success ? null : { path: result.error.issues[0]!.path.join("."), message: result.error.issues[0]!.message };
  };
  expect(firstError({})).toEqual({ path: "nameZh", message: "delegation.error.nameRequired" });
  expect(firstError({ nameZh: "  ", nameEn: " " })).toEqual({ path: "nameZh", message: "delegation.error.nameRequired" });
  expect(parse({ nameEn: "Anna Schmidt" }).success).toBe(true);
  expect(parse({ nameZh: "吴朝晖" }).success).toBe(true);
  expect(firstError({ nameZh: "吴朝晖", email: "wu@@zju" })).toEqual({ path: "email", message: "delegation.error.email" });
  expect(firstError({ nameZh: "吴".repeat(51) })).toEqual({ path: "nameZh", message: "form.tooLong" });
  expect(firstError({ nameZh: "吴朝晖", phone: "1".repeat(41) })).toEqual({ path: "phone", message: "form.tooLong" });
  const good = MemberSchema.parse({ nameZh: " 吴朝晖 ", email: " Wu.Zhaohui@ZJU.example ", phone: "+86 571 8795 1234 转 8", isLeader: "on" });
  expect(good).toMatchObject({ nameZh: "吴朝晖", nameEn: "", email: "wu.zhaohui@zju.example", phone: "+86 571 8795 1234 转 8", isLeader: true, dietaryNeeds: "" });
  expect(MemberSchema.parse({ nameZh: "吴朝晖" }).isLeader).toBe(false);
});

test("adding a member makes a password-less guest, a confirmed registration and a visitor badge valid for the visit only", async () => {
  const { organizer, event } = await visit();
  await saveOrganisation(organizer.id, event.id, { organisationZh: "浙江大学", organisationEn: "Zhejiang University" });
  const outcome = added(await addMember(organizer.id, event.id, member({ nameZh: "吴朝晖", nameEn: "Wu Zhaohui", email: "Wu.Zhaohui.New@ZJU.example", isLeader: true })));

  const user = await prisma.user.findUniqueOrThrow({ where: { id: outcome.member.userId }, include: { roles: true, profile: true } });
  expect(user).toMatchObject({ kind: "GUEST", passwordHash: null, email: "wu.zhaohui.new@zju.example", nameZh: "吴朝晖", nameEn: "Wu Zhaohui", profile: null });
  expect(user.roles.map((role) => role.name)).toEqual(["guest"]);

  const registration = await prisma.registration.findUniqueOrThrow({ where: { eventId_userId: { eventId: event.id, userId: user.id } } });
  expect(registration).toMatchObject({ status: "CONFIRMED", registeredById: organizer.id });
  const badges = await prisma.badge.findMany({ where: { eventId: event.id, userId: user.id } });
  expect(badges).toHaveLength(1);
  expect(badges[0]).toMatchObject({ ribbon: "VISITOR", registrationId: registration.id, revokedAt: null, validFrom: new Date(START.getTime() - VISITOR_BADGE_LEAD_MS), validUntil: END });
  expect(VISITOR_BADGE_LEAD_MS).toBe(2 * HOUR);
  // the badge machinery hands out this same badge, rather than a second one without a window
  expect((await getOrIssueBadge(event.id, user.id))?.id).toBe(badges[0]!.id);

  // the member takes the delegation's organisation when none is given; the first member is number 1
  const [row] = (await getDelegation(event.id))!.members;
  expect(row).toMatchObject({ precedence: 1, isLeader: true, organisationZh: "浙江大学", organisationEn: "Zhejiang University", registrationStatus: "CONFIRMED", badge: { ribbon: "VISITOR" } });
  const actions = await prisma.auditLog.findMany({ where: { OR: [{ eventId: event.id }, { entityId: user.id }] }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true } });
  expect(actions.map((a) => a.action)).toEqual(["delegation.organisation", "user.create", "registration.create", "delegation.member.add"]);
  expect(actions.every((a) => a.actorId === organizer.id)).toBe(true);
});

test("the door lets a member in only inside the window, and refuses them once removed", async () => {
  const { organizer, event } = await visit();
  const door = await createUser();
  const { member: m } = added(await addMember(organizer.id, event.id, member()));
  const badge = (await prisma.badge.findFirstOrThrow({ where: { eventId: event.id, userId: m.userId } })).token;
  const scan = (now: Date) => decide({ eventId: event.id, payload: badgePayload(badge), scannedById: door.id, now });
  expect((await scan(new Date(START.getTime() - 3 * HOUR))).outcome).toBe("REVOKED"); // too early
  expect((await scan(new Date(END.getTime() + 60_000))).outcome).toBe("REVOKED"); // after the visit

  const removed = added(await removeMember(organizer.id, event.id, m.id));
  expect(removed.member.nameZh).toMatch(/^来宾/);
  expect((await scan(new Date(START.getTime() + HOUR))).outcome).toBe("REVOKED");
  // history stays: the account, the cancelled registration and the badge row
  expect(await prisma.user.findUnique({ where: { id: m.userId }, select: { kind: true } })).toEqual({ kind: "GUEST" });
  expect(await prisma.registration.findUniqueOrThrow({ where: { eventId_userId: { eventId: event.id, userId: m.userId } } })).toMatchObject({ status: "CANCELLED", cancelledAt: expect.any(Date) });
  expect(await prisma.badge.count({ where: { eventId: event.id, userId: m.userId } })).toBe(1);
  expect(await prisma.auditLog.findFirst({ where: { action: "delegation.member.remove", entityId: m.id }, select: { metadata: true } })).toMatchObject({ metadata: expect.stringContaining(m.userId) });

  // added back (the same email): the same guest and badge, confirmed again, and the gate opens during the visit
  const again = added(await addMember(organizer.id, event.id, member({ email: (await prisma.user.findUniqueOrThrow({ where: { id: m.userId } })).email })));
  expect(again.member.userId).toBe(m.userId);
  expect((await scan(new Date(START.getTime() + HOUR))).outcome).toBe("CHECKED_IN");
  expect(await prisma.badge.count({ where: { eventId: event.id, userId: m.userId } })).toBe(1);
});

test("a guest account with the email is linked (any case) and renamed; staff, and members of this delegation, are refused", async () => {
  const { organizer, event } = await visit();
  const guest = await createUser({ kind: "GUEST", password: null, email: "li.lan@zju.example", nameZh: "李兰", nameEn: "Li Lan" });
  const linked = added(await addMember(organizer.id, event.id, member({ email: "LI.LAN@zju.example", nameZh: "李岚", nameEn: "Li Lan" })));
  expect(linked.member.userId).toBe(guest.id);
  expect(await prisma.user.findUniqueOrThrow({ where: { id: guest.id }, select: { nameZh: true, kind: true } })).toEqual({ nameZh: "李岚", kind: "GUEST" });
  expect(await prisma.user.count({ where: { email: { in: ["li.lan@zju.example", "LI.LAN@zju.example"] } } })).toBe(1);

  const staff = await createUser({ email: "colleague@lab.example", nameZh: "同事", nameEn: "Colleague" });
  const before = { users: await prisma.user.count(), members: await prisma.delegationMember.count(), audit: await prisma.auditLog.count(), registrations: await prisma.registration.count() };
  expect(await addMember(organizer.id, event.id, member({ email: "Colleague@lab.example" }))).toMatchObject({ ok: false, status: 409, field: "email", messageKey: "delegation.error.emailIsStaff" });
  expect(await addMember(organizer.id, event.id, member({ email: "li.lan@zju.example" }))).toMatchObject({ ok: false, status: 409, messageKey: "delegation.error.alreadyMember" });
  const footprint = async () => ({ users: await prisma.user.count(), members: await prisma.delegationMember.count(), audit: await prisma.auditLog.count(), registrations: await prisma.registration.count() });
  expect(await footprint()).toEqual(before);
  const otherBefore = await footprint();
  // a batch in which one member is refused writes nothing at all
  expect(await addMembers(organizer.id, event.id, [member(), member({ email: "colleague@lab.example" })])).toMatchObject({ ok: false, messageKey: "delegation.error.emailIsStaff", params: { index: 1 } });
  expect(await footprint()).toEqual(otherBefore);
  // the staff account was never touched
  expect(await prisma.user.findUniqueOrThrow({ where: { id: staff.id }, select: { kind: true, nameZh: true, email: true } })).toEqual({ kind: "STAFF", nameZh: "同事", email: "colleague@lab.example" });
  expect(await prisma.registration.count({ where: { userId: staff.id } })).toBe(0);
});

test("a delegate who comes again with another visit keeps one account, with a membership, registration and visitor badge for each", async () => {
  const { organizer, event: first } = await visit();
  const { event: second } = await visit();
  const delegate = member({ nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "校长", titleEn: "President" });
  const before = added(await addMember(organizer.id, first.id, delegate));
  const again = added(await addMember(organizer.id, second.id, member({ email: delegate.email.toUpperCase(), nameZh: "吴朝晖", nameEn: "Wu Zhaohui", titleZh: "名誉校长", titleEn: "President Emeritus" })));
  expect(again.member.userId).toBe(before.member.userId);
  expect(await prisma.user.count({ where: { email: delegate.email } })).toBe(1);
  // each membership keeps its own title; each visit has its own confirmed registration and VISITOR badge
  const memberships = await prisma.delegationMember.findMany({ where: { userId: before.member.userId }, select: { titleEn: true, delegation: { select: { eventId: true } } }, orderBy: { createdAt: "asc" } });
  expect(memberships.map((m) => [m.delegation.eventId, m.titleEn])).toEqual([
    [first.id, "President"],
    [second.id, "President Emeritus"],
  ]);
  for (const eventId of [first.id, second.id]) {
    expect(await prisma.registration.findUniqueOrThrow({ where: { eventId_userId: { eventId, userId: before.member.userId } }, select: { status: true } })).toEqual({ status: "CONFIRMED" });
    expect(await prisma.badge.findFirstOrThrow({ where: { eventId, userId: before.member.userId, revokedAt: null }, select: { ribbon: true } })).toEqual({ ribbon: "VISITOR" });
  }
  // still refused twice in the same delegation
  expect(await addMember(organizer.id, second.id, member({ email: delegate.email }))).toMatchObject({ ok: false, status: 409, messageKey: "delegation.error.alreadyMember" });
});

test("a member without an email still gets their own guest account", async () => {
  const { organizer, event } = await visit();
  const a = added(await addMember(organizer.id, event.id, member({ email: "", nameZh: "", nameEn: "Anna Schmidt" })));
  const b = added(await addMember(organizer.id, event.id, member({ email: "" })));
  expect(a.member.userId).not.toBe(b.member.userId);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: a.member.userId } });
  // both names are filled on the account (badges and search need them); the member keeps what was entered
  expect(user).toMatchObject({ kind: "GUEST", nameZh: "Anna Schmidt", nameEn: "Anna Schmidt" });
  expect(user.email).toMatch(/^guest-[0-9a-f]{18}@guest\.invalid$/);
  expect((await getDelegation(event.id))!.members[0]).toMatchObject({ nameZh: "", nameEn: "Anna Schmidt", email: null });
});

test("one leader at most: a new leader, added or edited, takes the mark from the old one", async () => {
  const { organizer, event } = await visit();
  const a = added(await addMember(organizer.id, event.id, member({ nameEn: "A", isLeader: true })));
  added(await addMember(organizer.id, event.id, member({ nameEn: "B", isLeader: true })));
  const c = added(await addMember(organizer.id, event.id, member({ nameEn: "C" })));
  expect(await order(event.id)).toEqual([
    [1, "A", false],
    [2, "B", true],
    [3, "C", false],
  ]);
  const cNow = (await getDelegation(event.id))!.members[2]!;
  added(await updateMember(organizer.id, event.id, c.member.id, MemberSchema.parse({ ...cNow, email: cNow.email ?? "", phone: cNow.phone ?? "", isLeader: "on" })));
  expect((await order(event.id)).map(([, name, leader]) => [name, leader])).toEqual([
    ["A", false],
    ["B", false],
    ["C", true],
  ]);
  // unticking the leader leaves the delegation without one
  const aNow = (await getDelegation(event.id))!.members[0]!;
  added(await updateMember(organizer.id, event.id, a.member.id, MemberSchema.parse({ ...aNow, email: aNow.email ?? "", phone: "", isLeader: "on" })));
  added(await updateMember(organizer.id, event.id, a.member.id, MemberSchema.parse({ ...aNow, email: aNow.email ?? "", phone: "" })));
  expect((await order(event.id)).filter(([, , leader]) => leader)).toEqual([]);
});

test("precedence stays 1..n through moves up, down, to a place, at the ends, and removals", async () => {
  const { organizer, event } = await visit();
  const ids: Record<string, string> = {};
  for (const name of ["A", "B", "C", "D", "E"]) ids[name] = added(await addMember(organizer.id, event.id, member({ nameEn: name }))).member.id;
  const names = async () => (await order(event.id)).map(([place, name]) => `${place}${name}`).join(" ");
  expect(await names()).toBe("1A 2B 3C 4D 5E");

  expect(await moveMember(organizer.id, event.id, ids.D!, { direction: "up" })).toMatchObject({ ok: true, moved: true, precedence: 3 });
  expect(await names()).toBe("1A 2B 3D 4C 5E");
  expect(await moveMember(organizer.id, event.id, ids.A!, { direction: "down" })).toMatchObject({ moved: true, precedence: 2 });
  expect(await names()).toBe("1B 2A 3D 4C 5E");
  expect(await moveMember(organizer.id, event.id, ids.E!, { to: 1 })).toMatchObject({ moved: true, precedence: 1 });
  expect(await names()).toBe("1E 2B 3A 4D 5C");
  expect(await moveMember(organizer.id, event.id, ids.B!, { to: 99 })).toMatchObject({ moved: true, precedence: 5 });
  expect(await names()).toBe("1E 2A 3D 4C 5B");
  // at the ends, or to one's own place, nothing moves and nothing is recorded
  const moves = await prisma.auditLog.count({ where: { eventId: event.id, action: "delegation.member.move" } });
  expect(await moveMember(organizer.id, event.id, ids.E!, { direction: "up" })).toMatchObject({ moved: false, precedence: 1 });
  expect(await moveMember(organizer.id, event.id, ids.B!, { direction: "down" })).toMatchObject({ moved: false, precedence: 5 });
  expect(await moveMember(organizer.id, event.id, ids.D!, { to: 3 })).toMatchObject({ moved: false, precedence: 3 });
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "delegation.member.move" } })).toBe(moves);

  added(await removeMember(organizer.id, event.id, ids.A!));
  expect(await names()).toBe("1E 2D 3C 4B");
  added(await removeMember(organizer.id, event.id, ids.E!));
  expect(await names()).toBe("1D 2C 3B");
  // a new member goes last, right after the others
  added(await addMember(organizer.id, event.id, member({ nameEn: "F" })));
  expect(await names()).toBe("1D 2C 3B 4F");

  // unknown members, and another visit's member, are 404s that change nothing
  const { event: other } = await visit();
  const stranger = added(await addMember(organizer.id, other.id, member())).member.id;
  for (const id of ["nope", stranger]) {
    expect(await moveMember(organizer.id, event.id, id, { direction: "up" })).toMatchObject({ ok: false, status: 404, messageKey: "delegation.error.memberNotFound" });
    expect(await removeMember(organizer.id, event.id, id)).toMatchObject({ ok: false, status: 404 });
    expect(await updateMember(organizer.id, event.id, id, member())).toMatchObject({ ok: false, status: 404 });
  }
  expect(await names()).toBe("1D 2C 3B 4F");
});

test("editing names renames the guest account; the email moves with the member unless another account has it", async () => {
  const { organizer, event } = await visit();
  const { member: m } = added(await addMember(organizer.id, event.id, member({ nameZh: "王立忠", nameEn: "Wang Li", email: "wang.li@zju.example" })));
  const edit = (overrides: Partial<Record<keyof MemberInput, string>>) =>
    updateMember(organizer.id, event.id, m.id, MemberSchema.parse({ nameZh: "王立忠", nameEn: "Wang Lizhong", titleZh: "院长", titleEn: "Dean", email: "wang.li@zju.example", phone: "+86 139 0000 0000", ...overrides }));
  added(await edit({}));
  expect(await prisma.user.findUniqueOrThrow({ where: { id: m.userId }, select: { nameZh: true, nameEn: true, email: true } })).toEqual({ nameZh: "王立忠", nameEn: "Wang Lizhong", email: "wang.li@zju.example" });
  expect((await getDelegation(event.id))!.members[0]).toMatchObject({ nameEn: "Wang Lizhong", phone: "+86 139 0000 0000" });
  expect(await prisma.auditLog.findFirst({ where: { action: "delegation.member.update", entityId: m.id }, select: { metadata: true } })).toEqual({ metadata: JSON.stringify({ changed: ["nameEn", "phone"] }) });

  added(await edit({ email: "wang.lizhong@zju.example" }));
  expect((await prisma.user.findUniqueOrThrow({ where: { id: m.userId } })).email).toBe("wang.lizhong@zju.example");

  await createUser({ email: "taken@zju.example", kind: "GUEST", password: null });
  await createUser({ email: "staff.member@lab.example" });
  expect(await edit({ email: "taken@zju.example" })).toMatchObject({ ok: false, status: 409, field: "email", messageKey: "delegation.error.emailTaken" });
  expect(await edit({ email: "staff.member@lab.example" })).toMatchObject({ ok: false, status: 409, messageKey: "delegation.error.emailIsStaff" });
  expect((await prisma.user.findUniqueOrThrow({ where: { id: m.userId } })).email).toBe("wang.lizhong@zju.example");

  // an email withdrawn leaves the account (it must keep a unique address) but not the address
  added(await edit({ email: "" }));
  expect((await prisma.user.findUniqueOrThrow({ where: { id: m.userId } })).email).toMatch(/@guest\.invalid$/);
  expect((await getDelegation(event.id))!.members[0]!.email).toBeNull();
});

test("only a partnership visit has a delegation", async () => {
  const organizer = await createUser();
  const conference = await createEvent({ organizerIds: [organizer.id] });
  expect(await addMember(organizer.id, conference.id, member())).toMatchObject({ ok: false, status: 404, messageKey: "delegation.notVisit" });
  expect(await saveOrganisation(organizer.id, conference.id, { organisationZh: "浙江大学", organisationEn: "" })).toMatchObject({ ok: false, status: 404 });
  expect(await prisma.delegation.count({ where: { eventId: conference.id } })).toBe(0);
});

test("when a visit is moved, its members' visitor badges follow it; another event's badges are left alone", async () => {
  const { organizer, event } = await visit();
  const { member: m } = added(await addMember(organizer.id, event.id, member()));
  const { event: other } = await visit();
  const { member: o } = added(await addMember(organizer.id, other.id, member()));
  const later = { startsAt: new Date(START.getTime() + 24 * HOUR), endsAt: new Date(END.getTime() + 24 * HOUR) };
  await prisma.event.update({ where: { id: event.id }, data: later });
  expect(await syncVisitorBadgeWindows(event.id)).toBe(1);
  expect(await prisma.badge.findFirstOrThrow({ where: { userId: m.userId }, select: { validFrom: true, validUntil: true } })).toEqual({
    validFrom: new Date(later.startsAt.getTime() - VISITOR_BADGE_LEAD_MS),
    validUntil: later.endsAt,
  });
  expect(await prisma.badge.findFirstOrThrow({ where: { userId: o.userId }, select: { validUntil: true } })).toEqual({ validUntil: END });
});
