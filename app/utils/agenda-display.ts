/**
 * Released agenda items as the attendee pages show them. Everything is formatted here, on the server, in the
 * event's own zone and the reader's language, so the browser hydrates exactly the text the server sent.
 * Only types cross into components; this module itself is used by loaders.
 */
import { DateTime } from "luxon";

import type { ReleaseChange, ReleasedItem } from "~/models/agenda.server";
import { DEFAULT_TIME_ZONE } from "~/utils/datetime";
import { isMessageKey, pick, translate, type Locale } from "~/utils/i18n";

/** A language tag for text that had to fall back to the other language, so it is read and shaped right. */
export type TextLang = Locale | null;

export type TimeRangeDisplay = {
  /** ISO instants with the event's offset, for `<time dateTime>`. */
  start: string;
  end: string;
  startLabel: string;
  /** The end time, with its day when the item runs past midnight. */
  endLabel: string;
  /** "13:30–14:15" */
  label: string;
  dayKey: string;
  /** "1月15日 周五" / "Fri 15 January" */
  dayHeading: string;
};

export type AgendaPersonDisplay = { key: string; roleLabel: string; name: string; detail: string | null };

export type AgendaRowDisplay = {
  id: string;
  kindLabel: string;
  title: string;
  titleLang: TextLang;
  notes: string | null;
  notesLang: TextLang;
  time: TimeRangeDisplay;
  room: { key: string; name: string } | null;
  people: AgendaPersonDisplay[];
};

export type AgendaSection = { key: string; heading: string; items: AgendaRowDisplay[] };

export type AgendaView = "day" | "room";

export function parseAgendaView(value: string | null): AgendaView {
  return value === "room" ? "room" : "day";
}

// ───────────────────────────── formatting ─────────────────────────────

const tag = (locale: Locale) => (locale === "en" ? "en-GB" : "zh-CN");

/** The formatters for one page: Intl objects are costly to build, so one set serves every item. */
export function agendaFormatter(locale: Locale, timeZone: string) {
  const time = new Intl.DateTimeFormat(tag(locale), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  const monthDay = new Intl.DateTimeFormat(tag(locale), { month: "long", day: "numeric", timeZone });
  const weekday = new Intl.DateTimeFormat(tag(locale), { weekday: "short", timeZone });
  const isoParts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  });

  const dayKey = (date: Date) => {
    const parts = partsOf(isoParts, date);
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
  // Chinese reads month-day then weekday ("1月15日 周五"); British English the other way ("Fri 15 January").
  const dayHeading = (date: Date) =>
    locale === "en" ? `${weekday.format(date)} ${monthDay.format(date)}` : `${monthDay.format(date)} ${weekday.format(date)}`;
  /** "2027-01-15T13:30:00+08:00": the wall time a reader sees, with its offset, as `dateTime` wants it. */
  const zonedIso = (date: Date) => {
    const p = partsOf(isoParts, date);
    const offset = p.timeZoneName === "GMT" ? "+00:00" : (p.timeZoneName ?? "").replace("GMT", "");
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
  };
  const clock = (date: Date) => time.format(date);

  const range = (startsAt: Date, endsAt: Date): TimeRangeDisplay => {
    const startLabel = time.format(startsAt);
    const sameDay = dayKey(startsAt) === dayKey(endsAt);
    const endLabel = sameDay ? time.format(endsAt) : `${dayHeading(endsAt)} ${time.format(endsAt)}`;
    return {
      start: zonedIso(startsAt),
      end: zonedIso(endsAt),
      startLabel,
      endLabel,
      label: `${startLabel}–${endLabel}`,
      dayKey: dayKey(startsAt),
      dayHeading: dayHeading(startsAt),
    };
  };

  /** A date with its time, for when something was published: "2027年1月10日周日 14:05" / "Sun 10 January 2027, 14:05". */
  const dateTime = (date: Date) => {
    const zoneName = timeZone === DEFAULT_TIME_ZONE ? {} : ({ timeZoneName: "short" } as const);
    const day = new Intl.DateTimeFormat(tag(locale), { year: "numeric", month: "long", day: "numeric", weekday: "short", timeZone });
    const at = new Intl.DateTimeFormat(tag(locale), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", ...zoneName, timeZone });
    return `${day.format(date)}${locale === "en" ? ", " : " "}${at.format(date)}`;
  };

  return { locale, timeZone, range, dayKey, dayHeading, zonedIso, clock, dateTime };
}

export type AgendaFormatter = ReturnType<typeof agendaFormatter>;

function partsOf(format: Intl.DateTimeFormat, date: Date) {
  return Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value])) as Partial<
    Record<Intl.DateTimeFormatPartTypes, string>
  >;
}

