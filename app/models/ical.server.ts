/**
 * iCalendar (RFC 5545) output: VEVENTs written by ical-generator, with the three things it leaves to us done here.
 *
 * - Time zones. ical-generator formats a JavaScript Date "in a zone" with the server's own local clock, and a
 *   calendar-wide zone would also turn DTSTAMP and LAST-MODIFIED into floating local times, which RFC 5545 forbids.
 *   So each VEVENT names its event's zone, its times are given as `WallClock`s (ical-generator's dayjs-style stub
 *   interface) that know the zone's offset, and the VTIMEZONE blocks are generated here from the IANA data.
 * - Folding. ical-generator folds correctly but one character at a time over the whole calendar, which took
 *   seconds for the 20,000-VEVENT institution feed; `foldLine` folds each line once, on code point boundaries.
 * - Speed. One ICalEvent is reused for every entry and rendered on its own, rather than 20,000 objects held by a
 *   calendar (bench:ical has the figures).
 *
 * Text is cleaned of control characters and escaped by ical-generator (`\n`, `;`, `,`, `\\`), so event text cannot
 * start a line of its own and so cannot open or close a component.
 *
 * Feeds are published calendars (no METHOD). The same writer also makes iTIP messages (RFC 5546) for one person:
 * `renderCalendar({ method })` plus entries with an ORGANIZER, ATTENDEEs and a DTSTAMP of when the message was made.
 */
import { createHash } from "node:crypto";

import ical, {
  escape,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  ICalEventTransparency,
  type ICalDayJsStub,
  type ICalEvent,
} from "ical-generator";
import { DateTime, IANAZone } from "luxon";

import { badRequest } from "~/utils/http.server";
import { isLocale, type Locale } from "~/utils/i18n";

/** UIDs end in a fixed name rather than the host, so one event keeps one UID however the site is reached. */
export const UID_DOMAIN = "convene";

export const calendarUid = (kind: "event" | "agenda", id: string) => `${kind}-${id}@${UID_DOMAIN}`;

/** Someone named in a VEVENT: ORGANIZER, or ATTENDEE with their participation. */
export type CalendarPerson = { name: string; email: string };
export type CalendarAttendee = CalendarPerson & { partstat?: "ACCEPTED" | "DECLINED" | "TENTATIVE" | "NEEDS-ACTION"; rsvp?: boolean };

/** One VEVENT. Times are instants; `timeZone` is the IANA zone they are written in (TZID). */
export type CalendarEntry = {
  uid: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  summary: string;
  description: string;
  location: string;
  url: string | null;
  status: "CONFIRMED" | "CANCELLED";
  /** Shown as free time: a multi-hour event whose agenda items carry the busy time. */
  transparent: boolean;
  /** When the entry last changed; written as LAST-MODIFIED, and as DTSTAMP unless `stamp` is given. */
  lastModified: Date;
  created: Date | null;
  /**
   * DTSTAMP. A feed has no METHOD, so RFC 5545 §3.8.7.2 makes DTSTAMP the time the information last changed and it
   * is left out (lastModified is used); an iTIP message (METHOD:REQUEST or CANCEL) stamps the time it was made.
   */
  stamp?: Date;
  /** Required by RFC 5546 in REQUEST and CANCEL; feeds leave it out. */
  organizer?: CalendarPerson;
  attendees?: CalendarAttendee[];
};

// ───────────────────────────── time zones ─────────────────────────────

const DAY = 86_400_000;
const offsetCache = new Map<string, Map<number, number | null>>();

/**
 * A zone's UTC offset in minutes at an instant. Most days have one offset from start to end, so that is cached per
 * zone and UTC day: a feed of 20,000 items over three years asks Intl about a thousand times, not 40,000. A day
 * with a transition in it is marked and answered exactly.
 */
export function zoneOffset(zone: string, ms: number) {
  let byDay = offsetCache.get(zone);
  if (!byDay || byDay.size > 100_000) offsetCache.set(zone, (byDay = new Map()));
  const day = Math.floor(ms / DAY);
  let offset = byDay.get(day);
  if (offset === undefined) {
    const iana = IANAZone.create(zone);
    const start = iana.offset(day * DAY);
    offset = start === iana.offset((day + 1) * DAY - 1) ? start : null;
    byDay.set(day, offset);
  }
  return offset ?? IANAZone.create(zone).offset(ms);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => pad(n));
