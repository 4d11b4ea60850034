import { z } from "zod";

import { DEPARTMENT_ORDER } from "~/models/department.server";
import { audit } from "~/utils/audit.server";
import { uniqueViolation } from "~/utils/http.server";
import { prisma } from "~/utils/db.server";
import { LOCALES } from "~/utils/i18n";
import { ROLE_NAMES, type RoleName } from "~/utils/role-matrix";

export async function getProfile(userId: string) {
  return prisma.user.findUnique({
    where: { id: userId, deletedAt: null },
    select: {
      id: true,
      email: true,
      kind: true,
      nameZh: true,
      nameEn: true,
      pinyin: true,
      locale: true,
      roles: { select: { name: true } },
      profile: {
        select: {
          employeeNo: true,
          titleZh: true,
          titleEn: true,
          phone: true,
          hireDate: true,
          recruitmentBatch: true,
          department: { select: { nameZh: true, nameEn: true } },
        },
      },
    },
  });
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: "form.tooLong" })
    .optional()
    .transform((value) => value || null);

/**
 * What a staff member may change about themselves. Employee number, department, hire date and batch
 * belong to HR and come from the cohort import or an admin. Messages are catalog keys.
 */
export const ProfileSchema = z.object({
  nameZh: z.string({ message: "form.required" }).trim().min(1, { message: "form.required" }).max(50, { message: "form.tooLong" }),
  nameEn: z.string({ message: "form.required" }).trim().min(1, { message: "form.required" }).max(100, { message: "form.tooLong" }),
  pinyin: optionalText(100),
  titleZh: optionalText(100),
  titleEn: optionalText(100),
  phone: optionalText(30).refine((v) => v === null || /^[+\d][\d\s-]{3,}$/.test(v), { message: "profile.phoneInvalid" }),
  locale: z.enum(LOCALES, { message: "form.invalidChoice" }),
});
export type ProfileInput = z.infer<typeof ProfileSchema>;

export async function updateProfile(userId: string, input: ProfileInput) {
  return prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { nameZh: input.nameZh, nameEn: input.nameEn, pinyin: input.pinyin, locale: input.locale },
    });
    const staffFields = { titleZh: input.titleZh, titleEn: input.titleEn, phone: input.phone };
    await tx.staffProfile.updateMany({ where: { userId }, data: staffFields });
    await audit({ actorId: userId, action: "profile.update", entityType: "User", entityId: userId }, tx);
  });
}

export async function setUserLocale(userId: string, locale: string) {
  await prisma.user.update({ where: { id: userId }, data: { locale }, select: { id: true } });
}

const PAGE_SIZE = 25;

/**
 * Ids of users whose names, pinyin, email or employee number contain the text, matched literally: Prisma's
 * `contains` becomes LIKE on SQLite, where "%" and "_" would be wildcards, so this uses instr() instead.
 */
