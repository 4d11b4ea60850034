import { z } from "zod";

import { compareDepartments } from "~/models/department.server";
import type { Prisma } from "~/generated/prisma/client";
import { lockForWrite } from "~/models/registration.server";
import { audit } from "~/utils/audit.server";
import { prisma } from "~/utils/db.server";

/**
 * The new-hire badge ceremony: the director calls the new hires one by one and hands each their badge. The
 * calling order lives in Badge.callingOrder (the batch badge PDF prints in it too) and the hand-over in
 * Badge.presentedAt, both on the person's current badge; a reissued badge copies the order.
 */

export const CALLING_ORDER_KEYS = ["department", "batch"] as const;
export type CallingOrderKey = (typeof CALLING_ORDER_KEYS)[number];

const emptyToUndefined = (value: string | undefined) => value || undefined;

/** The view's GET search params; anything malformed is ignored rather than refused, as a filter should be. */
export const CeremonyFilterSchema = z.object({
  department: z.string().trim().max(40).optional().catch(undefined).transform(emptyToUndefined),
  hidePresented: z.string().optional().catch(undefined).transform((value) => value === "1"),
});
export type CeremonyFilter = { department?: string; hidePresented?: boolean };

const badgeId = z.string({ message: "ceremony.badgeMissing" }).trim().min(1, { message: "ceremony.badgeMissing" }).max(40, { message: "ceremony.badgeMissing" });

export const CeremonyActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("present"), badgeId }),
  z.object({ intent: z.literal("unpresent"), badgeId }),
  z.object({ intent: z.literal("move"), badgeId, direction: z.enum(["up", "down"], { message: "ceremony.directionInvalid" }) }),
  z.object({ intent: z.literal("number"), by: z.enum(CALLING_ORDER_KEYS, { message: "ceremony.orderKeyInvalid" }) }),
]);

const ceremonyBadgeSelect = {
  id: true,
  userId: true,
  callingOrder: true,
  presentedAt: true,
  user: {
    select: {
      nameZh: true,
      nameEn: true,
      pinyin: true,
      profile: {
        select: {
          recruitmentBatch: true,
          department: { select: { id: true, code: true, sortOrder: true, nameZh: true, nameEn: true } },
        },
      },
    },
  },
} satisfies Prisma.BadgeSelect;
type CeremonyBadge = Prisma.BadgeGetPayload<{ select: typeof ceremonyBadgeSelect }>;

// Pinyin and batch names are compared as words with numbers in them ("2019-10" after "2019-9"), case-blind.
const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
type Compare = (a: CeremonyBadge, b: CeremonyBadge) => number;

/** Missing values (no department, no batch, not yet numbered) go after every present one. */
function nullsLast<T>(a: T | null | undefined, b: T | null | undefined, compare: (a: T, b: T) => number) {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  return compare(a, b);
}
const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Departments in the lab's official order, as the department pickers show them.
const byDepartment: Compare = (a, b) => compareDepartments(a.user.profile?.department, b.user.profile?.department);
// Pinyin first (the English name when a person has none), then the Chinese name, then the id so ties never wobble.
const byName: Compare = (a, b) =>
  collator.compare(a.user.pinyin || a.user.nameEn, b.user.pinyin || b.user.nameEn) || plain(a.user.nameZh, b.user.nameZh) || plain(a.id, b.id);
const byBatch: Compare = (a, b) => nullsLast(a.user.profile?.recruitmentBatch, b.user.profile?.recruitmentBatch, collator.compare);
const byCallingOrder: Compare = (a, b) => nullsLast(a.callingOrder, b.callingOrder, (x, y) => x - y);

const ORDERINGS: Record<CallingOrderKey, Compare> = {
  department: (a, b) => byDepartment(a, b) || byName(a, b),
  batch: (a, b) => byBatch(a, b) || byDepartment(a, b) || byName(a, b),
};
/** The order of the view and of the call: numbered first, then the rest by department and name. */
const displayOrder: Compare = (a, b) => byCallingOrder(a, b) || byDepartment(a, b) || byName(a, b);