const datesByDay = new Map<number, string>();

/**
 * "20270115T090000": an instant's wall-clock time at a fixed offset. A feed writes five times per VEVENT, most of
 * them on a few hundred days, so the date of each day is made once and the time of day is looked up.
 */
function wallTime(ms: number, offsetMinutes: number) {
  const local = ms + offsetMinutes * 60_000;
  const day = Math.floor(local / DAY);
  let date = datesByDay.get(day);
  if (date === undefined) {
    const d = new Date(day * DAY);
    date = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
    if (datesByDay.size > 100_000) datesByDay.clear();
    datesByDay.set(day, date);
  }
  const seconds = Math.floor((local - day * DAY) / 1000);
  return `${date}T${TWO_DIGITS[Math.floor(seconds / 3600)]}${TWO_DIGITS[Math.floor(seconds / 60) % 60]}${TWO_DIGITS[seconds % 60]}`;
}

/**
 * An instant as ical-generator's dayjs-style stub: `tz(zone)` gives its wall clock in a zone, `format` the two
 * patterns ical-generator asks for. Cheaper than a Luxon DateTime per time, and never reads the server's zone.
 */
export class WallClock implements ICalDayJsStub {
  private stamp: string | undefined;

  constructor(
    private readonly ms: number,
    private readonly zone: string | null = null,
  ) {}

  tz(zone?: string) {
    return new WallClock(this.ms, zone ?? null);
  }
  utc() {
    return new WallClock(this.ms, null);
  }
  isValid() {
    return Number.isFinite(this.ms);
  }
  toDate() {
    return new Date(this.ms);
  }
  toJSON() {
    return new Date(this.ms).toISOString();
  }
  format(pattern?: string) {
    this.stamp ??= wallTime(this.ms, this.zone ? zoneOffset(this.zone, this.ms) : 0);
    if (pattern === "YYYYMMDD") return this.stamp.slice(0, 8);
    if (pattern === "HHmmss") return this.stamp.slice(9);
    return this.toJSON();
  }
}

const utcOffset = (minutes: number) => {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
};

/** Every instant in [from, to) where the zone's offset changes, to the minute. */
function transitions(zone: string, from: number, to: number) {
  const found: number[] = [];
  const step = 12 * 3600_000;
  const offsetAt = (ms: number) => IANAZone.create(zone).offset(ms);
  let previous = offsetAt(from);
  for (let at = from + step; at < to + step; at += step) {
    const current = offsetAt(at);
    if (current === previous) continue;
    let low = at - step;
    let high = at;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetAt(middle) === previous) low = middle;
      else high = middle;
    }
    found.push(high);
    previous = current;
  }
  return found;
}

const vtimezoneCache = new Map<string, string>();

/**
 * A VTIMEZONE for an IANA zone, covering whole years from `fromYear` to `toYear`: the offset in force on 1 January
 * of the first year, then each transition inside the range as its own observance (no RRULEs to get wrong). A zone
 * without daylight saving, such as Asia/Shanghai, is one STANDARD observance.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number) {
  const key = `${zone}|${fromYear}|${toYear}`;
  const cached = vtimezoneCache.get(key);
  if (cached) return cached;
  const start = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone }).toMillis();
  const end = DateTime.fromObject({ year: toYear + 1, month: 1, day: 1 }, { zone }).toMillis();
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`, `X-LIC-LOCATION:${zone}`];
  const observance = (at: number, from: number, to: number) => {
    const kind = DateTime.fromMillis(at, { zone }).isInDST ? "DAYLIGHT" : "STANDARD";
    lines.push(`BEGIN:${kind}`, `TZOFFSETFROM:${utcOffset(from)}`, `TZOFFSETTO:${utcOffset(to)}`, `DTSTART:${wallTime(at, from)}`, `END:${kind}`);
  };
  let previous = IANAZone.create(zone).offset(start);
  observance(start, previous, previous);
  for (const at of transitions(zone, start, end)) {
    const next = IANAZone.create(zone).offset(at);
    observance(at, previous, next);
    previous = next;
  }
  lines.push("END:VTIMEZONE");
  const text = lines.join("\r\n") + "\r\n";
  if (vtimezoneCache.size > 500) vtimezoneCache.clear();
  vtimezoneCache.set(key, text);
  return text;
}

// ───────────────────────────── text ─────────────────────────────

/**
 * Text as a calendar may carry it: no control characters but line breaks and tabs, no lone surrogates (they are
 * not UTF-8), line breaks as `\n` for ical-generator to escape.
 */
