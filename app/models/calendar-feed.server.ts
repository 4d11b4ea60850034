/**
 * The calendars convene publishes: one event's file, a person's private feed, the institution feed of everything
 * a person may see, and the public feed. All of them read the published agenda releases, never the draft, and
 * never a DRAFT event. Award winners are not part of any of it: agenda items carry no winners.
 *
 * Cancellations stay visible for a while rather than vanishing: a cancelled event, a cancelled registration and an
 * agenda item dropped from the published agenda remain in the feed with STATUS:CANCELLED and a raised SEQUENCE
 * until the event's end has passed. Calendars that merge by UID then mark their copy cancelled, and anyone looking
 * at that day sees what happened to it. After the end they leave the feed. Otherwise feeds cover events that ended
 * in the last FEED_HISTORY_DAYS days and everything later.
 */
import { createHash, randomBytes } from "node:crypto";

import { z } from "zod";

import { Prisma } from "~/generated/prisma/client";
import { decodeHistory, replayHistory, type AgendaHistory, type ItemHistory, type ReleasedItem } from "~/models/agenda.server";
import { visibleEventsWhere, type Viewer } from "~/models/event.server";
import { calendarUid, renderCalendar, renderEntries, type CalendarEntry, type RenderedBlock } from "~/models/ical.server";
import { audit } from "~/utils/audit.server";
import { agendaItemAnchor } from "~/utils/calendar-links";
import { prisma } from "~/utils/db.server";
import { isMessageKey, pick, translate, type Locale, type MessageKey } from "~/utils/i18n";
import { sessionUserSelect, type SessionUser } from "~/utils/session.server";

export const FEED_HISTORY_DAYS = 365;
/** Calendar apps are asked to look again this often; most poll on their own schedule anyway. */
export const FEED_REFRESH_SECONDS = 3600;
const DESCRIPTION_LIMIT = 2000;

// ───────────────────────────── tokens ─────────────────────────────

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Only this hash is stored: whoever reads the database cannot subscribe to anyone's feed. */
export function hashFeedToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** 32 random bytes, base64url: the secret in a personal feed's URL. */
export function newFeedToken() {
  return randomBytes(32).toString("base64url");
}

export async function getFeedSettings(userId: string) {
  return prisma.calendarFeed.findUnique({ where: { userId }, select: { enabled: true, createdAt: true, updatedAt: true } });
}

/**
 * A new secret for the person's feed, which also turns it on. The old URL stops working in the same write: the
 * row keeps one hash, and the old one is gone. The secret is returned once and never stored.
 */
export async function issueFeedToken(userId: string) {
  const token = newFeedToken();
  const tokenHash = hashFeedToken(token);
  await prisma.$transaction(async (tx) => {
    const existing = await tx.calendarFeed.findUnique({ where: { userId }, select: { id: true } });
    await tx.calendarFeed.upsert({ where: { userId }, create: { userId, tokenHash }, update: { tokenHash, enabled: true } });
    await audit({ actorId: userId, action: existing ? "calendar.feed.rotate" : "calendar.feed.create", entityType: "CalendarFeed", entityId: userId }, tx);
  });
  return token;
}

/** The subscription page's buttons. */
export const FeedActionSchema = z.object({ intent: z.enum(["regenerate", "disable", "enable"]) });

/** A feed's address in both forms: the web one (https on a real deployment) and webcal, which opens calendar apps. */
export function feedAddresses(url: string) {
  return { web: url, webcal: url.replace(/^https?:/, "webcal:") };
}

/** The addresses a new secret opens: the person's own feed, and the institution feed as they may see it. */
export function personalFeedAddresses(origin: string, token: string) {
  const url = `${origin}/calendar/feed/${token}.ics`;
  return { mine: feedAddresses(url), institution: feedAddresses(`${url}?scope=institution`) };
}