/** Current new-hire badges of the event, in calling order. */
async function ceremonyBadges(db: Prisma.TransactionClient, eventId: string) {
  const badges = await db.badge.findMany({ where: { eventId, ribbon: "NEW_HIRE", revokedAt: null }, select: ceremonyBadgeSelect });
  return badges.sort(displayOrder);
}

export type CeremonyRow = {
  badgeId: string;
  callingOrder: number | null;
  nameZh: string;
  nameEn: string;
  pinyin: string | null;
  batch: string | null;
  department: { id: string; nameZh: string; nameEn: string } | null;
  checkedIn: boolean;
  presentedAt: Date | null;
};

/**
 * The ceremony list with its progress. `total`, `presented` and `next` (the first not yet presented in calling
 * order) are for the whole ceremony, whatever the filter; `rows` are the filtered ones. A person counts as checked
 * in when any of their badges for the event has a door check-in that was not undone, so a badge reissued after
 * the door keeps them in.
 */
export async function ceremonyList(eventId: string, filter: CeremonyFilter = {}) {
  const badges = await ceremonyBadges(prisma, eventId);
  const arrivals = await prisma.checkIn.findMany({
    where: { eventId, method: "DOOR", undoneAt: null, badge: { userId: { in: badges.map((b) => b.userId) } } },
    select: { badge: { select: { userId: true } } },
  });
  const checkedIn = new Set(arrivals.map((arrival) => arrival.badge.userId));
  const all: CeremonyRow[] = badges.map((badge) => ({
    badgeId: badge.id,
    callingOrder: badge.callingOrder,
    nameZh: badge.user.nameZh,
    nameEn: badge.user.nameEn,
    pinyin: badge.user.pinyin,
    batch: badge.user.profile?.recruitmentBatch ?? null,
    department: badge.user.profile?.department ? { id: badge.user.profile.department.id, nameZh: badge.user.profile.department.nameZh, nameEn: badge.user.profile.department.nameEn } : null,
    checkedIn: checkedIn.has(badge.userId),
    presentedAt: badge.presentedAt,
  }));
  const departments = new Map<string, { id: string; code: string; nameZh: string; nameEn: string }>();
  for (const badge of badges) if (badge.user.profile?.department) departments.set(badge.user.profile.department.id, badge.user.profile.department);
  const inDepartment = filter.department ? all.filter((row) => row.department?.id === filter.department) : all;
  return {
    total: all.length,
    presented: all.filter((row) => row.presentedAt).length,
    next: all.find((row) => !row.presentedAt) ?? null,
    departmentTotal: inDepartment.length,
    departmentPresented: inDepartment.filter((row) => row.presentedAt).length,
    // the departments that have new hires here, for the filter
    departments: [...departments.values()].sort((a, b) => plain(a.code, b.code)).map(({ id, nameZh, nameEn }) => ({ id, nameZh, nameEn })),
    rows: filter.hidePresented ? inDepartment.filter((row) => !row.presentedAt) : inDepartment,
  };
}

/** A current new-hire badge of this event, or null: revoked, unknown, another event's and non-new-hire badges alike. */
function findCeremonyBadge(tx: Prisma.TransactionClient, eventId: string, id: string) {
  return tx.badge.findFirst({
    where: { id, eventId, ribbon: "NEW_HIRE", revokedAt: null },
    select: { id: true, presentedAt: true, user: { select: { nameZh: true, nameEn: true } } },
  });
}

export type PresentOutcome = { outcome: "PRESENTED" | "ALREADY"; presentedAt: Date; person: { nameZh: string; nameEn: string } };

/**
 * Marks a badge as handed over. Twice is harmless: two stage devices tapping the same name keep the first time,
 * and the second is told when that was. Null when the badge is not a current new-hire badge of this event.
 */
