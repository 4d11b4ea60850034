import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";

/**
 * In-app notifications. A notification stores its facts (names in both languages, the event), never a
 * rendered sentence, so each reader sees it in their own language.
 */
type EventRef = { eventSlug: string; eventTitleZh: string; eventTitleEn: string };

export type NotificationInput =
  | {
      kind: "GUEST_ARRIVED";
      payload: EventRef & { guestNameZh: string; guestNameEn: string; organisationZh: string; organisationEn: string; arrivedAt: string };
    }
  | { kind: "CONNECTION_MADE"; payload: EventRef & { nameZh: string; nameEn: string } };

export type NotificationKind = NotificationInput["kind"];

/** Sends one notification to each of the given users (each once). Pass the transaction client so it commits with the change. */
export async function notify(userIds: readonly string[], notification: NotificationInput, db: Prisma.TransactionClient = prisma) {
  const unique = [...new Set(userIds)];
  if (!unique.length) return 0;
  const payload = JSON.stringify(notification.payload);
  const result = await db.notification.createMany({ data: unique.map((userId) => ({ userId, kind: notification.kind, payload })) });
  return result.count;
}