/** Turns the feed off (its URL answers 404) or on again (the same URL works again). False when there is no feed. */
export async function setFeedEnabled(userId: string, enabled: boolean) {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.calendarFeed.updateMany({ where: { userId }, data: { enabled } });
    if (count > 0) await audit({ actorId: userId, action: enabled ? "calendar.feed.enable" : "calendar.feed.disable", entityType: "CalendarFeed", entityId: userId }, tx);
    return count > 0;
  });
}

/**
 * The owner of a feed token, or null for a malformed, unknown, revoked or switched-off token, or an account that
 * has been closed. Every one of those answers the same, so a wrong guess learns nothing.
 */
export async function feedOwner(token: string): Promise<SessionUser | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const feed = await prisma.calendarFeed.findUnique({
    where: { tokenHash: hashFeedToken(token) },
    select: { enabled: true, user: { select: { ...sessionUserSelect, deletedAt: true } } },
  });
  if (!feed?.enabled || feed.user.deletedAt) return null;
  const { deletedAt: _deletedAt, ...user } = feed.user;
  return user;
}

// ───────────────────────────── what feeds hold ─────────────────────────────

/** Never a draft; cancelled events until their end; the rest until FEED_HISTORY_DAYS after their end. */
export function feedEventsWhere(now: Date): Prisma.EventWhereInput {
  return {
    OR: [
      { status: { in: ["PUBLISHED", "ARCHIVED"] }, endsAt: { gte: new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000) } },
      { status: "CANCELLED", endsAt: { gt: now } },
    ],
  };
}

/**
 * The audited edits that change an event's own VEVENT: its SEQUENCE counts them, in feeds and invitations alike.
 */
export const EVENT_REVISIONS = { entityType: "Event", action: { in: ["event.update", "event.cancelled"] } } satisfies Prisma.AuditLogWhereInput;

/**
 * SEQUENCE of an event's VEVENT for a person with a registration. Calendar apps ignore a version whose SEQUENCE is
 * not above the one they have, so it rises with every change to what the person's calendar should show:
 *
 *   event revisions + 2 × the registration's cancellations − (1 while it is cancelled)
 *
 * Cancellations are the `registration.cancel` audit entries of the registration's row, which is reused when the
 * person registers again: register → cancel → register → cancel gives r, r+1, r+2, r+3, and every edit of the
 * event one more. A cancelled registration without an audited cancellation (data made outside the app) counts once.
 */
export function registrationSequence({ eventRevisions, cancellations, registrationCancelled }: { eventRevisions: number; cancellations: number; registrationCancelled: boolean }) {
  return eventRevisions + 2 * withdrawals({ cancellations, registrationCancelled }) - (registrationCancelled ? 1 : 0);
}

/**
 * How often the person withdrew from the event: their registration's cancellations (a cancelled one counts at least
 * once) and, for a visit, each time one of their host places was taken away (`visit.host.remove`). A personal feed
 * writes the event's SEQUENCE as `revisions + 2 × withdrawals − (1 while withdrawn)`, which for a person who never
 * hosted is registrationSequence, so feeds and invitations agree. Every step that changes what the person's calendar
 * shows raises it: stop hosting (+1), host again (+1), cancel (+1), register again (+1); a step that changes
 * nothing they see (a host place removed while they still host another, or while registered) may raise it by 2.
 */
export function withdrawals({ cancellations, registrationCancelled, hostRemovals = 0 }: { cancellations: number; registrationCancelled: boolean; hostRemovals?: number }) {
  return (registrationCancelled ? Math.max(cancellations, 1) : cancellations) + hostRemovals;
}

