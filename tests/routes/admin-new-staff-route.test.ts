import { expect, test } from "vitest";

import { action, loader } from "~/routes/admin.users_.new";
import { prisma } from "~/utils/db.server";

import { createDepartment, createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";

type Reply = { result: { initialValue?: Record<string, unknown>; error?: Record<string, string[] | null> } };

const valid = (overrides: Record<string, string> = {}) => ({
  email: `new.${Math.random().toString(36).slice(2)}@lab.example`,
  nameZh: "周子涵",
  nameEn: "Zhou Zihan",
  employeeNo: `ZJ${Math.floor(Math.random() * 1e8)}`,
  ...overrides,
});

test("staff can neither open nor post the add-staff form (403)", async () => {
  const staff = await createUser({ roles: ["staff"] });
  const opened = await settle(async () => loader(routeArgs(await get("/admin/users/new", { userId: staff.id }))));
  expect(statusOf(opened.thrown)).toBe(403);
  const posted = await settle(async () => action(routeArgs(await post("/admin/users/new", valid(), { userId: staff.id }))));
  expect(statusOf(posted.thrown)).toBe(403);
  expect(await prisma.user.count({ where: { nameEn: "Zhou Zihan" } })).toBe(0);
});

test("an admin adds a staff member: staff role, no password, audited", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const department = await createDepartment();
  const fields = valid({ email: "Zhou.Zihan@Lab.Example", departmentId: department.id });
  const response = await action(routeArgs(await post("/admin/users/new", fields, { userId: admin.id })));
  expect(statusOf(response)).toBe(302);
  const created = await prisma.user.findUniqueOrThrow({
    where: { email: "zhou.zihan@lab.example" },
    include: { roles: true, profile: true },
  });
  expect(created.passwordHash).toBeNull();
  expect(created.roles.map((r) => r.name)).toEqual(["staff"]);
  expect(created.profile?.employeeNo).toBe(fields.employeeNo);
  expect(created.profile?.departmentId).toBe(department.id);
  expect(await prisma.auditLog.count({ where: { action: "user.create", entityId: created.id, actorId: admin.id } })).toBe(1);
});

test("a duplicate email is a 409 on the email field, and the typed values are kept", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const existing = await createUser();
  const fields = valid({ email: existing.email });
  const response = await action(routeArgs(await post("/admin/users/new", fields, { userId: admin.id })));
  expect(statusOf(response)).toBe(409);
  const reply = (response as unknown as { data: Reply }).data;
  expect(reply.result.error?.email).toEqual(["admin.users.new.emailTaken"]);
  expect(reply.result.initialValue?.nameZh).toBe("周子涵");
  expect(await prisma.user.count({ where: { email: existing.email } })).toBe(1);
});

test("a duplicate employee number is a 409 on that field, and nothing is half-written", async () => {
  const admin = await createUser({ roles: ["admin"] });
  await createUser({ employeeNo: "ZJ20190001" });
  const fields = valid({ employeeNo: "ZJ20190001" });
  const response = await action(routeArgs(await post("/admin/users/new", fields, { userId: admin.id })));
  expect(statusOf(response)).toBe(409);
  const reply = (response as unknown as { data: Reply }).data;
  expect(reply.result.error?.employeeNo).toEqual(["admin.users.new.employeeNoTaken"]);
  expect(await prisma.user.count({ where: { email: fields.email } })).toBe(0);
});

test("bad fields and an unknown department are 400s", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const bad = await action(
    routeArgs(await post("/admin/users/new", valid({ email: "not-an-email", employeeNo: "ZJ 01;" }), { userId: admin.id })),
  );
  expect(statusOf(bad)).toBe(400);
  const reply = (bad as unknown as { data: Reply }).data;
  expect(reply.result.error?.email).toEqual(["login.emailInvalid"]);
  expect(reply.result.error?.employeeNo).toEqual(["admin.users.employeeNoInvalid"]);

  const unknownDepartment = await action(
    routeArgs(await post("/admin/users/new", valid({ departmentId: "no-such-department" }), { userId: admin.id })),
  );
  expect(statusOf(unknownDepartment)).toBe(400);
});
