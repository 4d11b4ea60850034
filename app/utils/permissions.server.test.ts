import { expect, test } from "vitest";

import { createEvent, createUser } from "../../tests/factories";
import { get, settle, statusOf } from "../../tests/request";
import { prisma } from "~/utils/db.server";
import { hasRole, permissionList, requirePermission, requireUserWithPermission, userCan } from "~/utils/permissions.server";
import type { RoleName } from "~/utils/role-matrix";
import { sessionUserSelect, type SessionUser } from "~/utils/session.server";

/** The same shape getSessionUser returns, read straight from the database. */
async function sessionUser(id: string): Promise<SessionUser> {
  return prisma.user.findUniqueOrThrow({ where: { id }, select: sessionUserSelect });
}

async function userWith(roles: RoleName[], kind: "STAFF" | "GUEST" = "STAFF") {
  const { id } = await createUser({ roles, kind });
  return sessionUser(id);
}

test("an admin may update any event, with no event role on it", async () => {
  const admin = await userWith(["admin"]);
  const event = await createEvent();
  expect(await userCan(admin, "update:event", { eventId: event.id })).toBe(true);
  expect(await userCan(admin, "update:event")).toBe(true);
  await expect(requirePermission(admin, "update:event", { eventId: event.id })).resolves.toBeUndefined();
});

test("an organizer of event A may update A but not event B (403)", async () => {
  const user = await userWith(["staff"]);
  const a = await createEvent({ organizerIds: [user.id] });
  const b = await createEvent();
  expect(await userCan(user, "update:event", { eventId: a.id })).toBe(true);
  expect(await userCan(user, "update:event", { eventId: b.id })).toBe(false);
  expect(await userCan(user, "update:event")).toBe(false);

  const { thrown } = await settle(() => requirePermission(user, "update:event", { eventId: b.id }));
  expect(statusOf(thrown)).toBe(403);
  expect((thrown as { data: unknown }).data).toEqual({ messageKey: "error.403.body" });
  await expect(requirePermission(user, "update:event", { eventId: a.id })).resolves.toBeUndefined();
});

test("another user's event role does not grant anything to me", async () => {
  const organizer = await userWith(["staff"]);
  const me = await userWith(["staff"]);
  const event = await createEvent({ organizerIds: [organizer.id] });
  expect(await userCan(me, "update:event", { eventId: event.id })).toBe(false);
});

test("a global organizer without an EventRole cannot update an event, but can create one", async () => {
  const organizer = await userWith(["organizer"]);
  const event = await createEvent();
  expect(await userCan(organizer, "update:event", { eventId: event.id })).toBe(false);
  expect(await userCan(organizer, "read:agenda", { eventId: event.id })).toBe(false);
  expect(await userCan(organizer, "create:event")).toBe(true);
  const { thrown } = await settle(() => requirePermission(organizer, "update:event", { eventId: event.id }));
  expect(statusOf(thrown)).toBe(403);
});

test("check-in staff of event A may create check-ins on A only, and may not edit A", async () => {
  const scanner = await userWith(["staff"]);
  const a = await createEvent({ checkinStaffIds: [scanner.id] });
  const b = await createEvent();
  expect(await userCan(scanner, "create:checkin", { eventId: a.id })).toBe(true);
  expect(await userCan(scanner, "create:checkin", { eventId: b.id })).toBe(false);
  expect(await userCan(scanner, "create:checkin")).toBe(false);
  expect(await userCan(scanner, "update:event", { eventId: a.id })).toBe(false);
  expect(await userCan(scanner, "delete:checkin", { eventId: a.id })).toBe(false);
});

test("a global check-in role may scan at every event", async () => {
  const scanner = await userWith(["checkin"]);
  const event = await createEvent();
  expect(await userCan(scanner, "create:checkin", { eventId: event.id })).toBe(true);
  expect(await userCan(scanner, "update:event", { eventId: event.id })).toBe(false);
});

test("staff may update their own account but not another user's", async () => {
  const staff = await userWith(["staff"]);
  const other = await userWith(["staff"]);
  expect(await userCan(staff, "update:user", { userId: staff.id })).toBe(true);
  expect(await userCan(staff, "update:user", { userId: other.id })).toBe(false);
  expect(await userCan(staff, "update:user")).toBe(false);
  const { thrown } = await settle(() => requirePermission(staff, "update:user", { userId: other.id }));
  expect(statusOf(thrown)).toBe(403);
});

test("a guest cannot update even their own account, but can read it", async () => {
  const guest = await userWith(["guest"], "GUEST");
  expect(await userCan(guest, "update:user", { userId: guest.id })).toBe(false);
  expect(await userCan(guest, "read:user", { userId: guest.id })).toBe(true);
  const { thrown } = await settle(() => requirePermission(guest, "update:user", { userId: guest.id }));
  expect(statusOf(thrown)).toBe(403);
});

test("requireUserWithPermission with no cookie redirects to /login with the path to come back to", async () => {
  const request = await get("/admin/users?q=wang&page=2");
  const { thrown } = await settle(() => requireUserWithPermission(request, "read:role"));
  expect(thrown).toBeInstanceOf(Response);
  const response = thrown as Response;
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("Location")!, "http://localhost");
  expect(location.pathname).toBe("/login");
  expect(location.searchParams.get("redirectTo")).toBe("/admin/users?q=wang&page=2");
});

test("requireUserWithPermission with a signed-in user lacking the permission throws 403", async () => {
  const staff = await createUser({ roles: ["staff"] });
  const { thrown } = await settle(async () => requireUserWithPermission(await get("/admin/users", { userId: staff.id }), "read:role"));
  expect(thrown).not.toBeInstanceOf(Response);
  expect(statusOf(thrown)).toBe(403);
});

test("requireUserWithPermission returns the user when allowed, including event-scoped grants", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const user = await requireUserWithPermission(await get("/admin/users", { userId: admin.id }), "read:role");
  expect(user.id).toBe(admin.id);

  const organizer = await createUser({ roles: ["staff"] });
  const event = await createEvent({ organizerIds: [organizer.id] });
  const allowed = await requireUserWithPermission(await get("/", { userId: organizer.id }), "update:agenda", { eventId: event.id });
  expect(allowed.id).toBe(organizer.id);
});

test("permissionList lists the global permission strings, sorted; hasRole checks names", async () => {
  const staff = await userWith(["staff"]);
  expect(permissionList(staff)).toEqual(["create:registration:own", "read:user:own", "update:user:own"]);
  expect(hasRole(staff, "staff")).toBe(true);
  expect(hasRole(staff, "admin")).toBe(false);
  const both = await userWith(["staff", "guest"]);
  expect(permissionList(both)).toEqual(["create:registration:own", "read:user:own", "update:user:own"]);
});