export const feedEventSelect = {
  id: true,
  slug: true,
  status: true,
  titleZh: true,
  titleEn: true,
  descriptionZh: true,
  descriptionEn: true,
  timeZone: true,
  startsAt: true,
  endsAt: true,
  cancelReason: true,
  createdAt: true,
  updatedAt: true,
  venue: { select: { nameZh: true, nameEn: true, addressZh: true, addressEn: true } },
  _count: {
    select: {
      // releases are only ever added, so their number names the agenda's published state
      releases: true,
      // SEQUENCE of the event's own VEVENT: how many times it was edited or cancelled, as the audit trail records
      auditEntries: { where: EVENT_REVISIONS },
    },
  },
} satisfies Prisma.EventSelect;

export type FeedEvent = Prisma.EventGetPayload<{ select: typeof feedEventSelect }>;

/**
 * The agenda histories of these events, as stored: each release carries the history as of itself, so this reads one
 * row per event, the latest, in one query per 500 events (under SQLite's bound-value limit), served by the
 * (eventId, sequence) index. The history comes as hex text because Prisma's driver adapter hands a BLOB over as an
 * array of numbers, one per byte, which cost as much as decompressing and parsing it. Histories are decoded one
 * event at a time while rendering (`agendaOf`), so a thousand of them are never held at once. An event whose latest
 * release predates the history column is recounted from its snapshots.
 */
type StoredAgenda = Uint8Array | AgendaHistory;

async function loadAgendas(eventIds: string[]) {
  const agendas = new Map<string, StoredAgenda>();
  for (let at = 0; at < eventIds.length; at += 500) {
    const rows = await prisma.$queryRaw<Array<{ eventId: string; history: string | null }>>`
      SELECT r."eventId" AS "eventId", hex(r."history") AS "history" FROM "AgendaRelease" r
      WHERE r."eventId" IN (${Prisma.join(eventIds.slice(at, at + 500))})
        AND r."sequence" = (SELECT MAX(latest."sequence") FROM "AgendaRelease" latest WHERE latest."eventId" = r."eventId")`;
    // hex() of NULL is the empty string
    for (const row of rows) if (row.history) agendas.set(row.eventId, Buffer.from(row.history, "hex"));
  }
  const recount = eventIds.filter((id) => !agendas.has(id));
  for (let at = 0; at < recount.length; at += 500) {
    const releases = await prisma.agendaRelease.findMany({
      where: { eventId: { in: recount.slice(at, at + 500) } },
      orderBy: [{ eventId: "asc" }, { sequence: "asc" }],
      select: { eventId: true, createdAt: true, snapshot: true },
    });
    const byEvent = new Map<string, typeof releases>();
    for (const release of releases) byEvent.set(release.eventId, [...(byEvent.get(release.eventId) ?? []), release]);
    for (const [eventId, list] of byEvent) agendas.set(eventId, replayHistory(list).history);
  }
  return agendas;
}

const agendaOf = (stored: StoredAgenda | undefined): AgendaHistory => (stored === undefined ? new Map() : stored instanceof Uint8Array ? decodeHistory(stored) : stored);

// ───────────────────────────── entries ─────────────────────────────

export type Presentation = { locale: Locale; origin: string; now: Date };

/** Why an entry shows as cancelled to this reader, and since when. */
export type Cancellation = { at: Date } | null;

/** Why an event is in a person's feed as cancelled for them alone: they cancelled their registration, or no longer host the visit. */
export type Withdrawal = "registration" | "hosting";

/** What of one event goes into a calendar. */
type Selection = {
  event: boolean;
  /** every published item, or only these */
  items: "all" | Set<string>;
  /** the reader withdrew (see Withdrawal), and when */
  withdrawnAt: Date | null;
  withdrawal?: Withdrawal;
  /** how often the reader withdrew from it (raises the event's SEQUENCE; see `withdrawals`) */
  withdrawals?: number;
  /** items the reader starred: wanted whatever became of their registration */
  starred: Set<string>;
  /** a file asked for by name, not a feed: a cancelled event stays in it even after its end */
  keepEnded?: boolean;
};

const later = (a: Date, b: Date | null | undefined) => (b && b > a ? b : a);
const roleOrder = ["SPEAKER", "HOST", "PARTICIPANT"];

