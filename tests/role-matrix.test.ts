// The role → permission rows written by migration 0002 must be exactly the reviewed matrix in role-matrix.ts.
import { expect, test } from "vitest";

import { prisma } from "~/utils/db.server";
import { ACCESS, ACTIONS, ENTITIES, ROLE_MATRIX, ROLE_NAMES } from "~/utils/role-matrix";

const asString = (p: { action: string; entity: string; access: string }) => `${p.action}:${p.entity}:${p.access}`;

test("the database holds exactly the roles of ROLE_NAMES, with the matrix descriptions", async () => {
  const roles = await prisma.role.findMany({ select: { name: true, description: true } });
  expect(roles.map((r) => r.name).sort()).toEqual([...ROLE_NAMES].sort());
  for (const role of roles) {
    expect(role.description, role.name).toBe(ROLE_MATRIX[role.name as keyof typeof ROLE_MATRIX].description);
  }
});

test("each role's permission set in the database equals ROLE_MATRIX exactly", async () => {
  const roles = await prisma.role.findMany({
    select: { name: true, permissions: { select: { action: true, entity: true, access: true } } },
  });
  const fromDb = Object.fromEntries(roles.map((r) => [r.name, r.permissions.map(asString).sort()]));
  const fromMatrix = Object.fromEntries(
    ROLE_NAMES.map((name) => [name, [...new Set(ROLE_MATRIX[name].permissions)].sort()]),
  );
  expect(fromDb).toEqual(fromMatrix);
});

test("the matrix itself lists no permission twice within a role", () => {
  for (const name of ROLE_NAMES) {
    const permissions = ROLE_MATRIX[name].permissions;
    expect(new Set(permissions).size, name).toBe(permissions.length);
  }
});

test("the Permission table holds exactly the permissions some role grants, each once, all well-formed", async () => {
  const rows = await prisma.permission.findMany({ select: { action: true, entity: true, access: true } });
  const strings = rows.map(asString);
  expect(new Set(strings).size).toBe(strings.length);
  const granted = new Set(ROLE_NAMES.flatMap((name) => ROLE_MATRIX[name].permissions));
  expect(strings.sort()).toEqual([...granted].sort());
  for (const row of rows) {
    expect(ACTIONS as readonly string[]).toContain(row.action);
    expect(ENTITIES as readonly string[]).toContain(row.entity);
    expect(ACCESS as readonly string[]).toContain(row.access);
  }
});

test("spot checks: admin has every `any` permission, staff cannot touch roles, guest only reads itself", async () => {
  const admin = await prisma.role.findUniqueOrThrow({ where: { name: "admin" }, select: { permissions: true } });
  expect(admin.permissions).toHaveLength(ENTITIES.length * ACTIONS.length);
  expect(admin.permissions.every((p) => p.access === "any")).toBe(true);
  const staff = await prisma.role.findUniqueOrThrow({ where: { name: "staff" }, select: { permissions: true } });
  expect(staff.permissions.map(asString)).not.toContain("update:role:any");
  const guest = await prisma.role.findUniqueOrThrow({ where: { name: "guest" }, select: { permissions: true } });
  expect(guest.permissions.map(asString)).toEqual(["read:user:own"]);
});