export function cleanText(text: string) {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0008\u000b-\u001f\u007f\ud800-\udfff]/.test(text)) return text;
  return (
    text
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
      .replace(/\r\n?/g, "\n")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
  );
}

const MAX_OCTETS = 75;

/**
 * RFC 5545 §3.1: a content line longer than 75 octets is split, each continuation starting with one space, and
 * never inside a UTF-8 sequence. Counting is by code point, so a Chinese character (3 octets) or an emoji
 * (4 octets, a surrogate pair in JavaScript) always stays whole.
 */
export function foldLine(line: string) {
  // no UTF-16 code unit takes more than three octets, so short lines need no counting
  if (line.length <= MAX_OCTETS / 3 || Buffer.byteLength(line) <= MAX_OCTETS) return line;
  let folded = "";
  let start = 0;
  let octets = 0;
  let limit = MAX_OCTETS;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < line.length;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > limit) {
      folded += (start === 0 ? "" : "\r\n ") + line.slice(start, i);
      start = i;
      octets = 0;
      // the leading space of a continuation line is one of its 75 octets
      limit = MAX_OCTETS - 1;
    }
    octets += size;
    if (pair) i++;
  }
  return folded + (start === 0 ? "" : "\r\n ") + line.slice(start);
}

/** Folds every line of CRLF-terminated content. */
export function foldLines(content: string) {
  // most lines are short: copy the text through untouched and splice in only the lines that need folding
  let folded = "";
  let copiedTo = 0;
  for (let start = 0; start < content.length; ) {
    const found = content.indexOf("\r\n", start);
    const end = found < 0 ? content.length : found;
    if (end - start > MAX_OCTETS / 3) {
      const line = content.slice(start, end);
      const lines = foldLine(line);
      if (lines !== line) {
        folded += content.slice(copiedTo, start) + lines;
        copiedTo = end;
      }
    }
    start = end + 2;
  }
  return copiedTo === 0 ? content : folded + content.slice(copiedTo);
}

// ───────────────────────────── rendering ─────────────────────────────

/** Rendered, folded VEVENTs, with the span of time written in each zone (for the VTIMEZONEs). */
export type RenderedBlock = { text: string; zones: Array<{ zone: string; from: number; to: number }> };

/**
 * A parameter value such as CN: no line breaks, and no double quote, which would end the quoted value early
 * (ical-generator escapes it with a backslash, which parameter values do not know). RFC 6868 writes `"` as `^'`
 * and `^` as `^^`; readers that predate it show those two characters instead. A backslash comes out doubled by
 * ical-generator: wrong to look at, harmless to the structure.
 */