function clip(text: string) {
  return text.length > DESCRIPTION_LIMIT ? `${text.slice(0, DESCRIPTION_LIMIT).trimEnd()}…` : text;
}

/** A staff member's title is frozen as "titleZh / titleEn"; the reader gets one language (as agenda-display does). */
function personTitle(locale: Locale, person: ReleasedItem["people"][number]) {
  const joint = person.userId ? person.title.indexOf(" / ") : -1;
  return joint < 0 ? person.title : pick(locale, person.title.slice(0, joint), person.title.slice(joint + 3));
}

/** A catalog template split once into text and {placeholders}, for the thousands of entries of a feed. */
function template(locale: Locale, key: MessageKey) {
  const parts = translate(locale, key).split(/\{(\w+)\}/);
  return (params: Record<string, string>) => parts.map((part, i) => (i % 2 ? (params[part] ?? "") : part)).join("");
}

function makeWording(locale: Locale) {
  const roleLabels = new Map<string, string>();
  return {
    separator: translate(locale, "list.separator"),
    roleLabel(role: string) {
      let label = roleLabels.get(role);
      if (label === undefined) {
        const key = `agenda.role.${role}`;
        roleLabels.set(role, (label = isMessageKey(key) ? translate(locale, key) : role));
      }
      return label;
    },
    peopleLine: template(locale, "calendar.peopleLine"),
    personWithDetail: template(locale, "calendar.personWithDetail"),
    place: template(locale, "calendar.place"),
    cancelledSummary: template(locale, "calendar.cancelledSummary"),
    eventCancelled: template(locale, "calendar.eventCancelled"),
    registrationCancelled: translate(locale, "calendar.registrationCancelled"),
    hostingEnded: translate(locale, "calendar.hostingEnded"),
  };
}

const wordings = new Map<Locale, ReturnType<typeof makeWording>>();
function wording(locale: Locale) {
  let words = wordings.get(locale);
  if (!words) wordings.set(locale, (words = makeWording(locale)));
  return words;
}

const roleRank = (role: string) => (roleOrder.includes(role) ? roleOrder.indexOf(role) : roleOrder.length);

/** "主讲：王伟（研究员）、李娜" / "Speaker: Wang Wei (Professor), Li Na", one line per role, speakers first. */
function peopleLines(locale: Locale, people: ReleasedItem["people"]) {
  const words = wording(locale);
  const roles = [...new Set(people.map((person) => person.role))].sort((a, b) => roleRank(a) - roleRank(b));
  return roles.map((role) => {
    const names = people
      .filter((person) => person.role === role)
      .map((person) => {
        const detail = [personTitle(locale, person), person.organisation].map((part) => part.trim()).filter(Boolean);
        const name = pick(locale, person.nameZh, person.nameEn);
        return detail.length ? words.personWithDetail({ name, detail: detail.join(words.separator) }) : name;
      });
    return words.peopleLine({ role: words.roleLabel(role), names: names.join(words.separator) });
  });
}

function place(locale: Locale, name: string, detail: string) {
  if (!name) return detail;
  return detail ? wording(locale).place({ name, detail }) : name;
}

function summaryOf(locale: Locale, title: string, cancelled: boolean) {
  return cancelled ? wording(locale).cancelledSummary({ title }) : title;
}

/**
 * The event's own VEVENT. `byReader`: the cancellation is the reader's own (`true` or "registration": they cancelled
 * their registration; "hosting": they no longer host the visit). Invitations build on it too
 * (calendar-invitation.server.ts).
 */
