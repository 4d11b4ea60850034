import { expect, test } from "vitest";

import { createDepartment, createEvent, createUser } from "../../tests/factories";
import { getVisibleEvent, listPastEvents, listUpcomingEvents, viewerFor, visibleEventsWhere, type Viewer } from "~/models/event.server";
import { prisma } from "~/utils/db.server";
import { sessionUserSelect } from "~/utils/session.server";

const DAY = 24 * 3600 * 1000;
// Every test in this file shares one database; listings are asked for far more rows than exist so that
// other tests' events never push this test's events off the page.
const ALL = 10_000;

async function viewerOf(userId: string): Promise<Viewer> {
  return viewerFor(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: sessionUserSelect }));
}

/** Which of the given events the viewer sees, checked three ways that must agree: list, single lookup, raw filter. */
async function visibleAmong(viewer: Viewer, events: Array<{ id: string; slug: string }>) {
  const ids = events.map((e) => e.id);
  const listed = (await listUpcomingEvents(viewer, new Date(), ALL)).map((e) => e.slug).filter((slug) => events.some((e) => e.slug === slug));
  const single: string[] = [];
  for (const event of events) if (await getVisibleEvent(viewer, event.slug)) single.push(event.slug);
  const filtered = (await prisma.event.findMany({ where: { AND: [visibleEventsWhere(viewer), { id: { in: ids } }] }, select: { slug: true } })).map(
    (e) => e.slug,
  );
  expect([...single].sort()).toEqual([...listed].sort());
  expect([...filtered].sort()).toEqual([...listed].sort());
  return listed.sort();
}

const slugs = (...events: Array<{ slug: string }>) => events.map((e) => e.slug).sort();

test("viewerFor reads department, new-hire status and global read rights", async () => {
  const dept = await createDepartment();
  const hire = await createUser({ departmentId: dept.id, recruitmentBatch: "2025-1" });
  expect(await viewerOf(hire.id)).toEqual({ id: hire.id, kind: "STAFF", departmentId: dept.id, isNewHire: true, seesEverything: false });
  const veteran = await createUser();
  expect(await viewerOf(veteran.id)).toMatchObject({ departmentId: null, isNewHire: false, seesEverything: false });
  const guest = await createUser({ kind: "GUEST" });
  expect(await viewerOf(guest.id)).toEqual({ id: guest.id, kind: "GUEST", departmentId: null, isNewHire: false, seesEverything: false });
  const admin = await createUser({ roles: ["admin"] });
  expect((await viewerOf(admin.id)).seesEverything).toBe(true);
  const organizer = await createUser({ roles: ["organizer"] });
  expect((await viewerOf(organizer.id)).seesEverything).toBe(false);
});

test("a staff member sees published ALL_STAFF events", async () => {
  const staff = await createUser();
  const event = await createEvent({ audience: "ALL_STAFF" });
  expect(await visibleAmong(await viewerOf(staff.id), [event])).toEqual(slugs(event));
  expect((await getVisibleEvent(await viewerOf(staff.id), event.slug))?.id).toBe(event.id);
});

test("DEPARTMENTS events are seen by their departments only", async () => {
  const mine = await createDepartment();
  const theirs = await createDepartment();
  const staff = await createUser({ departmentId: mine.id });
  const noDept = await createUser();
  const forMine = await createEvent({ audience: "DEPARTMENTS", audienceDepartmentIds: [mine.id] });
  const forBoth = await createEvent({ audience: "DEPARTMENTS", audienceDepartmentIds: [theirs.id, mine.id] });
  const forTheirs = await createEvent({ audience: "DEPARTMENTS", audienceDepartmentIds: [theirs.id] });
  const events = [forMine, forBoth, forTheirs];
  expect(await visibleAmong(await viewerOf(staff.id), events)).toEqual(slugs(forMine, forBoth));
  expect(await visibleAmong(await viewerOf(noDept.id), events)).toEqual([]);
});

test("NEW_HIRES events are seen by new hires and not by ordinary staff", async () => {
  const hire = await createUser({ recruitmentBatch: "2026-1", hireDate: new Date() });
  const ordinary = await createUser({ hireDate: new Date("2015-09-01") });
  const event = await createEvent({ audience: "NEW_HIRES" });
  expect(await visibleAmong(await viewerOf(hire.id), [event])).toEqual(slugs(event));
  expect(await visibleAmong(await viewerOf(ordinary.id), [event])).toEqual([]);
});

test("INVITE_ONLY events are seen only with a personal or a department invitation", async () => {
  const dept = await createDepartment();
  const invitedPerson = await createUser();
  const invitedByDept = await createUser({ departmentId: dept.id });
  const otherDept = await createDepartment();
  const outsider = await createUser({ departmentId: otherDept.id });
  const event = await createEvent({ audience: "INVITE_ONLY" });
  await prisma.eventInvitation.create({ data: { eventId: event.id, userId: invitedPerson.id } });
  await prisma.eventInvitation.create({ data: { eventId: event.id, departmentId: dept.id } });

  expect(await visibleAmong(await viewerOf(invitedPerson.id), [event])).toEqual(slugs(event));
  expect(await visibleAmong(await viewerOf(invitedByDept.id), [event])).toEqual(slugs(event));
  expect(await visibleAmong(await viewerOf(outsider.id), [event])).toEqual([]);
  expect(await getVisibleEvent(await viewerOf(outsider.id), event.slug)).toBeNull();
});