export function parameterText(text: string) {
  return cleanText(text).replace(/\s*\n\s*|\t/g, " ").replace(/\^/g, "^^").replace(/"/g, "^'");
}

/** An address as ical-generator writes it after `mailto:`: one line, no spaces. */
const address = (email: string) => cleanText(email).replace(/\s/g, "");

const PARTSTAT: Record<NonNullable<CalendarAttendee["partstat"]>, ICalAttendeeStatus> = {
  ACCEPTED: ICalAttendeeStatus.ACCEPTED,
  DECLINED: ICalAttendeeStatus.DECLINED,
  TENTATIVE: ICalAttendeeStatus.TENTATIVE,
  "NEEDS-ACTION": ICalAttendeeStatus.NEEDSACTION,
};

function fillEvent(vevent: ICalEvent, entry: CalendarEntry) {
  vevent
    .id(entry.uid)
    .sequence(entry.sequence)
    .stamp(entry.stamp ?? entry.lastModified)
    .lastModified(entry.lastModified)
    .created(entry.created)
    .timezone(entry.timeZone)
    .start(new WallClock(entry.startsAt.getTime()))
    .end(new WallClock(entry.endsAt.getTime()))
    .summary(cleanText(entry.summary))
    .description(entry.description ? cleanText(entry.description) : null)
    .location(entry.location ? cleanText(entry.location) : null)
    .url(entry.url)
    .status(entry.status === "CANCELLED" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED)
    .transparency(entry.transparent ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE);
  if (entry.organizer) vevent.organizer({ name: parameterText(entry.organizer.name), email: address(entry.organizer.email) });
  for (const attendee of entry.attendees ?? []) {
    vevent.createAttendee({
      name: parameterText(attendee.name) || null,
      email: address(attendee.email),
      status: attendee.partstat ? PARTSTAT[attendee.partstat] : null,
      rsvp: attendee.rsvp ?? null,
    });
  }
  return vevent;
}

/** One VEVENT as ical-generator writes it, through a reused event object. The reference for `veventTemplate`. */
function generatorVevent(vevent: ICalEvent, entry: CalendarEntry) {
  return fillEvent(vevent, entry).toString();
}

// ───────────────────────────── VEVENTs from ical-generator's own templates ─────────────────────────────

/**
 * The values of a VEVENT that vary from entry to entry, each standing for itself in a template. Times come in two
 * slots, date and time of day, because that is how ical-generator asks a date object for them.
 */
const enum Slot {
  Uid,
  Sequence,
  Summary,
  Location,
  Description,
  Url,
  StampDate,
  StampTime,
  StartDate,
  StartTime,
  EndDate,
  EndTime,
  CreatedDate,
  CreatedTime,
  ModifiedDate,
  ModifiedTime,
}
const SLOT_COUNT = Slot.ModifiedTime + 1;
const slotMark = (slot: Slot) => `\u0001${slot}\u0001`;
/** SEQUENCE must be a number to ical-generator; this one cannot occur anywhere else in a template. */
const SEQUENCE_MARK = 918_273_645;
const MARKS = new RegExp(`\u0001(\\d+)\u0001|${SEQUENCE_MARK}`, "g");

/** A date object for ical-generator whose date and time of day are slot marks. */
class MarkedClock implements ICalDayJsStub {
  constructor(private readonly date: Slot) {}
  tz() {
    return this;
  }
  utc() {
    return this;
  }
  isValid() {
    return true;
  }
  toDate() {
    return new Date(0);
  }
  toJSON() {
    return "";
  }
  format(pattern?: string) {
    // the time of day is always the slot after the date
    return slotMark(pattern === "HHmmss" ? this.date + 1 : this.date);
  }
}

/** The text between the slots (one more than the slots), which value goes into each slot, and whether times are zoned. */
type VeventTemplate = { literals: string[]; slots: Slot[]; zoned: boolean };

/** What decides which lines a VEVENT has and what its fixed lines say. */
type Shape = { timeZone: string; description: boolean; location: boolean; url: boolean; created: boolean; status: CalendarEntry["status"]; transparent: boolean };

const templates = new Map<string, VeventTemplate | null>();

/**
 * The template of every VEVENT of one shape: ical-generator renders an entry of that shape whose values are slot
 * marks, and the marks are cut out again. So the lines, their order, the property names and parameters, the TZID
 * and the fixed values are ical-generator's, and only the values are filled in (escaped by ical-generator's own
 * `escape`). Null if ical-generator wrote a mark other than exactly once, which would mean it changed the value on
 * the way; entries of that shape are then rendered by ical-generator itself.
 */
function veventTemplate(shape: Shape): VeventTemplate | null {
  const vevent = ical().createEvent({ start: new Date(0) });
  vevent
    .id(slotMark(Slot.Uid))
    .sequence(SEQUENCE_MARK)
    .stamp(new MarkedClock(Slot.StampDate))
    .lastModified(new MarkedClock(Slot.ModifiedDate))
    .created(shape.created ? new MarkedClock(Slot.CreatedDate) : null)
    .timezone(shape.timeZone)
    .start(new MarkedClock(Slot.StartDate))
    .end(new MarkedClock(Slot.EndDate))
    .summary(slotMark(Slot.Summary))
    .description(shape.description ? slotMark(Slot.Description) : null)
    .location(shape.location ? slotMark(Slot.Location) : null)
    .url(shape.url ? slotMark(Slot.Url) : null)
    .status(shape.status === "CANCELLED" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED)
    .transparency(shape.transparent ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE);
  const text = vevent.toString();
  const literals: string[] = [];
  const slots: Slot[] = [];
  let at = 0;
  for (const mark of text.matchAll(MARKS)) {
    literals.push(text.slice(at, mark.index));
    slots.push(mark[1] === undefined ? Slot.Sequence : (Number(mark[1]) as Slot));
    at = mark.index + mark[0].length;
  }
  literals.push(text.slice(at));
  const absent = new Set<Slot>([
    ...(shape.description ? [] : [Slot.Description]),
    ...(shape.location ? [] : [Slot.Location]),
    ...(shape.url ? [] : [Slot.Url]),
    ...(shape.created ? [] : [Slot.CreatedDate, Slot.CreatedTime]),
  ]);
  const expected = Array.from({ length: SLOT_COUNT }, (_, slot) => slot as Slot).filter((slot) => !absent.has(slot));
  const exact = slots.length === expected.length && new Set(slots).size === slots.length && expected.every((slot) => slots.includes(slot));
  return exact ? { literals, slots, zoned: vevent.timezone() !== null } : null;
}

function templateFor(shape: Shape) {
  const key = `${shape.timeZone}|${+shape.description}${+shape.location}${+shape.url}${+shape.created}${+shape.transparent}|${shape.status}`;
  let template = templates.get(key);
  if (template === undefined) {
    if (templates.size > 200) templates.clear();
    templates.set(key, (template = veventTemplate(shape)));
  }
  return template;
}

/** ical-generator's escaping, skipped for text with nothing to escape (most of it). */
const escapeText = (text: string) => (/[\\;,\r\n]/.test(text) ? escape(text, false) : text);

/**
 * One VEVENT from its shape's template, byte for byte what `generatorVevent` writes (the tests compare the two on
 * random and hostile entries), or null when the entry needs ical-generator itself: people, invalid times, a
 * SEQUENCE that is not a whole number.
 */
function templateVevent(entry: CalendarEntry) {
  if (entry.organizer !== undefined || (entry.attendees?.length ?? 0) > 0 || !Number.isInteger(entry.sequence)) return null;
  const location = entry.location ? cleanText(entry.location) : "";
  const stamp = (entry.stamp ?? entry.lastModified).getTime();
  const modified = entry.lastModified.getTime();
  const created = entry.created?.getTime() ?? 0;
  // ical-generator swaps a start after the end
  let start = entry.startsAt.getTime();
  let end = entry.endsAt.getTime();
  if (start > end) [start, end] = [end, start];
  if (!Number.isFinite(stamp + modified + created + start + end)) return null;
  const template = templateFor({
    timeZone: entry.timeZone,
    description: Boolean(entry.description),
    location: Boolean(location),
    url: Boolean(entry.url),
    created: entry.created !== null,
    status: entry.status,
    transparent: entry.transparent,
  });
  if (!template) return null;
  // "20270315T090000": the date before the T, the time of day after it
  const startClock = wallTime(start, template.zoned ? zoneOffset(entry.timeZone, start) : 0);
  const endClock = wallTime(end, template.zoned ? zoneOffset(entry.timeZone, end) : 0);
  const stampClock = wallTime(stamp, 0);
  const modifiedClock = modified === stamp ? stampClock : wallTime(modified, 0);
  const createdClock = entry.created ? wallTime(created, 0) : "";
  const { literals, slots } = template;
  let text = literals[0]!;
  for (let i = 0; i < slots.length; i++) {
    let value: string;
    switch (slots[i]!) {
      case Slot.Uid:
        value = String(entry.uid);
        break;
      case Slot.Sequence:
        value = String(entry.sequence);
        break;
      case Slot.Summary:
        value = escapeText(cleanText(entry.summary));
        break;
      case Slot.Location:
        value = escapeText(location);
        break;
      case Slot.Description:
        value = escapeText(cleanText(entry.description));
        break;
      case Slot.Url:
        value = escapeText(String(entry.url));
        break;
      case Slot.StampDate:
        value = stampClock.slice(0, 8);
        break;
      case Slot.StampTime:
        value = stampClock.slice(9);
        break;
      case Slot.StartDate:
        value = startClock.slice(0, 8);
        break;
      case Slot.StartTime:
        value = startClock.slice(9);
        break;
      case Slot.EndDate:
        value = endClock.slice(0, 8);
        break;
      case Slot.EndTime:
        value = endClock.slice(9);
        break;
      case Slot.CreatedDate:
        value = createdClock.slice(0, 8);
        break;
      case Slot.CreatedTime:
        value = createdClock.slice(9);
        break;
      case Slot.ModifiedDate:
        value = modifiedClock.slice(0, 8);
        break;
      case Slot.ModifiedTime:
        value = modifiedClock.slice(9);
        break;
    }
    text += value + literals[i + 1]!;
  }
  return text;
}

/**
 * The VEVENTs, folded. Each is filled into ical-generator's template for its shape (a few microseconds, where
 * ical-generator's own setters and toString took about fifteen per VEVENT in a 21,000-VEVENT feed); an entry naming
 * people is rendered by ical-generator itself, with an event of its own: ical-generator can add attendees to an
 * event but never take them away again. `{ generator: true }` renders every entry through ical-generator, for the
 * tests and the benchmark to compare.
 */
export function renderEntries(entries: CalendarEntry[], { generator = false }: { generator?: boolean } = {}): RenderedBlock {
  let reused: ICalEvent | undefined;
  const zones = new Map<string, { zone: string; from: number; to: number }>();
  const parts: string[] = [];
  for (const entry of entries) {
    const from = entry.startsAt.getTime();
    const to = entry.endsAt.getTime();
    const span = zones.get(entry.timeZone);
    if (!span) zones.set(entry.timeZone, { zone: entry.timeZone, from, to });
    else {
      span.from = Math.min(span.from, from);
      span.to = Math.max(span.to, to);
    }
    let text = generator ? null : templateVevent(entry);
    if (text === null) {
      const people = entry.organizer !== undefined || (entry.attendees?.length ?? 0) > 0;
      const vevent = people ? ical().createEvent({ start: new Date(0) }) : (reused ??= ical().createEvent({ start: new Date(0) }));
      text = generatorVevent(vevent, entry);
    }
    parts.push(foldLines(text));
  }
  return { text: parts.join(""), zones: [...zones.values()] };
}

/** One VTIMEZONE per zone used, covering the whole years in which the blocks write times in it. */
function timeZones(blocks: RenderedBlock[]) {
  const spans = new Map<string, { from: number; to: number }>();
  for (const block of blocks) {
    for (const { zone, from, to } of block.zones) {
      const span = spans.get(zone);
      if (!span) spans.set(zone, { from, to });
      else {
        span.from = Math.min(span.from, from);
        span.to = Math.max(span.to, to);
      }
    }
  }
  return [...spans]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([zone, { from, to }]) => vtimezone(zone, DateTime.fromMillis(from, { zone }).year, DateTime.fromMillis(to, { zone }).year))
    .join("");
}