export function eventEntry(event: FeedEvent, sequence: number, hasItems: boolean, cancellation: Cancellation, byReader: boolean | Withdrawal, p: Presentation): CalendarEntry {
  const { locale } = p;
  const title = pick(locale, event.titleZh, event.titleEn);
  const url = `${p.origin}/events/${event.slug}`;
  const lines = [clip(pick(locale, event.descriptionZh, event.descriptionEn).trim())];
  if (event.status === "CANCELLED") lines.unshift(wording(locale).eventCancelled({ reason: event.cancelReason ?? "" }).trim());
  else if (byReader) lines.unshift(byReader === "hosting" ? wording(locale).hostingEnded : wording(locale).registrationCancelled);
  lines.push(url);
  const venue = event.venue ? pick(locale, event.venue.nameZh, event.venue.nameEn) : "";
  const address = event.venue ? pick(locale, event.venue.addressZh, event.venue.addressEn) : "";
  return {
    uid: calendarUid("event", event.id),
    sequence,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    summary: summaryOf(locale, title, cancellation !== null),
    description: lines.filter(Boolean).join("\n\n"),
    location: place(locale, venue, address),
    url,
    status: cancellation ? "CANCELLED" : "CONFIRMED",
    // the agenda items carry the busy time; the event around them should not block a whole day (or three)
    transparent: hasItems,
    lastModified: later(event.updatedAt, cancellation?.at),
    created: event.createdAt,
  };
}

function itemEntry(event: FeedEvent, history: ItemHistory, cancellation: Cancellation, p: Presentation): CalendarEntry {
  const { locale } = p;
  const { item } = history;
  const cancelled = cancellation !== null || history.removedAt !== null;
  const venue = event.venue ? pick(locale, event.venue.nameZh, event.venue.nameEn) : "";
  const room = item.room ? pick(locale, item.room.nameZh, item.room.nameEn) : "";
  // the item on the event page, where attendees read the published agenda
  const url = `${p.origin}/events/${event.slug}#${agendaItemAnchor(item.id)}`;
  const notes = clip(pick(locale, item.notesZh, item.notesEn).trim());
  const lines = [pick(locale, event.titleZh, event.titleEn), ...peopleLines(locale, item.people), notes, url];
  return {
    uid: calendarUid("agenda", item.id),
    sequence: history.revisions + (cancellation ? 1 : 0),
    startsAt: new Date(item.startsAt),
    endsAt: new Date(item.endsAt),
    timeZone: event.timeZone,
    summary: summaryOf(locale, pick(locale, item.titleZh, item.titleEn), cancelled),
    description: lines.filter(Boolean).join("\n"),
    location: place(locale, room, venue),
    url,
    status: cancelled ? "CANCELLED" : "CONFIRMED",
    transparent: false,
    lastModified: later(new Date(history.changedAt), cancellation?.at),
    created: new Date(history.firstPublishedAt),
  };
}