/** Like `pick`, and also says which language was picked when it is not the reader's own. */
function bilingual(locale: Locale, zh: string, en: string): { text: string; lang: TextLang } {
  const text = pick(locale, zh, en);
  if (!text) return { text, lang: null };
  const own = locale === "zh-CN" ? zh : en;
  return { text, lang: own?.trim() ? null : locale === "zh-CN" ? "en" : "zh-CN" };
}

function kindLabel(locale: Locale, kind: string) {
  const key = `agenda.kind.${kind}`;
  return isMessageKey(key) ? translate(locale, key) : kind;
}

function roleLabel(locale: Locale, role: string) {
  const key = `agenda.role.${role}`;
  return isMessageKey(key) ? translate(locale, key) : role;
}

/**
 * A staff member's title is frozen into the release as "titleZh / titleEn" (or whichever exists); split it
 * back so each reader gets one language. The first " / " is the joint: Chinese titles do not use it.
 */
function personTitle(locale: Locale, person: ReleasedItem["people"][number]) {
  if (!person.userId) return person.title;
  const joint = person.title.indexOf(" / ");
  if (joint < 0) return person.title;
  return pick(locale, person.title.slice(0, joint), person.title.slice(joint + 3));
}

// Speakers first, then hosts, then everyone else: the order a printed programme names people in.
const ROLE_ORDER = ["SPEAKER", "HOST", "PARTICIPANT"];
const roleRank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);

function toPerson(locale: Locale, person: ReleasedItem["people"][number], index: number): AgendaPersonDisplay {
  const detail = [personTitle(locale, person), person.organisation].map((part) => part.trim()).filter(Boolean);
  return {
    key: `${index}-${person.userId ?? person.nameEn}`,
    roleLabel: roleLabel(locale, person.role),
    name: pick(locale, person.nameZh, person.nameEn),
    detail: detail.length ? detail.join(locale === "zh-CN" ? "，" : ", ") : null,
  };
}

function roomOf(locale: Locale, room: ReleasedItem["room"]) {
  return room ? { key: room.id, name: pick(locale, room.nameZh, room.nameEn) } : null;
}

export function toAgendaRow(format: AgendaFormatter, item: ReleasedItem): AgendaRowDisplay {
  const { locale } = format;
  const title = bilingual(locale, item.titleZh, item.titleEn);
  const notes = bilingual(locale, item.notesZh, item.notesEn);
  return {
    id: item.id,
    kindLabel: kindLabel(locale, item.kind),
    title: title.text,
    titleLang: title.lang,
    notes: notes.text || null,
    notesLang: notes.lang,
    time: format.range(new Date(item.startsAt), new Date(item.endsAt)),
    room: roomOf(locale, item.room),
    people: item.people
      .map((person, index) => ({ person, index }))
      .sort((a, b) => roleRank(a.person.role) - roleRank(b.person.role) || a.index - b.index)
      .map(({ person, index }) => toPerson(locale, person, index)),
  };
}

const byTime = (a: ReleasedItem, b: ReleasedItem) => a.startsAt.localeCompare(b.startsAt) || a.endsAt.localeCompare(b.endsAt);

/** The released items as display rows, in time order (ISO strings in UTC sort as instants). */
export function toAgendaRows(format: AgendaFormatter, items: ReleasedItem[]) {
  return [...items].sort(byTime).map((item) => toAgendaRow(format, item));
}

// ───────────────────────────── grouping ─────────────────────────────

/** One section per calendar day in the event's zone. */
export function groupByDay(rows: AgendaRowDisplay[]): AgendaSection[] {
  const days = new Map<string, AgendaSection>();
  for (const row of rows) {
    const day = days.get(row.time.dayKey) ?? { key: row.time.dayKey, heading: row.time.dayHeading, items: [] };
    day.items.push(row);
    days.set(day.key, day);
  }
  return [...days.values()];
}