export type CalendarOptions = {
  /** The calendar's name in calendar apps (NAME, X-WR-CALNAME). */
  name: string;
  /** VEVENTs, rendered: `renderEntries` output, possibly kept from an earlier build. */
  blocks: RenderedBlock[];
  /** How often subscribers should look again, in seconds (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshSeconds?: number;
  /**
   * An iTIP message (RFC 5546) rather than a published calendar: REQUEST invites, CANCEL withdraws. Its VEVENTs
   * then need an ORGANIZER, a DTSTAMP of when the message was made (`stamp`), and for CANCEL STATUS:CANCELLED with a
   * SEQUENCE above the request's; the caller provides those.
   */
  method?: "REQUEST" | "CANCEL";
};

/** A whole VCALENDAR: header, one VTIMEZONE per zone used, the VEVENTs. Every line ends in CRLF. */
export function renderCalendar({ name, blocks, refreshSeconds, method }: CalendarOptions) {
  // ical-generator writes NAME and X-WR-CALNAME unescaped, and event titles can be part of a name
  const header = ical({
    prodId: { company: "convene", product: "convene calendar", language: "EN" },
    name: escape(cleanText(name), false),
    scale: "GREGORIAN",
    ttl: refreshSeconds ?? null,
    method: method ? ICalCalendarMethod[method] : null,
  })
    .toString()
    .replace(/END:VCALENDAR$/, "");
  return `${header}${timeZones(blocks)}${blocks.map((block) => block.text).join("")}END:VCALENDAR\r\n`;
}

