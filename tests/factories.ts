/**
 * Factories shared by the tests and the demo seed. Each returns the created row; every unique field gets a
 * fresh value unless the caller gives one.
 */
import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import type { RoleName } from "~/utils/role-matrix";

export const DEMO_PASSWORD = "convene2026";

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

const hashes = new Map<string, Promise<string>>();
/** scrypt is deliberately slow; one hash per distinct password keeps seeding 200 staff fast. */
export function passwordHashFor(password: string) {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = hashPassword(password)));
  return hash;
}

export async function createDepartment(overrides: Partial<Prisma.DepartmentCreateInput> = {}) {
  const n = next();
  return prisma.department.create({
    data: { code: `D-${n}`, nameZh: `部门${n}`, nameEn: `Department ${n}`, ...overrides },
  });
}

type UserOptions = {
  email?: string;
  nameZh?: string;
  nameEn?: string;
  pinyin?: string | null;
  kind?: "STAFF" | "GUEST";
  locale?: string | null;
  password?: string | null;
  roles?: RoleName[];
  departmentId?: string | null;
  employeeNo?: string;
  titleZh?: string | null;
  titleEn?: string | null;
  hireDate?: Date | null;
  recruitmentBatch?: string | null;
};

export async function createUser(options: UserOptions = {}) {
  const n = next();
  const kind = options.kind ?? "STAFF";
  const password = options.password === undefined ? DEMO_PASSWORD : options.password;
  return prisma.user.create({
    data: {
      email: options.email ?? `user-${n}@lab.example`,
      nameZh: options.nameZh ?? `用户${n}`,
      nameEn: options.nameEn ?? `User ${n}`,
      pinyin: options.pinyin ?? null,
      kind,
      locale: options.locale ?? null,
      passwordHash: password === null ? null : await passwordHashFor(password),
      roles: { connect: (options.roles ?? (kind === "STAFF" ? ["staff"] : ["guest"])).map((name) => ({ name })) },
      ...(kind === "STAFF"
        ? {
            profile: {
              create: {
                employeeNo: options.employeeNo ?? `E${n}`,
                departmentId: options.departmentId ?? null,
                titleZh: options.titleZh ?? null,
                titleEn: options.titleEn ?? null,
                hireDate: options.hireDate ?? null,
                recruitmentBatch: options.recruitmentBatch ?? null,
              },
            },
          }
        : {}),
    },
    select: { id: true, email: true, nameZh: true, nameEn: true, kind: true },
  });
}

export async function createVenue(rooms: Array<{ nameZh: string; nameEn: string; capacity?: number }> = []) {
  const n = next();
  return prisma.venue.create({
    data: { nameZh: `场地${n}`, nameEn: `Venue ${n}`, rooms: { create: rooms } },
    include: { rooms: true },
  });
}

type EventOptions = Partial<Omit<Prisma.EventUncheckedCreateInput, "id">> & {
  organizerIds?: string[];
  checkinStaffIds?: string[];
  audienceDepartmentIds?: string[];
};

export async function createEvent(options: EventOptions = {}) {
  const { organizerIds = [], checkinStaffIds = [], audienceDepartmentIds = [], ...fields } = options;
  const n = next();
  const startsAt = fields.startsAt ?? new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const endsAt = fields.endsAt ?? new Date(new Date(startsAt).getTime() + 4 * 3600 * 1000);
  const event = await prisma.event.create({
    data: {
      slug: `event-${n}`,
      kind: "INTERNAL_CONFERENCE",
      status: "PUBLISHED",
      titleZh: `活动${n}`,
      titleEn: `Event ${n}`,
      ...fields,
      startsAt,
      endsAt,
      audienceDepartments: { create: audienceDepartmentIds.map((departmentId) => ({ departmentId })) },
    },
  });
  await assignEventRole(event.id, organizerIds, "organizer");
  await assignEventRole(event.id, checkinStaffIds, "checkin");
  return event;
}

export async function assignEventRole(eventId: string, userIds: string[], role: "organizer" | "checkin") {
  if (userIds.length === 0) return;
  const { id: roleId } = await prisma.role.findUniqueOrThrow({ where: { name: role }, select: { id: true } });
  await prisma.eventRole.createMany({ data: userIds.map((userId) => ({ eventId, userId, roleId })) });
}
