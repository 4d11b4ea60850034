import { expect, test } from "vitest";

import { badgePayload, getOrIssueBadge } from "~/models/badge.server";
import { decide, decideQueue } from "~/models/checkin.server";
import { addMember, MemberSchema, saveOrganisation } from "~/models/delegation.server";
import { getVisibleEvent, viewerFor } from "~/models/event.server";
import { canReadStaffItinerary } from "~/models/itinerary.server";
import { AddHostSchema, addHost, arrivalRecipients, findHostClashes, getVisitHosts, removeHost, visitsHostedBy, type HostedItem } from "~/models/visit-host.server";
import { prisma } from "~/utils/db.server";
import { getSessionUser } from "~/utils/session.server";

import { createEvent, createUser } from "../../tests/factories";
import { sessionCookieFor } from "../../tests/request";

const HOUR = 3600_000;
const START = new Date("2027-03-10T06:00:00Z"); // 14:00 in Hangzhou
const END = new Date("2027-03-10T09:30:00Z");
const AT = (minutes: number) => new Date(START.getTime() + minutes * 60_000);

async function visit(options: { startsAt?: Date; endsAt?: Date; status?: "DRAFT" | "PUBLISHED" | "CANCELLED" | "ARCHIVED" } = {}) {
  const organizer = await createUser({ password: null, roles: ["organizer", "staff"] });
  const startsAt = options.startsAt ?? START;
  const endsAt = options.endsAt ?? END;
  const event = await createEvent({ kind: "PARTNERSHIP_VISIT", startsAt, endsAt, status: options.status ?? "PUBLISHED", audience: "INVITE_ONLY", titleZh: "浙江大学来访", titleEn: "Zhejiang University visit", organizerIds: [organizer.id] });
  const item = (titleEn: string, from: number, to: number) =>
    prisma.agendaItem.create({ data: { eventId: event.id, kind: "MEETING", titleZh: titleEn, titleEn, startsAt: new Date(startsAt.getTime() + from * 60_000), endsAt: new Date(startsAt.getTime() + to * 60_000) } });
  const arrival = await item("Arrival", 0, 20);
  const tour = await item("Tour", 20, 80);
  const talks = await item("Talks", 60, 150);
  return { organizer, event, arrival, tour, talks };
}

const host = (staff: string, agendaItemId?: string) => AddHostSchema.parse({ staff, agendaItemId });