export async function matchingUserIds(text: string) {
  const needle = text.toLowerCase();
  const rows = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT u.id FROM "User" u LEFT JOIN "StaffProfile" p ON p."userId" = u.id
    WHERE u."deletedAt" IS NULL AND (
      instr(lower(u."nameZh"), ${needle}) > 0 OR instr(lower(u."nameEn"), ${needle}) > 0 OR
      instr(lower(coalesce(u."pinyin", '')), ${needle}) > 0 OR instr(lower(u."email"), ${needle}) > 0 OR
      instr(lower(coalesce(p."employeeNo", '')), ${needle}) > 0
    )`;
  return rows.map((row) => row.id);
}

export async function listUsers({ query, page }: { query: string; page: number }) {
  const where = { deletedAt: null, ...(query ? { id: { in: await matchingUserIds(query) } } : {}) };
  const [total, users] = await prisma.$transaction([
    prisma.user.count({ where }),
    prisma.user.findMany({
      where,
      // staff before guests, then alphabetically by the romanised name
      orderBy: [{ kind: "desc" }, { nameEn: "asc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        email: true,
        nameZh: true,
        nameEn: true,
        kind: true,
        roles: { select: { name: true } },
        profile: { select: { employeeNo: true, department: { select: { nameZh: true, nameEn: true } } } },
      },
    }),
  ]);
  return { total, users, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export const RolesSchema = z.object({
  userId: z.string().min(1),
  roles: z.array(z.enum(ROLE_NAMES, { message: "form.invalidChoice" })).default([]),
});

/** Replaces a user's global roles. An admin cannot take away their own admin role (no lock-out). */
export async function setUserRoles(actorId: string, userId: string, roles: RoleName[]) {
  if (actorId === userId && !roles.includes("admin")) return { ok: false as const, reason: "self-demotion" as const };
  const exists = await prisma.user.findUnique({ where: { id: userId, deletedAt: null }, select: { id: true } });
  if (!exists) return { ok: false as const, reason: "not-found" as const };
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { roles: { set: roles.map((name) => ({ name })) } },
    });
    await audit({ actorId, action: "user.roles", entityType: "User", entityId: userId, metadata: { roles } }, tx);
  });
  return { ok: true as const };
}

export const NewStaffSchema = z.object({
  email: z.email({ message: "login.emailInvalid" }).max(200, { message: "form.tooLong" }).transform((e) => e.toLowerCase()),
  nameZh: z.string({ message: "form.required" }).trim().min(1, { message: "form.required" }).max(50, { message: "form.tooLong" }),
  nameEn: z.string({ message: "form.required" }).trim().min(1, { message: "form.required" }).max(100, { message: "form.tooLong" }),
  employeeNo: z
    .string({ message: "form.required" })
    .trim()
    .min(1, { message: "form.required" })
    .max(30, { message: "form.tooLong" })
    .regex(/^[A-Za-z0-9-]+$/, { message: "admin.users.employeeNoInvalid" }),
  departmentId: z.string().trim().optional().transform((v) => v || null),
});
export type NewStaffInput = z.infer<typeof NewStaffSchema>;

export async function listDepartments() {
  return prisma.department.findMany({ orderBy: DEPARTMENT_ORDER, select: { id: true, nameZh: true, nameEn: true } });
}

/**
 * Adds one staff member (the cohort import does many). No password: the account signs in once an admin or
 * SSO activates it. A duplicate email or employee number comes back as the field it clashed on.
 */
export async function createStaffMember(actorId: string, input: NewStaffInput) {
  if (input.departmentId) {
    const department = await prisma.department.findUnique({ where: { id: input.departmentId }, select: { id: true } });
    if (!department) return { ok: false as const, field: "departmentId" as const, reason: "unknown" as const };
  }
  try {
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          email: input.email,
          nameZh: input.nameZh,
          nameEn: input.nameEn,
          roles: { connect: [{ name: "staff" }] },
          profile: { create: { employeeNo: input.employeeNo, departmentId: input.departmentId } },
        },
        select: { id: true },
      });
      await audit({ actorId, action: "user.create", entityType: "User", entityId: created.id }, tx);
      return created;
    });
    return { ok: true as const, userId: user.id };
  } catch (error) {
    const clash = uniqueViolation(error);
    if (!clash) throw error;
    const field = clash.fields.includes("employeeNo") ? ("employeeNo" as const) : ("email" as const);
    return { ok: false as const, field, reason: "taken" as const };
  }
}

/** A staff member named by email or employee number, as organizers type them. */
export async function findStaffId(identifier: string) {
  const value = identifier.trim();
  if (!value) return null;
  const user = await prisma.user.findFirst({
    where: { deletedAt: null, kind: "STAFF", OR: [{ email: value.toLowerCase() }, { profile: { employeeNo: value } }] },
    select: { id: true },
  });
  return user?.id ?? null;
}

/** Suggestions for the people pickers: every active staff member, smallest possible rows. */
export async function staffDirectory() {
  return prisma.user.findMany({
    where: { deletedAt: null, kind: "STAFF" },
    orderBy: { nameEn: "asc" },
    select: { email: true, nameZh: true, nameEn: true },
  });
}