/** The VEVENTs of one event as this reader gets them. */
function eventEntries(event: FeedEvent, history: AgendaHistory, selection: Selection, p: Presentation) {
  const ended = event.endsAt <= p.now;
  const eventCancelled = event.status === "CANCELLED";
  let { event: showEvent, items } = selection;
  let withdrawnAt = eventCancelled ? null : selection.withdrawnAt;
  if (withdrawnAt && ended) {
    // the withdrawal has had its time in the feed; starred items stay like any past item
    showEvent = false;
    items = selection.starred;
    withdrawnAt = null;
  }
  const cancellation = (itemId?: string): Cancellation =>
    eventCancelled ? { at: event.updatedAt } : withdrawnAt && !(itemId && selection.starred.has(itemId)) ? { at: withdrawnAt } : null;
  const agenda = [...history.values()].filter((h) => (items === "all" || items.has(h.item.id)) && (h.removedAt === null || !ended));
  const entries: CalendarEntry[] = [];
  if (showEvent) {
    const hasItems = agenda.some((h) => !h.removedAt);
    const withdrawn = withdrawnAt !== null;
    const sequence = event._count.auditEntries + 2 * (selection.withdrawals ?? (withdrawn ? 1 : 0)) - (withdrawn ? 1 : 0);
    entries.push(eventEntry(event, sequence, hasItems, cancellation(), withdrawn && (selection.withdrawal ?? "registration"), p));
  }
  for (const h of agenda) entries.push(itemEntry(event, h, cancellation(h.item.id), p));
  return entries.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

// ───────────────────────────── rendered events, kept ─────────────────────────────

/**
 * Rendered events are kept, keyed by everything that goes into them: the event row (its updatedAt stands for its
 * own columns), its venue, how many releases and audited edits it has (releases are never changed, only added), what
 * this reader gets of it, whether it has ended, and the language and site. A feed that polls unchanged data is then
 * one query and a concatenation; only events that changed are read and rendered again.
 */
const CACHE_LIMIT_CHARS = 40_000_000;
/** Events rendered between turns given to other requests. */
const YIELD_EVERY = 100;
const rendered = new Map<string, RenderedBlock>();
let renderedChars = 0;

function remember(key: string, block: RenderedBlock) {
  rendered.set(key, block);
  renderedChars += block.text.length;
  for (const [oldest, old] of rendered) {
    if (renderedChars <= CACHE_LIMIT_CHARS) break;
    rendered.delete(oldest);
    renderedChars -= old.text.length;
  }
  return block;
}

function recall(key: string) {
  const block = rendered.get(key);
  if (block) {
    // most recently used last, so the oldest go first
    rendered.delete(key);
    rendered.set(key, block);
  }
  return block;
}

/** For tests and the benchmark: forget every rendered event. */
export function forgetRenderedEvents() {
  rendered.clear();
  renderedChars = 0;
}

function blockKey(event: FeedEvent, selection: Selection, p: Presentation) {
  const list = (ids: "all" | Set<string>) => (ids === "all" ? "all" : [...ids].sort());
  return JSON.stringify([
    event.id,
    event.updatedAt.getTime(),
    event.venue,
    event._count,
    selection.event,
    list(selection.items),
    list(selection.starred),
    selection.withdrawnAt?.getTime() ?? null,
    selection.withdrawal ?? null,
    selection.withdrawals ?? null,
    event.endsAt <= p.now,
    p.locale,
    p.origin,
  ]);
}

/**
 * The rendered VEVENTs of every selected event: one query for the events (in start order, so the same data gives
 * the same bytes and ETag), and for those not kept from an earlier build, one query per 500 for their releases.
 */
async function calendarBlocks(where: Prisma.EventWhereInput, selections: (event: FeedEvent) => Selection | null, p: Presentation) {
  const events = await prisma.event.findMany({ where, orderBy: [{ startsAt: "asc" }, { id: "asc" }], select: feedEventSelect });
  const wanted: Array<{ event: FeedEvent; selection: Selection; key: string }> = [];
  for (const event of events) {
    const selection = selections(event);
    if (!selection) continue;
    if (event.status === "CANCELLED" && event.endsAt <= p.now && !selection.keepEnded) continue;
    wanted.push({ event, selection, key: blockKey(event, selection, p) });
  }
  // taken before reading the releases, so that another request evicting them meanwhile cannot leave a gap
  const kept = wanted.map(({ key }) => recall(key));
  const missing = wanted.filter((_, i) => !kept[i]);
  const histories = await loadAgendas(missing.filter(({ event }) => event._count.releases > 0).map(({ event }) => event.id));
  const blocks: RenderedBlock[] = [];
  let sinceYield = 0;
  for (const [i, { event, selection, key }] of wanted.entries()) {
    const block = kept[i];
    if (block) {
      blocks.push(block);
      continue;
    }
    blocks.push(remember(key, renderEntries(eventEntries(event, agendaOf(histories.get(event.id)), selection, p))));
    // a cold build of a big feed renders for a few hundred milliseconds; other requests get their turn meanwhile
    if (++sinceYield === YIELD_EVERY) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { events: wanted.map(({ event }) => event), blocks };
}

const everything = (): Selection => ({ event: true, items: "all", withdrawnAt: null, starred: new Set() });

// ───────────────────────────── the calendars ─────────────────────────────

/**
 * One event and its published agenda, as a file to download; with `itemId`, that one agenda item alone. Null for a
 * draft, and for an item never published; one a later release dropped comes as cancelled until the event ends.
 */
export async function eventCalendar(eventId: string, p: Presentation, { itemId }: { itemId?: string } = {}) {
  const selection = (): Selection =>
    itemId ? { event: false, items: new Set([itemId]), withdrawnAt: null, starred: new Set(), keepEnded: true } : { ...everything(), keepEnded: true };
  const { events, blocks } = await calendarBlocks({ id: eventId, status: { not: "DRAFT" } }, selection, p);
  const event = events[0];
  if (!event) return null;
  // nothing rendered: the item was never published
  if (itemId && !blocks[0]?.text) return null;
  const name = summaryOf(p.locale, pick(p.locale, event.titleZh, event.titleEn), event.status === "CANCELLED");
  return renderCalendar({ name, blocks });
}

/** Every event the viewer may see (drafts never), with their agendas. */
export async function institutionCalendar(viewer: Viewer, p: Presentation) {
  const { blocks } = await calendarBlocks({ AND: [visibleEventsWhere(viewer), { status: { not: "DRAFT" } }, feedEventsWhere(p.now)] }, everything, p);
  return renderCalendar({ name: translate(p.locale, "calendar.feed.institution"), blocks, refreshSeconds: FEED_REFRESH_SECONDS });
}

/** Events their organizers marked public (Event.isPublic), whatever their audience; for anyone, signed in or not. */
export async function publicCalendar(p: Presentation) {
  const { blocks } = await calendarBlocks({ AND: [{ isPublic: true, status: { not: "DRAFT" } }, feedEventsWhere(p.now)] }, everything, p);
  return renderCalendar({ name: translate(p.locale, "calendar.feed.public"), blocks, refreshSeconds: FEED_REFRESH_SECONDS });
}

/** How often each of these registrations was cancelled, by the audit trail; 500 ids a query. */
export async function registrationCancellations(registrationIds: string[]) {
  const counts = new Map<string, number>();
  for (let at = 0; at < registrationIds.length; at += 500) {
    const rows = await prisma.auditLog.groupBy({
      by: ["entityId"],
      where: { entityType: "Registration", entityId: { in: registrationIds.slice(at, at + 500) }, action: "registration.cancel" },
      _count: { _all: true },
    });
    for (const row of rows) if (row.entityId) counts.set(row.entityId, row._count._all);
  }
  return counts;
}

/** The audit entry written when a host place of a visit is taken away (visit-host.server.ts); its metadata names the person. */
export const HOST_REMOVALS = { entityType: "VisitHost", action: "visit.host.remove" } satisfies Prisma.AuditLogWhereInput;
const removalsOf = (userId: string) => ({ ...HOST_REMOVALS, metadata: { contains: `"userId":${JSON.stringify(userId)}` } }) satisfies Prisma.AuditLogWhereInput;

/**
 * A person's own calendar: each event they hold a confirmed registration for, whole, with its agenda; each visit they
 * host (overall, or one of its meetings), whole, with its itinerary, as if registered; events whose registration they
 * cancelled, and visits they no longer host, marked cancelled until the event ends; and the agenda items they
 * starred elsewhere.
 */
export async function personalCalendar(viewer: Viewer, p: Presentation) {
  // what the person signed up for, hosts, hosted and starred, in the feed's window; the audience rules are applied once, below
  const inWindow = feedEventsWhere(p.now);
  const [registrations, hosting, hostRemovals, stars] = await Promise.all([
    prisma.registration.findMany({
      where: { userId: viewer.id, status: { in: ["CONFIRMED", "CANCELLED"] }, event: inWindow },
      select: { id: true, eventId: true, status: true, cancelledAt: true, updatedAt: true },
    }),
    // served by VisitHost's userId index
    prisma.visitHost.findMany({ where: { userId: viewer.id, event: inWindow }, distinct: ["eventId"], select: { eventId: true } }),
    // served by AuditLog's (entityType, entityId) index: host changes are few
    prisma.auditLog.findMany({ where: { ...removalsOf(viewer.id), event: inWindow }, select: { eventId: true, createdAt: true } }),
    prisma.agendaStar.findMany({
      where: { userId: viewer.id, agendaItem: { event: inWindow } },
      select: { agendaItemId: true, agendaItem: { select: { eventId: true } } },
    }),
  ]);
  const cancellations = await registrationCancellations(registrations.map((registration) => registration.id));
  const hosted = new Set(hosting.map((host) => host.eventId));
  const removals = new Map<string, { count: number; last: Date }>();
  for (const removal of hostRemovals) {
    if (!removal.eventId) continue;
    const known = removals.get(removal.eventId);
    removals.set(removal.eventId, { count: (known?.count ?? 0) + 1, last: known && known.last > removal.createdAt ? known.last : removal.createdAt });
  }
  const registered = new Map(registrations.map((registration) => [registration.eventId, registration]));
  const selections = new Map<string, Selection>();
  for (const eventId of new Set([...registered.keys(), ...hosted, ...removals.keys()])) {
    const registration = registered.get(eventId);
    const removal = removals.get(eventId);
    const registrationCancelled = registration?.status === "CANCELLED";
    const cancelledAt = registrationCancelled ? (registration.cancelledAt ?? registration.updatedAt) : null;
    // withdrawn unless registered or hosting; by whichever came last, the cancellation or the end of hosting
    const withdrawn = registration?.status !== "CONFIRMED" && !hosted.has(eventId);
    const hostingEnded = removal !== undefined && (cancelledAt === null || removal.last > cancelledAt);
    selections.set(eventId, {
      event: true,
      items: "all",
      withdrawnAt: withdrawn ? (hostingEnded ? removal.last : cancelledAt) : null,
      ...(withdrawn ? { withdrawal: hostingEnded ? "hosting" : "registration" } : {}),
      withdrawals: withdrawals({ cancellations: registration ? (cancellations.get(registration.id) ?? 0) : 0, registrationCancelled, hostRemovals: removal?.count ?? 0 }),
      starred: new Set(),
    });
  }
  for (const star of stars) {
    const eventId = star.agendaItem.eventId;
    const selection = selections.get(eventId) ?? { event: false, items: new Set<string>(), withdrawnAt: null, starred: new Set<string>() };
    selection.starred.add(star.agendaItemId);
    if (selection.items !== "all") selection.items.add(star.agendaItemId);
    selections.set(eventId, selection);
  }
  const ids = [...selections.keys()];
  // a short list of ids lets SQLite skip every other event; past SQLite's bound-value limit, the same set by relation
  const mine: Prisma.EventWhereInput =
    ids.length <= 500
      ? { id: { in: ids } }
      : {
          OR: [
            { registrations: { some: { userId: viewer.id, status: { in: ["CONFIRMED", "CANCELLED"] } } } },
            { visitHosts: { some: { userId: viewer.id } } },
            { auditEntries: { some: removalsOf(viewer.id) } },
            { agendaItems: { some: { stars: { some: { userId: viewer.id } } } } },
          ],
        };
  const visible: Prisma.EventWhereInput = { AND: [mine, visibleEventsWhere(viewer), { status: { not: "DRAFT" } }, inWindow] };
  const { blocks } = await calendarBlocks(visible, (event) => selections.get(event.id) ?? null, p);
  return renderCalendar({ name: translate(p.locale, "calendar.feed.personal"), blocks, refreshSeconds: FEED_REFRESH_SECONDS });
}
