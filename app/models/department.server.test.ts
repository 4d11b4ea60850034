import { expect, test } from "vitest";

import { getOrIssueBadge } from "~/models/badge.server";
import { badgeCards } from "~/models/badge-pdf.server";
import { compareDepartments, moveDepartment } from "~/models/department.server";
import { listDepartments } from "~/models/user.server";
import { action, loader } from "~/routes/admin.departments";
import { prisma } from "~/utils/db.server";

import { createDepartment, createEvent, createUser } from "../../tests/factories";
import { get, post, routeArgs, settle, statusOf } from "../../tests/request";

/** Three departments whose codes sort the other way round from the order the lab wants. */
async function departments() {
  const tag = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const office = await createDepartment({ code: `Z-GO-${tag}`, nameZh: "综合办公室", nameEn: "General Office" });
  const hr = await createDepartment({ code: `Y-HR-${tag}`, nameZh: "人力资源部", nameEn: "Human Resources" });
  const ai = await createDepartment({ code: `A-AI-${tag}`, nameZh: "人工智能研究院", nameEn: "AI Institute", kind: "RESEARCH_CENTER" });
  return { office, hr, ai, ids: [office.id, hr.id, ai.id] };
}

const orderOf = async (ids: string[]) => (await listDepartments()).map((department) => department.id).filter((id) => ids.includes(id));

test("moving a department numbers every department 1..n and is audited; the pickers follow the order, not the codes", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const { office, hr, ai, ids } = await departments();
  // before any order is set (all 0), the codes decide
  expect(await orderOf(ids)).toEqual([ai.id, hr.id, office.id]);

  expect(await moveDepartment(admin.id, { departmentId: ai.id, direction: "down" })).toMatchObject({ of: await prisma.department.count() });
  const numbers = (await prisma.department.findMany({ select: { sortOrder: true }, orderBy: { sortOrder: "asc" } })).map((d) => d.sortOrder);
  expect(numbers).toEqual(numbers.map((_, index) => index + 1));
  expect(await orderOf(ids)).toEqual([hr.id, ai.id, office.id]);
  // the General Office to the top of these three, one step at a time
  await moveDepartment(admin.id, { departmentId: office.id, direction: "up" });
  await moveDepartment(admin.id, { departmentId: office.id, direction: "up" });
  expect(await orderOf(ids)).toEqual([office.id, hr.id, ai.id]);
  expect(await prisma.auditLog.count({ where: { action: "department.move", entityId: office.id } })).toBe(2);

  // the very first up, or the very last down, changes nothing and writes no audit entry
  const first = (await listDepartments())[0]!;
  const before = await prisma.auditLog.count({ where: { action: "department.move" } });
  expect(await moveDepartment(admin.id, { departmentId: first.id, direction: "up" })).toMatchObject({ position: 1 });
  expect(await prisma.auditLog.count({ where: { action: "department.move" } })).toBe(before);
  expect(await moveDepartment(admin.id, { departmentId: "no-such-department", direction: "up" })).toBeNull();
});

test("people sort by the official order, those without a department last; badge sheets by department follow it", async () => {
  expect(compareDepartments({ sortOrder: 1, code: "Z" }, { sortOrder: 2, code: "A" })).toBeLessThan(0);
  expect(compareDepartments({ sortOrder: 3, code: "B" }, { sortOrder: 3, code: "A" })).toBeGreaterThan(0);
  expect(compareDepartments(null, { sortOrder: 9, code: "A" })).toBeGreaterThan(0);
  expect(compareDepartments(undefined, null)).toBe(0);

  const { office, ai } = await departments();
  await prisma.department.update({ where: { id: office.id }, data: { sortOrder: 1 } });
  await prisma.department.update({ where: { id: ai.id }, data: { sortOrder: 2 } });
  const event = await createEvent();
  const person = async (nameZh: string, pinyin: string, departmentId: string | null) => {
    const user = await createUser({ nameZh, pinyin, departmentId });
    await prisma.registration.create({ data: { eventId: event.id, userId: user.id, status: "CONFIRMED" } });
    await getOrIssueBadge(event.id, user.id);
  };
  await person("安然", "An Ran", ai.id);
  await person("张伟", "Zhang Wei", office.id);
  await person("无部门", "Wu Bumen", null);
  expect((await badgeCards(event.id, { sort: "department" })).map((card) => card.nameZh)).toEqual(["张伟", "安然", "无部门"]);
});

const page = (userId?: string) => settle(async () => loader(routeArgs(await get("/admin/departments", { userId, headers: { "Accept-Language": "en" } }))));
const move = (fields: Record<string, string>, userId?: string) => settle(async () => action(routeArgs(await post("/admin/departments", fields, { userId, headers: { "Accept-Language": "en" } }))));

test("only admins open and change the order: staff and organizers get 403; bad input is 400, an unknown department 404", async () => {
  const admin = await createUser({ roles: ["admin"] });
  const { office, hr, ids } = await departments();
  for (const roles of [["staff"], ["organizer", "staff"]] as const) {
    const user = await createUser({ roles: [...roles] });
    expect(statusOf((await page(user.id)).thrown)).toBe(403);
    expect(statusOf((await move({ departmentId: office.id, direction: "up" }, user.id)).thrown)).toBe(403);
  }
  expect(statusOf((await page()).thrown)).toBe(302);

  const opened = await page(admin.id);
  const names = (opened.returned as { departments: Array<{ id: string; name: string }> }).departments.filter((d) => ids.includes(d.id)).map((d) => d.name);
  expect(names).toHaveLength(3);
  expect(names).toContain("General Office");

  const before = await orderOf(ids);
  expect(statusOf((await move({ departmentId: office.id, direction: "sideways" }, admin.id)).thrown)).toBe(400);
  expect(statusOf((await move({ direction: "up" }, admin.id)).thrown)).toBe(400);
  expect(statusOf((await move({ departmentId: "missing", direction: "up" }, admin.id)).thrown)).toBe(404);
  expect(await orderOf(ids)).toEqual(before);

  const moved = await move({ departmentId: hr.id, direction: "up" }, admin.id);
  expect(statusOf(moved.returned)).toBe(302);
  expect((moved.returned as Response).headers.get("Location")).toBe(`/admin/departments#department-${hr.id}`);
});