// ───────────────────────────── serving ─────────────────────────────

export type CalendarResponseOptions = {
  /** What the content is, for remembering since when it has been the same (Last-Modified). */
  key: string;
  filename: string;
  disposition: "attachment" | "inline";
  /** `public` only for the public feed; everything else depends on who asks. */
  cacheControl: string;
  vary?: string;
};

const LAST_MODIFIED_LIMIT = 20_000;
const firstServed = new Map<string, { etag: string; since: Date }>();

/**
 * Since when this content has been served unchanged. Feeds are built from several tables, some of which keep no
 * time of deletion (an item unstarred), so the time is when this process first produced these exact bytes; a
 * restarted server only ever answers later, which makes clients fetch again rather than miss a change.
 */
function servedSince(key: string, etag: string, now: Date) {
  const known = firstServed.get(key);
  if (known?.etag === etag) return known.since;
  if (firstServed.size >= LAST_MODIFIED_LIMIT) firstServed.delete(firstServed.keys().next().value!);
  const since = new Date(Math.floor(now.getTime() / 1000) * 1000);
  firstServed.delete(key);
  firstServed.set(key, { etag, since });
  return since;
}

export function calendarEntityTag(body: string) {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

function matchesEntityTag(ifNoneMatch: string, etag: string) {
  return ifNoneMatch.split(",").some((candidate) => {
    const value = candidate.trim().replace(/^W\//, "");
    return value === "*" || value === etag;
  });
}

const contentDisposition = (disposition: "attachment" | "inline", filename: string) => `${disposition}; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`;

/**
 * The calendar as an HTTP response: text/calendar in UTF-8, a strong ETag and Last-Modified, and 304 when the
 * client's copy is current (If-None-Match first; If-Modified-Since only without it, RFC 9110 §13.2.2).
 */
export function calendarResponse(request: Request, body: string, options: CalendarResponseOptions, now = new Date()) {
  const etag = calendarEntityTag(body);
  const lastModified = servedSince(options.key, etag, now);
  const headers: Record<string, string> = {
    ETag: etag,
    "Last-Modified": lastModified.toUTCString(),
    "Cache-Control": options.cacheControl,
    ...(options.vary ? { Vary: options.vary } : {}),
  };
  const ifNoneMatch = request.headers.get("If-None-Match");
  const ifModifiedSince = Date.parse(request.headers.get("If-Modified-Since") ?? "");
  const fresh = ifNoneMatch !== null ? matchesEntityTag(ifNoneMatch, etag) : Number.isFinite(ifModifiedSince) && ifModifiedSince >= lastModified.getTime();
  if (fresh) return new Response(null, { status: 304, headers });
  return new Response(body, {
    status: 200,
    headers: { ...headers, "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": contentDisposition(options.disposition, options.filename) },
  });
}

/**
 * An iTIP message as a download. The `method` parameter of the content type is what mail and calendar clients read
 * to treat the file as an invitation or a cancellation (RFC 5545 §8.1, RFC 6047 §2.4). Never cached: it is one person's, and its
 * DTSTAMP is the moment it was made, so there is nothing for a validator to match.
 */
export function calendarMessageResponse(message: { method: "REQUEST" | "CANCEL"; body: string; filename: string }) {
  return new Response(message.body, {
    status: 200,
    headers: {
      "Content-Type": `text/calendar; charset=utf-8; method=${message.method}`,
      "Content-Disposition": contentDisposition("attachment", message.filename),
      "Cache-Control": "private, no-store",
    },
  });
}

/**
 * `?lang=en` or `?lang=zh-CN` picks the calendar's language; absent, the caller's usual rules apply. Anything else
 * is a 400, not a silent fallback.
 */
export function requestedLocale(request: Request): Locale | undefined {
  const lang = new URL(request.url).searchParams.get("lang");
  if (lang === null) return undefined;
  if (!isLocale(lang)) throw badRequest();
  return lang;
}
