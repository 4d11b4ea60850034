import { z } from "zod";

import type { Prisma } from "~/generated/prisma/client";
import { agendaFormatter } from "~/utils/agenda-display";
import { DEFAULT_TIME_ZONE } from "~/utils/datetime";
import { prisma } from "~/utils/db.server";
import { pick, translate, type Locale } from "~/utils/i18n";

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

// ───────────────────────────── reading ─────────────────────────────

const notificationSelect = { id: true, kind: true, payload: true, readAt: true, createdAt: true } as const;
export type StoredNotification = { id: string; kind: string; payload: string; readAt: Date | null; createdAt: Date };

/** A person's own notifications, newest first. */
export async function listNotifications(userId: string, take = 100): Promise<StoredNotification[]> {
  return prisma.notification.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take, select: notificationSelect });
}

/** How many of a person's notifications are unread (the header's bell). */
export async function unreadCount(userId: string) {
  return prisma.notification.count({ where: { userId, readAt: null } });
}

/** The newest few unread, for the bell's poll. */
export async function latestUnread(userId: string, take = 5): Promise<StoredNotification[]> {
  return prisma.notification.findMany({ where: { userId, readAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take, select: notificationSelect });
}

/** Marks one of the person's own notifications read; null when it is not theirs (or does not exist). */
export async function markRead(userId: string, id: string, now = new Date()): Promise<StoredNotification | null> {
  const found = await prisma.notification.findFirst({ where: { id, userId }, select: notificationSelect });
  if (!found) return null;
  if (found.readAt) return found;
  return prisma.notification.update({ where: { id: found.id }, data: { readAt: now }, select: notificationSelect });
}

/** Marks all of the person's unread notifications read; returns how many. */
export async function markAllRead(userId: string, now = new Date()) {
  const { count } = await prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } });
  return count;
}

// ───────────────────────────── rendering ─────────────────────────────

const eventRef = { eventSlug: z.string().min(1).max(200), eventTitleZh: z.string().max(500), eventTitleEn: z.string().max(500) };
const PAYLOADS = {
  GUEST_ARRIVED: z.object({
    ...eventRef,
    guestNameZh: z.string().max(200),
    guestNameEn: z.string().max(200),
    organisationZh: z.string().max(500),
    organisationEn: z.string().max(500),
    arrivedAt: z.iso.datetime(),
  }),
  CONNECTION_MADE: z.object({ ...eventRef, nameZh: z.string().max(200), nameEn: z.string().max(200) }),
} satisfies { [K in NotificationKind]: z.ZodType<Extract<NotificationInput, { kind: K }>["payload"]> };

/** One notification as a reader sees it: a sentence in their language, where it leads, and when. */
export type NotificationView = { id: string; kind: NotificationKind; text: string; href: string; at: string; atIso: string; read: boolean };

function parsePayload<K extends NotificationKind>(kind: K, payload: string) {
  try {
    const parsed = PAYLOADS[kind].safeParse(JSON.parse(payload));
    return parsed.success ? (parsed.data as Extract<NotificationInput, { kind: K }>["payload"]) : null;
  } catch {
    return null;
  }
}

const isKind = (kind: string): kind is NotificationKind => Object.hasOwn(PAYLOADS, kind);
const slugPath = (slug: string) => encodeURIComponent(slug);

/**
 * A stored notification as one sentence in the reader's language, or null for a kind this version does not know or
 * a payload that does not parse: such a row is skipped, never an error page. Times are in the lab's zone, since a
 * notification carries no zone of its own.
 */
export function renderNotification(locale: Locale, notification: StoredNotification): NotificationView | null {
  const { kind } = notification;
  if (!isKind(kind)) return null;
  const format = agendaFormatter(locale, DEFAULT_TIME_ZONE);
  const base = { id: notification.id, kind, read: notification.readAt !== null };
  if (kind === "GUEST_ARRIVED") {
    const payload = parsePayload(kind, notification.payload);
    if (!payload) return null;
    const at = new Date(payload.arrivedAt);
    const name = pick(locale, payload.guestNameZh, payload.guestNameEn);
    const organisation = pick(locale, payload.organisationZh, payload.organisationEn);
    const visit = pick(locale, payload.eventTitleZh, payload.eventTitleEn);
    if (!name) return null;
    return {
      ...base,
      text: translate(locale, organisation ? "notifications.guestArrived" : "notifications.guestArrivedNoOrganisation", { name, organisation, visit }),
      href: `/events/${slugPath(payload.eventSlug)}/itinerary`,
      at: format.dateTime(at),
      atIso: at.toISOString(),
    };
  }
  const payload = parsePayload(kind, notification.payload);
  if (!payload) return null;
  const name = pick(locale, payload.nameZh, payload.nameEn);
  if (!name) return null;
  return {
    ...base,
    text: translate(locale, "notifications.connectionMade", { name, event: pick(locale, payload.eventTitleZh, payload.eventTitleEn) }),
    href: `/events/${slugPath(payload.eventSlug)}/people`,
    at: format.dateTime(notification.createdAt),
    atIso: notification.createdAt.toISOString(),
  };
}

/** Renders a list, skipping what cannot be rendered. */
export function renderNotifications(locale: Locale, notifications: StoredNotification[]) {
  return notifications.flatMap((notification) => renderNotification(locale, notification) ?? []);
}
