import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";

/**
 * The lab's departments in its official order (`Department.sortOrder`, 1 first; ties, and departments made before
 * an order was set, by code). Pickers, the ceremony's calling order by department and badge sheets all follow it,
 * so an admin who puts the General Office first sees it first everywhere.
 */
export const DEPARTMENT_ORDER = [{ sortOrder: "asc" }, { code: "asc" }] satisfies Prisma.DepartmentOrderByWithRelationInput[];

type Ranked = { sortOrder: number; code: string };

/** For sorting people by their department in memory: the official order, and people without a department last. */
export function compareDepartments(a: Ranked | null | undefined, b: Ranked | null | undefined) {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a.sortOrder - b.sortOrder || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Every department in order, with how many staff each has (the admin page). */
export async function departmentsInOrder() {
  return prisma.department.findMany({
    orderBy: DEPARTMENT_ORDER,
    select: { id: true, code: true, nameZh: true, nameEn: true, kind: true, _count: { select: { staff: true } } },
  });
}

export const MoveSchema = z.object({
  departmentId: z.string({ message: "form.required" }).trim().min(1, { message: "form.required" }).max(64),
  direction: z.enum(["up", "down"], { message: "form.invalidChoice" }),
});

/**
 * Moves a department one place up or down, in one audited transaction that also numbers every department 1..n,
 * so the order stays whole whatever it was before. Null when there is no such department; moving the first up or
 * the last down changes nothing.
 */
export async function moveDepartment(actorId: string, input: z.infer<typeof MoveSchema>) {
  return prisma.$transaction(async (tx) => {
    const all = await tx.department.findMany({ orderBy: DEPARTMENT_ORDER, select: { id: true, sortOrder: true } });
    const from = all.findIndex((department) => department.id === input.departmentId);
    if (from === -1) return null;
    const to = input.direction === "up" ? from - 1 : from + 1;
    const order = all.map((department) => department.id);
    if (to >= 0 && to < order.length) [order[from], order[to]] = [order[to]!, order[from]!];
    const current = new Map(all.map((department) => [department.id, department.sortOrder]));
    for (const [index, id] of order.entries()) {
      if (current.get(id) !== index + 1) await tx.department.update({ where: { id }, data: { sortOrder: index + 1 } });
    }
    const position = order.indexOf(input.departmentId) + 1;
    if (position !== from + 1) await audit({ actorId, action: "department.move", entityType: "Department", entityId: input.departmentId, metadata: { from: from + 1, to: position } }, tx);
    return { position, of: order.length };
  });
}