/** One section per room, in the order the rooms first come into use; items without a room come last. */
export function groupByRoom(rows: AgendaRowDisplay[], noRoomHeading: string): AgendaSection[] {
  const rooms = new Map<string, AgendaSection>();
  const unplaced: AgendaRowDisplay[] = [];
  for (const row of rows) {
    if (!row.room) {
      unplaced.push(row);
      continue;
    }
    const room = rooms.get(row.room.key) ?? { key: row.room.key, heading: row.room.name, items: [] };
    room.items.push(row);
    rooms.set(room.key, room);
  }
  const sections = [...rooms.values()];
  if (unplaced.length) sections.push({ key: "no-room", heading: noRoomHeading, items: unplaced });
  return sections;
}

export function isMultiDay(rows: AgendaRowDisplay[]) {
  return new Set(rows.map((row) => row.time.dayKey)).size > 1;
}

// ───────────────────────────── releases ─────────────────────────────

export type ReleaseDisplay = { sequence: number; publishedAt: string; publishedDate: string; note: string | null };

export function toReleaseDisplay(format: AgendaFormatter, release: { sequence: number; note: string; createdAt: Date }): ReleaseDisplay {
  return {
    sequence: release.sequence,
    publishedAt: format.zonedIso(release.createdAt),
    publishedDate: format.dateTime(release.createdAt),
    note: release.note.trim() || null,
  };
}

export type ChangeDisplay = {
  key: string;
  kind: ReleaseChange["kind"];
  kindLabel: string;
  title: string;
  titleLang: TextLang;
  /** With the day, since an item may move from one day to another. */
  time: TimeRangeDisplay;
  room: string;
  /** What it was, for the parts that changed. */
  before: { title?: string; titleLang?: TextLang; time?: TimeRangeDisplay; room?: string } | null;
};

export function toChangeDisplay(format: AgendaFormatter, change: ReleaseChange, index: number, noRoom: string): ChangeDisplay {
  const { locale } = format;
  const title = bilingual(locale, change.item.titleZh, change.item.titleEn);
  const roomName = (room: ReleasedItem["room"]) => roomOf(locale, room)?.name ?? noRoom;
  const rangeOf = (item: ReleasedItem) => format.range(new Date(item.startsAt), new Date(item.endsAt));
  let before: ChangeDisplay["before"] = null;
  if (change.kind === "MOVED") {
    before = {
      ...(change.timeChanged ? { time: rangeOf(change.before) } : {}),
      ...(change.roomChanged ? { room: roomName(change.before.room) } : {}),
    };
  } else if (change.kind === "RENAMED") {
    const old = bilingual(locale, change.before.titleZh, change.before.titleEn);
    before = { title: old.text, titleLang: old.lang };
  }
  return {
    key: `${index}-${change.kind}-${change.item.id}`,
    kind: change.kind,
    kindLabel: translate(locale, `changelog.${change.kind}`),
    title: title.text,
    titleLang: title.lang,
    time: rangeOf(change.item),
    room: roomName(change.item.room),
    before,
  };
}

// ───────────────────────────── now and next ─────────────────────────────

/**
 * What is on at an instant: every item running then (parallel sessions included), and every item that starts
 * at the next start time. Items touching end-to-start hand over exactly at the boundary. `started` tells a gap
 * between items (nothing on now) from the wait before the programme begins.
 */
export function nowAndNext(items: ReleasedItem[], at: Date) {
  const instant = at.toISOString();
  const sorted = [...items].sort(byTime);
  const now = sorted.filter((item) => toIso(item.startsAt) <= instant && instant < toIso(item.endsAt));
  const upcoming = sorted.filter((item) => toIso(item.startsAt) > instant);
  const nextStart = upcoming[0]?.startsAt;
  const next = nextStart === undefined ? [] : upcoming.filter((item) => item.startsAt === nextStart);
  const started = sorted.some((item) => toIso(item.startsAt) <= instant);
  const finished = sorted.length > 0 && now.length === 0 && next.length === 0;
  return { now, next, started, finished };
}

// Snapshots store `toISOString()` output, but normalise anyway so that comparing strings compares instants.
const toIso = (value: string) => new Date(value).toISOString();

/**
 * `?at=` for rehearsals: an ISO instant with a zone ("2027-01-15T14:00:00+08:00" or "…Z"). Undefined when absent,
 * null when malformed. A "+" typed into a URL arrives as a space, and is taken back as the "+" it was.
 */
export function parseInstant(value: string | null): Date | null | undefined {
  if (value === null || value === "") return undefined;
  const text = value.trim().replace(/ (\d{2}:?\d{2})$/, "+$1");
  // The zone is required: a bare wall time would mean whatever zone the server happens to run in.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  // Luxon, unlike Date, refuses 30 February instead of rolling it over into March.
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}
