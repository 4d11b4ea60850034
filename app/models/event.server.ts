import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { userCan } from "~/utils/permissions.server";
import type { SessionUser } from "~/utils/session.server";

/** Who is looking: what audience rules need to know about them. */
export type Viewer = {
  id: string;
  kind: "STAFF" | "GUEST";
  departmentId: string | null;
  isNewHire: boolean;
  seesEverything: boolean;
};

export async function viewerFor(user: SessionUser): Promise<Viewer> {
  const profile = await prisma.staffProfile.findUnique({
    where: { userId: user.id },
    select: { departmentId: true, recruitmentBatch: true },
  });
  return {
    id: user.id,
    kind: user.kind,
    departmentId: profile?.departmentId ?? null,
    isNewHire: Boolean(profile?.recruitmentBatch),
    seesEverything: await userCan(user, "read:event"),
  };
}

/**
 * The audience rules as one query filter, used by listings and by single-event lookups alike, so the
 * two can never disagree. Drafts are seen only by the event's own organizers (and admins).
 */
export function visibleEventsWhere(viewer: Viewer): Prisma.EventWhereInput {
  if (viewer.seesEverything) return {};
  const organizes: Prisma.EventWhereInput = {
    eventRoles: { some: { userId: viewer.id, role: { name: "organizer" } } },
  };
  const involved: Prisma.EventWhereInput[] = [
    { registrations: { some: { userId: viewer.id } } },
    { invitations: { some: { userId: viewer.id } } },
    { eventRoles: { some: { userId: viewer.id } } },
    { delegation: { members: { some: { userId: viewer.id } } } },
    { visitHosts: { some: { userId: viewer.id } } },
  ];
  if (viewer.departmentId) involved.push({ invitations: { some: { departmentId: viewer.departmentId } } });

  const audience: Prisma.EventWhereInput[] =
    viewer.kind === "STAFF"
      ? [
          { audience: "ALL_STAFF" },
          ...(viewer.departmentId
            ? [{ audience: "DEPARTMENTS" as const, audienceDepartments: { some: { departmentId: viewer.departmentId } } }]
            : []),
          ...(viewer.isNewHire ? [{ audience: "NEW_HIRES" as const }] : []),
        ]
      : [];

  return {
    OR: [organizes, { status: { not: "DRAFT" }, OR: [...audience, ...involved] }],
  };
}

export const eventCardSelect = {
  id: true,
  slug: true,
  kind: true,
  status: true,
  titleZh: true,
  titleEn: true,
  timeZone: true,
  startsAt: true,
  endsAt: true,
  audience: true,
  venue: { select: { nameZh: true, nameEn: true } },
} as const;

export async function listUpcomingEvents(viewer: Viewer, now = new Date(), take = 20) {
  return prisma.event.findMany({
    where: { AND: [visibleEventsWhere(viewer), { endsAt: { gte: now }, status: { not: "ARCHIVED" } }] },
    orderBy: { startsAt: "asc" },
    take,
    select: eventCardSelect,
  });
}

export async function listPastEvents(viewer: Viewer, now = new Date(), take = 10) {
  return prisma.event.findMany({
    where: { AND: [visibleEventsWhere(viewer), { endsAt: { lt: now } }] },
    orderBy: { startsAt: "desc" },
    take,
    select: eventCardSelect,
  });
}

export async function getVisibleEvent(viewer: Viewer, slug: string) {
  return prisma.event.findFirst({
    where: { AND: [visibleEventsWhere(viewer), { slug }] },
    select: {
      ...eventCardSelect,
      descriptionZh: true,
      descriptionEn: true,
      cancelReason: true,
      venue: { select: { nameZh: true, nameEn: true, addressZh: true, addressEn: true } },
    },
  });
}
