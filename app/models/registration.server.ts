import { z } from "zod";

import type { Prisma, RegistrationStatus } from "~/generated/prisma/client";
import { visibleEventsWhere, type Viewer } from "~/models/event.server";
import { matchingUserIds } from "~/models/user.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";
import type { MessageKey } from "~/utils/i18n";

type Tx = Prisma.TransactionClient;

/** Registrations that hold or wait for a seat; CANCELLED and DECLINED ones do not count. */
const ACTIVE: RegistrationStatus[] = ["CONFIRMED", "WAITLISTED", "PENDING"];

/**
 * Takes SQLite's write lock before reading anything, like BEGIN IMMEDIATE: from here until commit no other
 * connection or process can write, so the seat count read next cannot go stale before the insert that depends
 * on it. A second registrant waits on busy_timeout instead of failing or overbooking.
 */
async function lockForWrite(tx: Tx, eventId: string) {
  await tx.$executeRaw`UPDATE "Event" SET "id" = "id" WHERE "id" = ${eventId}`;
}

async function confirmedCount(tx: Tx, eventId: string) {
  return tx.registration.count({ where: { eventId, status: "CONFIRMED" } });
}

export type RegistrationFailure = { ok: false; status: 403 | 404 | 409; messageKey: MessageKey };
export type RegistrationResult =
  | { ok: true; created: boolean; registration: { id: string; status: RegistrationStatus } }
  | RegistrationFailure;

const fail = (status: 403 | 404 | 409, messageKey: MessageKey): RegistrationFailure => ({ ok: false, status, messageKey });

/**
 * Why a registrant may not register now, or null when they may: the event must be visible to them (audience
 * rules), published, and inside its registration window.
 */
export async function registrationBlock(viewer: Viewer, eventId: string, now: Date): Promise<RegistrationFailure | null> {
  const event = await prisma.event.findFirst({
    where: { AND: [visibleEventsWhere({ ...viewer, seesEverything: false }), { id: eventId }] },
    select: { status: true, registrationOpensAt: true, registrationClosesAt: true, endsAt: true },
  });
  if (!event) return fail(404, "event.notFound");
  if (event.status !== "PUBLISHED") return fail(409, "registration.eventNotOpen");
  if (event.registrationOpensAt && now < event.registrationOpensAt) return fail(409, "registration.notYetOpen");
  if ((event.registrationClosesAt && now > event.registrationClosesAt) || now > event.endsAt) return fail(409, "registration.closed");
  return null;
}

/**
 * Registers someone for an event: confirmed while seats remain, then first-in-first-out on the waiting list,
 * or pending when the event needs approval. Registering again returns the existing registration. The seat
 * count and the insert happen in one write-locked transaction, so a burst can never overbook.
 *
 * `registeredById` is set when an organizer or assistant registers someone else.
 */
export async function register(
  viewer: Viewer,
  eventId: string,
  options: { answers?: Record<string, string>; registeredById?: string | null; now?: Date } = {},
): Promise<RegistrationResult> {
  const now = options.now ?? new Date();
  const blocked = await registrationBlock(viewer, eventId, now);
  if (blocked) return blocked;
  const userId = viewer.id;

  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    const existing = await tx.registration.findUnique({ where: { eventId_userId: { eventId, userId } }, select: { id: true, status: true } });
    if (existing && ACTIVE.includes(existing.status)) return { ok: true as const, created: false, registration: existing };
    if (existing?.status === "DECLINED") return fail(409, "registration.declined");

    const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { capacity: true, requiresApproval: true } });
    const status: RegistrationStatus = event.requiresApproval
      ? "PENDING"
      : event.capacity === null || (await confirmedCount(tx, eventId)) < event.capacity
        ? "CONFIRMED"
        : "WAITLISTED";
    const fields = {
      status,
      answers: JSON.stringify(options.answers ?? {}),
      registeredById: options.registeredById ?? null,
      waitlistedAt: status === "WAITLISTED" ? now : null,
      promotedAt: null,
      cancelledAt: null,
      decidedAt: null,
      declineReason: null,
    };
    // A cancelled registration is reused, so one person has one row per event (and one badge history).
    const registration = existing
      ? await tx.registration.update({ where: { id: existing.id }, data: fields, select: { id: true, status: true } })
      : await tx.registration.create({ data: { ...fields, eventId, userId }, select: { id: true, status: true } });
    await audit(
      {
        actorId: options.registeredById ?? userId,
        action: "registration.create",
        entityType: "Registration",
        entityId: registration.id,
        eventId,
        metadata: { status, onBehalf: Boolean(options.registeredById) },
      },
      tx,
    );
    return { ok: true as const, created: true, registration };
  });
}

/**
 * Moves people from the waiting list into free seats, oldest first, inside the caller's write-locked
 * transaction. Each promotion is recorded and the person is told in the app.
 */