function ok<T extends { ok: boolean }>(outcome: T): Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome)}`);
  return outcome as Extract<T, { ok: true }>;
}

test("hosts are added overall (one, replaced) and per item, each write audited; duplicates, strangers and other visits' items are refused", async () => {
  const { organizer, event, tour, talks } = await visit();
  const director = await createUser({ nameZh: "朱世强", nameEn: "Zhu Shiqiang", email: `zhu.${Date.now()}@lab.example` });
  const guide = await createUser({ nameZh: "方志远", nameEn: "Fang Zhiyuan" });
  const deputy = await createUser({ nameZh: "袁纪新", nameEn: "Yuan Jixin" });

  ok(await addHost(organizer.id, event.id, host(director.email.toUpperCase())));
  ok(await addHost(organizer.id, event.id, host(guide.email, tour.id)));
  // by the name as the picker shows it, or either name alone when only one person has it
  ok(await addHost(organizer.id, event.id, host("朱世强 Zhu Shiqiang", talks.id)));
  ok(await addHost(organizer.id, event.id, host("Fang Zhiyuan", talks.id)));
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "visit.host.add" } })).toBe(4);
  // each host is invited once, however many places they hold, so the invite-only visit stays visible to them
  const invited = await prisma.eventInvitation.findMany({ where: { eventId: event.id }, select: { userId: true } });
  expect(invited.map((invitation) => invitation.userId).sort()).toEqual([director.id, guide.id].sort());

  const hosts = await getVisitHosts(event.id);
  expect(hosts.overall.map((h) => h.nameEn)).toEqual(["Zhu Shiqiang"]);
  expect(hosts.items.map((item) => [item.titleEn, item.hosts.map((h) => h.nameEn)])).toEqual([
    ["Arrival", []],
    ["Tour", ["Fang Zhiyuan"]],
    ["Talks", ["Zhu Shiqiang", "Fang Zhiyuan"]],
  ]);
  // Fang hosts the tour (14:20–15:20) and the talks (15:00–16:30): flagged on both; Zhu hosts one item only
  expect(hosts.clashes).toEqual(
    expect.arrayContaining([
      { itemId: tour.id, userId: guide.id, otherItemId: talks.id },
      { itemId: talks.id, userId: guide.id, otherItemId: tour.id },
    ]),
  );
  expect(hosts.clashes).toHaveLength(2);

  // the same person twice in the same place: 409, and nothing written
  expect(await addHost(organizer.id, event.id, host(guide.email, tour.id))).toEqual({ ok: false, status: 409, messageKey: "hosts.error.duplicate" });
  expect(await addHost(organizer.id, event.id, host(director.email))).toEqual({ ok: false, status: 409, messageKey: "hosts.error.duplicate" });
  // not active staff: unknown, a guest, a leaver; and a name two people share
  const guest = await createUser({ kind: "GUEST", email: `guest.${Date.now()}@zju.example` });
  const leaver = await createUser();
  await prisma.user.update({ where: { id: leaver.id }, data: { deletedAt: new Date() } });
  for (const staff of ["nobody@lab.example", guest.email, leaver.email]) {
    expect(await addHost(organizer.id, event.id, host(staff, tour.id))).toEqual({ ok: false, status: 400, messageKey: "hosts.error.notStaff" });
  }
  await createUser({ nameZh: "王磊", nameEn: `Wang Lei ${Date.now()}` });
  await createUser({ nameZh: "王磊", nameEn: `Wang Lei ${Date.now()}b` });
  expect(await addHost(organizer.id, event.id, host("王磊", tour.id))).toEqual({ ok: false, status: 400, messageKey: "hosts.error.ambiguous" });
  // an item of another visit, or none at all: 404
  const other = await visit();
  expect(await addHost(organizer.id, event.id, host(deputy.email, other.tour.id))).toEqual({ ok: false, status: 404, messageKey: "hosts.error.itemNotFound" });
  expect(await addHost(organizer.id, event.id, host(deputy.email, "nope"))).toEqual({ ok: false, status: 404, messageKey: "hosts.error.itemNotFound" });
  // not a visit at all
  const conference = await createEvent();
  expect(await addHost(organizer.id, conference.id, host(deputy.email))).toEqual({ ok: false, status: 404, messageKey: "hosts.notVisit" });
  expect(await prisma.visitHost.count({ where: { eventId: event.id } })).toBe(4);

  // the visit has one overall host: naming another replaces the first, audited as a removal and an addition
  const replaced = ok(await addHost(organizer.id, event.id, host(deputy.email)));
  expect(replaced.replaced).toBe(1);
  expect((await getVisitHosts(event.id)).overall.map((h) => h.nameEn)).toEqual(["Yuan Jixin"]);
  expect(await prisma.auditLog.findFirst({ where: { eventId: event.id, action: "visit.host.remove" }, select: { metadata: true } })).toMatchObject({ metadata: expect.stringContaining(director.id) });

  // removing: only a host of this visit
  const fang = (await getVisitHosts(event.id)).items[1]!.hosts[0]!;
  expect(await removeHost(organizer.id, other.event.id, fang.hostId)).toEqual({ ok: false, status: 404, messageKey: "hosts.error.hostNotFound" });
  ok(await removeHost(organizer.id, event.id, fang.hostId));
  expect(await removeHost(organizer.id, event.id, fang.hostId)).toEqual({ ok: false, status: 404, messageKey: "hosts.error.hostNotFound" });
  expect((await getVisitHosts(event.id)).clashes).toEqual([]);
  expect(await prisma.auditLog.count({ where: { eventId: event.id, action: "visit.host.remove" } })).toBe(2);
});

test("touching items do not clash, overlapping ones do, and only for the same person", () => {
  const at = (minutes: number) => AT(minutes);
  const item = (id: string, from: number, to: number, userIds: string[]): HostedItem => ({
    id,
    kind: "MEETING",
    titleZh: id,
    titleEn: id,
    startsAt: at(from),
    endsAt: at(to),
    room: null,
    hosts: userIds.map((userId) => ({ hostId: `${id}-${userId}`, userId, email: "", nameZh: "", nameEn: "", titleZh: "", titleEn: "" })),
  });
  expect(findHostClashes([item("a", 0, 30, ["u1"]), item("b", 30, 60, ["u1"])])).toEqual([]);
  expect(findHostClashes([item("a", 0, 30, ["u1"]), item("b", 10, 20, ["u2"])])).toEqual([]);
  expect(findHostClashes([item("a", 0, 30, ["u1", "u2"]), item("b", 29, 60, ["u2"])])).toEqual([
    { itemId: "a", userId: "u2", otherItemId: "b" },
    { itemId: "b", userId: "u2", otherItemId: "a" },
  ]);
});

test("visits I host: today's and upcoming visits, overall or by meeting, with those meetings; no drafts, past or archived visits", async () => {
  const me = await createUser();
  const now = new Date("2027-03-10T12:00:00Z"); // 20:00 in Hangzhou, after today's visit ended
  const today = await visit(); // 14:00–17:30 today
  const later = await visit({ startsAt: new Date("2027-04-01T02:00:00Z"), endsAt: new Date("2027-04-01T05:00:00Z") });
  const yesterday = await visit({ startsAt: new Date(START.getTime() - 24 * HOUR), endsAt: new Date(END.getTime() - 24 * HOUR) });
  const draft = await visit({ status: "DRAFT", startsAt: new Date("2027-04-02T02:00:00Z"), endsAt: new Date("2027-04-02T05:00:00Z") });
  const archived = await visit({ status: "ARCHIVED", startsAt: new Date("2027-04-03T02:00:00Z"), endsAt: new Date("2027-04-03T05:00:00Z") });
  await prisma.visitHost.createMany({
    data: [
      { eventId: today.event.id, userId: me.id, agendaItemId: today.talks.id },
      { eventId: today.event.id, userId: me.id, agendaItemId: today.arrival.id },
      { eventId: later.event.id, userId: me.id },
      { eventId: later.event.id, userId: me.id, agendaItemId: later.tour.id },
      { eventId: yesterday.event.id, userId: me.id },
      { eventId: draft.event.id, userId: me.id },
      { eventId: archived.event.id, userId: me.id },
    ],
  });
  const hosted = await visitsHostedBy(me.id, now);
  expect(hosted.map((v) => [v.slug, v.overall, v.meetings.map((m) => m.titleEn)])).toEqual([
    [today.event.slug, false, ["Arrival", "Talks"]],
    [later.event.slug, true, ["Tour"]],
  ]);
  // the next morning, today's visit is yesterday's
  expect((await visitsHostedBy(me.id, new Date("2027-03-10T16:30:00Z"))).map((v) => v.slug)).toEqual([later.event.slug]);
  expect(await visitsHostedBy((await createUser()).id, now)).toEqual([]);
});

test("an invite-only visit shows itself to its hosts, event page and staff itinerary, but not to other staff", async () => {
  const { event } = await visit();
  const meetingHost = await createUser();
  const stranger = await createUser();
  await prisma.visitHost.create({ data: { eventId: event.id, userId: meetingHost.id, agendaItemId: (await prisma.agendaItem.findFirstOrThrow({ where: { eventId: event.id } })).id } });
  const session = async (userId: string) => (await getSessionUser(new Request("http://localhost/", { headers: { Cookie: await sessionCookieFor(userId) } })))!;
  const hostUser = await session(meetingHost.id);
  const strangerUser = await session(stranger.id);
  expect((await getVisibleEvent(await viewerFor(hostUser), event.slug))?.slug).toBe(event.slug);
  expect(await canReadStaffItinerary(hostUser, event.id)).toBe(true);
  expect(await getVisibleEvent(await viewerFor(strangerUser), event.slug)).toBeNull();
  expect(await canReadStaffItinerary(strangerUser, event.id)).toBe(false);
});

// ───────────────────────────── arrival alerts ─────────────────────────────

async function visitWithGuest(options: { organisation?: boolean } = {}) {
  const setup = await visit();
  if (options.organisation !== false) await saveOrganisation(null, setup.event.id, { organisationZh: "浙江大学", organisationEn: "Zhejiang University" });
  const member = await addMember(null, setup.event.id, MemberSchema.parse({ nameZh: "吴朝晖", nameEn: "Wu Zhaohui", email: `wu.${Date.now()}.${Math.random()}@zju.example` }));
  if (!member.ok) throw new Error("setup");
  const badge = await prisma.badge.findFirstOrThrow({ where: { eventId: setup.event.id, userId: member.member.userId } });
  const door = await createUser();
  return { ...setup, door, guestId: member.member.userId, payload: badgePayload(badge.token) };
}

const alertsFor = (userIds: string[]) => prisma.notification.findMany({ where: { userId: { in: userIds }, kind: "GUEST_ARRIVED" }, orderBy: { createdAt: "asc" } });

test("a visitor checked in at the gate: every host hears of it once, in the same transaction; a second scan and a replay say nothing", async () => {
  const { event, tour, talks, door, guestId, payload } = await visitWithGuest();
  const director = await createUser();
  const guide = await createUser();
  const leaver = await createUser();
  await prisma.user.update({ where: { id: leaver.id }, data: { deletedAt: new Date() } });
  // the director hosts the visit and a meeting: still one alert
  await prisma.visitHost.createMany({
    data: [
      { eventId: event.id, userId: director.id },
      { eventId: event.id, userId: director.id, agendaItemId: talks.id },
      { eventId: event.id, userId: guide.id, agendaItemId: tour.id },
      { eventId: event.id, userId: leaver.id, agendaItemId: tour.id },
    ],
  });
  expect((await arrivalRecipients(prisma, event.id, guestId)).hostIds.sort()).toEqual([director.id, guide.id].sort());

  const at = AT(-30); // half an hour early: inside the badge's window
  const first = await decide({ eventId: event.id, payload, scannedById: door.id, clientScanId: "scan-first-0001", now: at });
  expect(first).toMatchObject({ outcome: "CHECKED_IN", ribbon: "VISITOR" });
  const alerts = await alertsFor([director.id, guide.id, leaver.id, door.id]);
  expect(alerts.map((a) => a.userId).sort()).toEqual([director.id, guide.id].sort());
  expect(JSON.parse(alerts[0]!.payload)).toEqual({
    eventSlug: event.slug,
    eventTitleZh: "浙江大学来访",
    eventTitleEn: "Zhejiang University visit",
    guestNameZh: "吴朝晖",
    guestNameEn: "Wu Zhaohui",
    organisationZh: "浙江大学",
    organisationEn: "Zhejiang University",
    arrivedAt: at.toISOString(),
  });
  expect(alerts.every((a) => a.readAt === null)).toBe(true);

  // the same queue synced again (a replay), another device's scan, and a late offline scan made earlier: no more alerts
  expect((await decideQueue(event.id, door.id, "dev-1", [{ clientScanId: "scan-first-0001", code: payload, scannedAt: at }], AT(0)))[0]!.decision.outcome).toBe("CHECKED_IN");
  expect((await decide({ eventId: event.id, payload, scannedById: door.id, now: AT(-20) })).outcome).toBe("ALREADY");
  expect((await decide({ eventId: event.id, payload, scannedById: door.id, now: AT(-40) })).outcome).toBe("ALREADY");
  expect(await alertsFor([director.id, guide.id])).toHaveLength(2);

  // undone by mistake and scanned again: that is a new arrival, and the hosts hear of it again
  const checkIn = await prisma.checkIn.findFirstOrThrow({ where: { eventId: event.id } });
  await prisma.checkIn.update({ where: { id: checkIn.id }, data: { undoneAt: AT(-10) } });
  expect((await decide({ eventId: event.id, payload, scannedById: door.id, now: AT(-5) })).outcome).toBe("CHECKED_IN");
  expect(await alertsFor([director.id, guide.id])).toHaveLength(4);
});

test("no alert for a staff badge at a visit, a visitor badge outside its window, or a visit with no hosts", async () => {
  const { event, door, payload, organizer } = await visitWithGuest();
  const director = await createUser();
  await prisma.visitHost.create({ data: { eventId: event.id, userId: director.id } });

  // outside the window (two hours before the start, and after the end): refused, and nobody is told
  expect((await decide({ eventId: event.id, payload, scannedById: door.id, now: AT(-121) })).outcome).toBe("REVOKED");
  expect((await decide({ eventId: event.id, payload, scannedById: door.id, now: new Date(END.getTime() + 60_000) })).outcome).toBe("REVOKED");
  expect(await alertsFor([director.id])).toHaveLength(0);

  // a staff member registered for the visit wears a staff badge: checked in, no alert
  await prisma.registration.create({ data: { eventId: event.id, userId: organizer.id, status: "CONFIRMED" } });
  const staffBadge = await getOrIssueBadge(event.id, organizer.id);
  expect(staffBadge?.ribbon).not.toBe("VISITOR");
  expect((await decide({ eventId: event.id, payload: badgePayload(staffBadge!.token), scannedById: door.id, now: AT(0) })).outcome).toBe("CHECKED_IN");
  expect(await alertsFor([director.id])).toHaveLength(0);

  // hosts added later do not matter for what already happened; a visit with no hosts checks its visitor in quietly
  const quiet = await visitWithGuest({ organisation: false });
  expect((await decide({ eventId: quiet.event.id, payload: quiet.payload, scannedById: quiet.door.id, now: AT(0) })).outcome).toBe("CHECKED_IN");
  expect(await prisma.notification.count({ where: { kind: "GUEST_ARRIVED", payload: { contains: quiet.event.slug } } })).toBe(0);
});

test("a guest without an organisation of their own is announced with the delegation's, or with none", async () => {
  const { event, door, guestId, payload } = await visitWithGuest({ organisation: false });
  const director = await createUser();
  await prisma.visitHost.create({ data: { eventId: event.id, userId: director.id } });
  const member = await prisma.delegationMember.findFirstOrThrow({ where: { userId: guestId } });
  await prisma.delegationMember.update({ where: { id: member.id }, data: { organisationZh: "", organisationEn: "" } });
  expect((await decide({ eventId: event.id, payload, scannedById: door.id, now: AT(0) })).outcome).toBe("CHECKED_IN");
  const [alert] = await alertsFor([director.id]);
  expect(JSON.parse(alert!.payload)).toMatchObject({ organisationZh: "", organisationEn: "", guestNameZh: "吴朝晖" });
});
