import { randomUUID } from "node:crypto";

import { expect, test } from "vitest";

import { createDepartment, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { action, loader } from "~/routes/admin.users";
import { prisma } from "~/utils/db.server";

const rolesOf = async (userId: string) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { roles: { select: { name: true } } } })).roles
    .map((r) => r.name)
    .sort();

function asRedirect(outcome: unknown) {
  expect(outcome).toBeInstanceOf(Response);
  const response = outcome as Response;
  expect(response.status).toBe(302);
  return response;
}

test("admin.users: staff get 403 from both the loader and the action, and nothing changes", async () => {
  const staff = await createUser({ roles: ["staff"] });
  const target = await createUser({ roles: ["staff"] });

  const loaded = await settle(async () => loader(routeArgs(await get("/admin/users", { userId: staff.id }))));
  expect(statusOf(loaded.thrown)).toBe(403);

  const acted = await settle(async () =>
    action(routeArgs(await post("/admin/users", { userId: target.id, roles: ["admin"] }, { userId: staff.id }))),
  );
  expect(statusOf(acted.thrown)).toBe(403);
  expect(await rolesOf(target.id)).toEqual(["staff"]);

  // Staff cannot promote themselves either.
  const self = await settle(async () =>
    action(routeArgs(await post("/admin/users", { userId: staff.id, roles: ["admin", "staff"] }, { userId: staff.id }))),
  );
  expect(statusOf(self.thrown)).toBe(403);
  expect(await rolesOf(staff.id)).toEqual(["staff"]);
  expect(await prisma.auditLog.count({ where: { action: "user.roles" } })).toBe(0);
});

test("admin.users: a global organizer gets 403 too", async () => {
  const organizer = await createUser({ roles: ["organizer"] });
  const { thrown } = await settle(async () => loader(routeArgs(await get("/admin/users", { userId: organizer.id }))));
  expect(statusOf(thrown)).toBe(403);
});

test("admin.users: signed out, the loader and the action redirect to login", async () => {
  const loaded = await settle(async () => loader(routeArgs(await get("/admin/users"))));
  expect(asRedirect(loaded.thrown).headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/admin/users")}`);
  const acted = await settle(async () => action(routeArgs(await post("/admin/users", { userId: "x", roles: ["admin"] }))));
  expect(statusOf(acted.thrown)).toBe(302);
});

test("admin.users loader: an admin sees the users, and search by pinyin or email narrows the list", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const tag = randomUUID().slice(0, 8);
  const dept = await createDepartment({ nameEn: "Optics Lab", nameZh: "光学实验室" });
  const zhang = await createUser({ nameZh: "张三", nameEn: "Zhang San", pinyin: `zhangsan${tag}`, departmentId: dept.id });
  const li = await createUser({ nameZh: "李四", nameEn: "Li Si", pinyin: `lisi${tag}`, email: `li.si.${tag}@lab.example` });
  const guest = await createUser({ kind: "GUEST", email: `visitor.${tag}@partner.example` });

  const all = await loader(routeArgs(await get("/admin/users", { userId: admin.id, headers: { "Accept-Language": "en" } })));
  const allIds = all.users.map((u) => u.id);
  expect(all.total).toBe(await prisma.user.count({ where: { deletedAt: null } }));
  expect(all.total).toBeGreaterThanOrEqual(4);
  expect(allIds).toEqual(expect.arrayContaining([admin.id, zhang.id, li.id, guest.id]));

  const byPinyin = await loader(routeArgs(await get(`/admin/users?q=zhangsan${tag}`, { userId: admin.id, headers: { "Accept-Language": "en" } })));
  expect(byPinyin.q).toBe(`zhangsan${tag}`);
  expect(byPinyin.total).toBe(1);
  expect(byPinyin.users).toHaveLength(1);
  expect(byPinyin.users[0]).toMatchObject({
    id: zhang.id,
    email: zhang.email,
    name: "Zhang San",
    otherName: "张三",
    department: "Optics Lab",
    kind: "STAFF",
    roles: ["staff"],
  });

  const byEmail = await loader(routeArgs(await get(`/admin/users?q=${encodeURIComponent(`li.si.${tag}@`)}`, { userId: admin.id })));
  expect(byEmail.users.map((u) => u.id)).toEqual([li.id]);

  const byTag = await loader(routeArgs(await get(`/admin/users?q=${tag}`, { userId: admin.id })));
  expect(byTag.users.map((u) => u.id).sort()).toEqual([zhang.id, li.id, guest.id].sort());

  const none = await loader(routeArgs(await get(`/admin/users?q=nobody-${tag}`, { userId: admin.id })));
  expect(none.users).toEqual([]);
  expect(none.total).toBe(0);
});

test("admin.users loader: search text is matched literally, % and _ are not wildcards", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const tag = randomUUID().slice(0, 8);
  const underscored = await createUser({ email: `li_si.${tag}@lab.example` });
  await createUser({ email: `lixsi.${tag}@lab.example` });

  const byUnderscore = await loader(routeArgs(await get(`/admin/users?q=${encodeURIComponent(`li_si.${tag}`)}`, { userId: admin.id })));
  expect(byUnderscore.users.map((u) => u.id)).toEqual([underscored.id]);

  const byPercent = await loader(routeArgs(await get(`/admin/users?q=${encodeURIComponent("%")}`, { userId: admin.id })));
  expect(byPercent.total).toBe(0);
});