export async function markPresented(actorId: string, eventId: string, id: string, now = new Date()): Promise<PresentOutcome | null> {
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    const badge = await findCeremonyBadge(tx, eventId, id);
    if (!badge) return null;
    if (badge.presentedAt) return { outcome: "ALREADY" as const, presentedAt: badge.presentedAt, person: badge.user };
    await tx.badge.update({ where: { id: badge.id }, data: { presentedAt: now } });
    await audit({ actorId, action: "badge.present", entityType: "Badge", entityId: badge.id, eventId }, tx);
    return { outcome: "PRESENTED" as const, presentedAt: now, person: badge.user };
  });
}

export type UnpresentOutcome = { outcome: "UNPRESENTED" | "NOT_PRESENTED"; person: { nameZh: string; nameEn: string } };

/** Takes back a mistaken "presented"; undoing one that is not marked changes nothing. */
export async function unmarkPresented(actorId: string, eventId: string, id: string): Promise<UnpresentOutcome | null> {
  return prisma.$transaction(async (tx) => {
    await lockForWrite(tx, eventId);
    const badge = await findCeremonyBadge(tx, eventId, id);
    if (!badge) return null;
    if (!badge.presentedAt) return { outcome: "NOT_PRESENTED" as const, person: badge.user };
    await tx.badge.update({ where: { id: badge.id }, data: { presentedAt: null } });
    await audit({ actorId, action: "badge.unpresent", entityType: "Badge", entityId: badge.id, eventId, metadata: { presentedAt: badge.presentedAt.toISOString() } }, tx);
    return { outcome: "UNPRESENTED" as const, person: badge.user };
  });
}

/** Writes 1..n in the given order, touching only the badges whose number changes. */
async function writeOrder(tx: Prisma.TransactionClient, badges: CeremonyBadge[]) {
  let changed = 0;
  for (const [index, badge] of badges.entries()) {
    if (badge.callingOrder === index + 1) continue;
    await tx.badge.update({ where: { id: badge.id }, data: { callingOrder: index + 1 } });
    changed++;
  }
  return changed;
}

// 160-odd single-row updates take well under a second; the margin is for a slow disk, not for a bigger batch.
const NUMBERING_TIMEOUT_MS = 20_000;

/**
 * Numbers the whole calling order afresh, by department then pinyin, or by batch then department then pinyin.
 * One transaction: if any write fails, every number stays as it was.
 */
export async function numberCallingOrder(actorId: string, eventId: string, by: CallingOrderKey) {
  return prisma.$transaction(
    async (tx) => {
      await lockForWrite(tx, eventId);
      const badges = (await ceremonyBadges(tx, eventId)).sort(ORDERINGS[by]);
      const changed = await writeOrder(tx, badges);
      await audit({ actorId, action: "badge.numberCallingOrder", entityType: "Event", entityId: eventId, eventId, metadata: { by, count: badges.length, changed } }, tx);
      return { count: badges.length, changed };
    },
    { timeout: NUMBERING_TIMEOUT_MS },
  );
}

/**
 * Moves one person a place up or down the calling order by swapping with their neighbour, then numbers the whole
 * list 1..n so it stays gap-free (people not yet numbered get numbers in the order they were shown). Null when the
 * badge is not on the list; `moved: false` at either end.
 */
export async function moveInCallingOrder(actorId: string, eventId: string, id: string, direction: "up" | "down") {
  return prisma.$transaction(
    async (tx) => {
      await lockForWrite(tx, eventId);
      const badges = await ceremonyBadges(tx, eventId);
      const index = badges.findIndex((badge) => badge.id === id);
      if (index === -1) return null;
      const target = direction === "up" ? index - 1 : index + 1;
      if (target < 0 || target >= badges.length) return { moved: false, callingOrder: index + 1 };
      [badges[index], badges[target]] = [badges[target]!, badges[index]!];
      await writeOrder(tx, badges);
      await audit({ actorId, action: "badge.move", entityType: "Badge", entityId: id, eventId, metadata: { direction, from: index + 1, to: target + 1 } }, tx);
      return { moved: true, callingOrder: target + 1 };
    },
    { timeout: NUMBERING_TIMEOUT_MS },
  );
}