async function promoteFromWaitlist(tx: Tx, eventId: string, actorId: string | null, now: Date) {
  const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, select: { capacity: true, status: true, endsAt: true } });
  // Nobody is moved up for an event that is not happening or is over: a seat there means nothing.
  if (event.status !== "PUBLISHED" || event.endsAt < now) return [];
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - (await confirmedCount(tx, eventId));
  if (free <= 0) return [];
  const waiting = await tx.registration.findMany({
    where: { eventId, status: "WAITLISTED" },
    orderBy: [{ waitlistedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: Math.min(free, 10_000),
    select: { id: true, userId: true },
  });
  for (const registration of waiting) {
    await tx.registration.update({ where: { id: registration.id }, data: { status: "CONFIRMED", promotedAt: now } });
    await tx.notification.create({
      data: { userId: registration.userId, kind: "WAITLIST_PROMOTED", payload: JSON.stringify({ eventId, registrationId: registration.id }) },
    });
    await audit({ actorId, action: "registration.promote", entityType: "Registration", entityId: registration.id, eventId }, tx);
  }
  return waiting.map((registration) => registration.id);
}

/** Cancels a registration (the registrant's own, or by an organizer) and promotes the next person waiting. */
export async function cancelRegistration(actorId: string, registrationId: string, now = new Date()) {
  const registration = await prisma.registration.findUnique({ where: { id: registrationId }, select: { eventId: true } });
  if (!registration) return { ok: false as const, status: 404 as const };
  const promoted = await prisma.$transaction(async (tx) => {
    await lockForWrite(tx, registration.eventId);
    const { count } = await tx.registration.updateMany({
      where: { id: registrationId, status: { in: ACTIVE } },
      data: { status: "CANCELLED", cancelledAt: now, waitlistedAt: null },
    });
    if (count === 0) return null;
    await audit({ actorId, action: "registration.cancel", entityType: "Registration", entityId: registrationId, eventId: registration.eventId }, tx);
    return promoteFromWaitlist(tx, registration.eventId, actorId, now);
  });
  return promoted === null ? { ok: false as const, status: 409 as const } : { ok: true as const, promoted };
}

/** Changes an event's capacity; raising it promotes people from the waiting list, in order. */
export async function setCapacity(actorId: string, eventId: string, capacity: number | null, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    const { count } = await tx.event.updateMany({ where: { id: eventId }, data: { capacity } });
    if (count === 0) return { ok: false as const, status: 404 as const };
    await audit({ actorId, action: "event.capacity", entityType: "Event", entityId: eventId, eventId, metadata: { capacity } }, tx);
    return { ok: true as const, promoted: await promoteFromWaitlist(tx, eventId, actorId, now) };
  });
}

/** One person's registration for an event, with their place in the queue when waiting. */
export async function getMyRegistration(eventId: string, userId: string) {
  const registration = await prisma.registration.findUnique({
    where: { eventId_userId: { eventId, userId } },
    select: { id: true, status: true, waitlistedAt: true, createdAt: true, promotedAt: true, declineReason: true },
  });
  if (!registration) return null;
  let position: number | null = null;
  if (registration.status === "WAITLISTED" && registration.waitlistedAt) {
    const ahead = await prisma.registration.count({
      where: {
        eventId,
        status: "WAITLISTED",
        OR: [
          { waitlistedAt: { lt: registration.waitlistedAt } },
          { waitlistedAt: registration.waitlistedAt, createdAt: { lt: registration.createdAt } },
          { waitlistedAt: registration.waitlistedAt, createdAt: registration.createdAt, id: { lt: registration.id } },
        ],
      },
    });
    position = ahead + 1;
  }
  return { ...registration, position };
}

export async function registrationCounts(eventId: string) {
  const groups = await prisma.registration.groupBy({ by: ["status"], where: { eventId }, _count: { _all: true } });
  const counts: Record<RegistrationStatus, number> = { CONFIRMED: 0, WAITLISTED: 0, PENDING: 0, DECLINED: 0, CANCELLED: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}

export const REGISTRATION_STATUSES: RegistrationStatus[] = ["CONFIRMED", "WAITLISTED", "PENDING", "CANCELLED", "DECLINED"];

/** The organizer's filters from a query string; anything unreadable is ignored rather than refused. */
export const RegistrantFilterSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  status: z.enum(["CONFIRMED", "WAITLISTED", "PENDING", "CANCELLED", "DECLINED"]).optional().catch(undefined),
  department: z.string().max(40).optional().catch(undefined),
});

export type RegistrantFilter = { query?: string; status?: RegistrationStatus; departmentId?: string };

/** The organizer's list: searchable by name, pinyin, email or employee number; waiting list in queue order. */
export async function listRegistrations(eventId: string, filter: RegistrantFilter = {}, take = 5_000) {
  const query = filter.query?.trim();
  const userIds = query ? await matchingUserIds(query) : null;
  return prisma.registration.findMany({
    where: {
      eventId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(userIds ? { userId: { in: userIds } } : {}),
      ...(filter.departmentId ? { user: { profile: { departmentId: filter.departmentId } } } : {}),
    },
    orderBy: [{ status: "asc" }, { waitlistedAt: "asc" }, { createdAt: "asc" }],
    take,
    select: {
      id: true,
      status: true,
      createdAt: true,
      waitlistedAt: true,
      user: {
        select: {
          nameZh: true,
          nameEn: true,
          email: true,
          profile: { select: { employeeNo: true, recruitmentBatch: true, department: { select: { nameZh: true, nameEn: true } } } },
        },
      },
      registeredBy: { select: { nameZh: true, nameEn: true } },
    },
  });
}