test("admin.users loader: deleted users are not listed; a bad page number falls back to 1", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const tag = randomUUID().slice(0, 8);
  const gone = await createUser({ pinyin: `gone${tag}` });
  await prisma.user.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
  const result = await loader(routeArgs(await get(`/admin/users?q=gone${tag}&page=abc`, { userId: admin.id })));
  expect(result.users).toEqual([]);
  expect(result.page).toBe(1);
});

test("admin.users action: an admin sets a user's roles; the DB changes and an audit entry is written", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const target = await createUser({ roles: ["staff"] });
  const response = asRedirect(
    await action(routeArgs(await post("/admin/users", { userId: target.id, roles: ["organizer", "checkin", "staff"] }, { userId: admin.id }))),
  );
  expect(response.headers.get("Location")).toBe("/admin/users");
  expect(await rolesOf(target.id)).toEqual(["checkin", "organizer", "staff"]);

  const entries = await prisma.auditLog.findMany({ where: { action: "user.roles", entityId: target.id } });
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actorId: admin.id, entityType: "User" });
  expect(JSON.parse(entries[0]!.metadata)).toEqual({ roles: ["organizer", "checkin", "staff"] });
});

test("admin.users action: a single role replaces the others", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const target = await createUser({ roles: ["staff", "checkin"] });
  asRedirect(await action(routeArgs(await post("/admin/users", { userId: target.id, roles: ["organizer"] }, { userId: admin.id }))));
  expect(await rolesOf(target.id)).toEqual(["organizer"]);
});

test("admin.users action: no roles posted removes every role", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const target = await createUser({ roles: ["staff", "organizer"] });
  asRedirect(await action(routeArgs(await post("/admin/users", { userId: target.id }, { userId: admin.id }))));
  expect(await rolesOf(target.id)).toEqual([]);
});

test("admin.users action: redirects back only to an admin users page", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const target = await createUser();
  const back = await action(
    routeArgs(await post("/admin/users", { userId: target.id, roles: ["staff"], back: "/admin/users?q=wang&page=2" }, { userId: admin.id })),
  );
  expect(asRedirect(back).headers.get("Location")).toBe("/admin/users?q=wang&page=2");
  const evil = await action(routeArgs(await post("/admin/users", { userId: target.id, roles: ["staff"], back: "https://evil.com/admin/users" }, { userId: admin.id })));
  expect(asRedirect(evil).headers.get("Location")).toBe("/admin/users");
});

test("admin.users action: an admin removing their own admin role is 403, and keeps it", async () => {
  const admin = await createUser({ roles: ["admin", "staff"] });
  const { thrown } = await settle(async () =>
    action(routeArgs(await post("/admin/users", { userId: admin.id, roles: ["staff"] }, { userId: admin.id }))),
  );
  expect(statusOf(thrown)).toBe(403);
  expect((thrown as { data: unknown }).data).toEqual({ messageKey: "admin.users.selfDemotion" });
  expect(await rolesOf(admin.id)).toEqual(["admin", "staff"]);
  expect(await prisma.auditLog.count({ where: { action: "user.roles", entityId: admin.id } })).toBe(0);

  // Keeping admin while changing the rest is allowed.
  asRedirect(await action(routeArgs(await post("/admin/users", { userId: admin.id, roles: ["admin", "organizer"] }, { userId: admin.id }))));
  expect(await rolesOf(admin.id)).toEqual(["admin", "organizer"]);
});

test("admin.users action: one admin may remove another admin's role", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const otherAdmin = await createUser({ roles: ["admin"] });
  asRedirect(await action(routeArgs(await post("/admin/users", { userId: otherAdmin.id, roles: ["staff"] }, { userId: admin.id }))));
  expect(await rolesOf(otherAdmin.id)).toEqual(["staff"]);
});

test("admin.users action: an unknown or deleted userId is 404", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const unknown = await settle(async () =>
    action(routeArgs(await post("/admin/users", { userId: "no-such-user", roles: ["staff"] }, { userId: admin.id }))),
  );
  expect(statusOf(unknown.thrown)).toBe(404);

  const gone = await createUser();
  await prisma.user.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
  const deleted = await settle(async () =>
    action(routeArgs(await post("/admin/users", { userId: gone.id, roles: ["admin"] }, { userId: admin.id }))),
  );
  expect(statusOf(deleted.thrown)).toBe(404);
  expect(await rolesOf(gone.id)).toEqual(["staff"]);
});

test("admin.users action: an invalid role name is 400 and changes nothing", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const target = await createUser({ roles: ["staff"] });
  const result = await action(routeArgs(await post("/admin/users", { userId: target.id, roles: ["staff", "superuser"] }, { userId: admin.id })));
  expect(statusOf(result)).toBe(400);
  expect(result).not.toBeInstanceOf(Response);
  expect((result as { data: unknown }).data).toEqual({ error: "form.invalidChoice", userId: null });
  expect(await rolesOf(target.id)).toEqual(["staff"]);

  const missingUser = await action(routeArgs(await post("/admin/users", { roles: ["staff"] }, { userId: admin.id })));
  expect(statusOf(missingUser)).toBe(400);
});