test("a DRAFT is seen by its organizer and an admin, not by another event's organizer or by staff", async () => {
  const organizer = await createUser({ roles: ["organizer"] });
  const otherOrganizer = await createUser({ roles: ["organizer"] });
  const scanner = await createUser();
  const invited = await createUser();
  const staff = await createUser();
  const admin = await createUser({ roles: ["admin"] });
  const draft = await createEvent({ status: "DRAFT", audience: "ALL_STAFF", organizerIds: [organizer.id], checkinStaffIds: [scanner.id] });
  await createEvent({ status: "PUBLISHED", organizerIds: [otherOrganizer.id] });
  await prisma.eventInvitation.create({ data: { eventId: draft.id, userId: invited.id } });

  expect(await visibleAmong(await viewerOf(organizer.id), [draft])).toEqual(slugs(draft));
  expect(await visibleAmong(await viewerOf(admin.id), [draft])).toEqual(slugs(draft));
  expect(await visibleAmong(await viewerOf(otherOrganizer.id), [draft])).toEqual([]);
  expect(await visibleAmong(await viewerOf(staff.id), [draft])).toEqual([]);
  expect(await visibleAmong(await viewerOf(invited.id), [draft])).toEqual([]);
  expect(await visibleAmong(await viewerOf(scanner.id), [draft])).toEqual([]);
});

test("an admin sees every event whatever its audience", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const dept = await createDepartment();
  const events = [
    await createEvent({ audience: "DEPARTMENTS", audienceDepartmentIds: [dept.id] }),
    await createEvent({ audience: "INVITE_ONLY" }),
    await createEvent({ audience: "NEW_HIRES" }),
    await createEvent({ audience: "ALL_STAFF", status: "CANCELLED" }),
  ];
  const viewer = await viewerOf(admin.id);
  expect(visibleEventsWhere(viewer)).toEqual({});
  expect(await visibleAmong(viewer, events)).toEqual(slugs(...events));
});

test("a GUEST sees only the events they are involved in", async () => {
  const guest = await createUser({ kind: "GUEST" });
  const allStaff = await createEvent({ audience: "ALL_STAFF" });
  const newHires = await createEvent({ audience: "NEW_HIRES" });
  const registered = await createEvent({ audience: "ALL_STAFF" });
  const invited = await createEvent({ audience: "INVITE_ONLY" });
  const inviteOnlyOther = await createEvent({ audience: "INVITE_ONLY" });
  await prisma.registration.create({ data: { eventId: registered.id, userId: guest.id, status: "CONFIRMED" } });
  await prisma.eventInvitation.create({ data: { eventId: invited.id, userId: guest.id } });

  const events = [allStaff, newHires, registered, invited, inviteOnlyOther];
  expect(await visibleAmong(await viewerOf(guest.id), events)).toEqual(slugs(registered, invited));
});

test("upcoming excludes ended and archived events; an event in progress is still upcoming", async () => {
  const staff = await createUser();
  const now = Date.now();
  const future = await createEvent({ startsAt: new Date(now + 2 * DAY), endsAt: new Date(now + 2 * DAY + 3600_000) });
  const inProgress = await createEvent({ startsAt: new Date(now - 3600_000), endsAt: new Date(now + 3600_000) });
  const ended = await createEvent({ startsAt: new Date(now - 3 * DAY), endsAt: new Date(now - 3 * DAY + 3600_000) });
  const archived = await createEvent({ status: "ARCHIVED", startsAt: new Date(now + DAY), endsAt: new Date(now + DAY + 3600_000) });
  const viewer = await viewerOf(staff.id);
  const mine = new Set([future.slug, inProgress.slug, ended.slug, archived.slug]);

  const upcoming = (await listUpcomingEvents(viewer, new Date(now), ALL)).map((e) => e.slug).filter((s) => mine.has(s));
  expect(upcoming).toEqual([inProgress.slug, future.slug]); // ordered by start

  const past = (await listPastEvents(viewer, new Date(now), ALL)).map((e) => e.slug).filter((s) => mine.has(s));
  expect(past).toEqual([ended.slug]);
});

test("past lists ended events, newest first, and moves with `now`", async () => {
  const staff = await createUser();
  const now = Date.now();
  const older = await createEvent({ startsAt: new Date(now - 30 * DAY), endsAt: new Date(now - 30 * DAY + 3600_000) });
  const newer = await createEvent({ startsAt: new Date(now - 2 * DAY), endsAt: new Date(now - 2 * DAY + 3600_000) });
  const soon = await createEvent({ startsAt: new Date(now + DAY), endsAt: new Date(now + DAY + 3600_000) });
  const hidden = await createEvent({ audience: "INVITE_ONLY", startsAt: new Date(now - 5 * DAY), endsAt: new Date(now - 5 * DAY + 3600_000) });
  const viewer = await viewerOf(staff.id);
  const mine = new Set([older.slug, newer.slug, soon.slug, hidden.slug]);

  const past = (await listPastEvents(viewer, new Date(now), ALL)).map((e) => e.slug).filter((s) => mine.has(s));
  expect(past).toEqual([newer.slug, older.slug]);

  const later = new Date(now + 2 * DAY);
  const pastLater = (await listPastEvents(viewer, later, ALL)).map((e) => e.slug).filter((s) => mine.has(s));
  expect(pastLater).toEqual([soon.slug, newer.slug, older.slug]);
  const upcomingLater = (await listUpcomingEvents(viewer, later, ALL)).map((e) => e.slug).filter((s) => mine.has(s));
  expect(upcomingLater).toEqual([]);
});

test("listings respect `take`", async () => {
  const staff = await createUser();
  for (let i = 0; i < 3; i++) await createEvent();
  expect(await listUpcomingEvents(await viewerOf(staff.id), new Date(), 2)).toHaveLength(2);
});
