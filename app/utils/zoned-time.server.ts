import { DateTime } from "luxon";

/**
 * Form fields carry wall-clock time ("2027-01-15T13:30") in the event's own zone, whatever zone the
 * browser or the server is in. These two convert between that and real instants.
 */
export function parseZonedInput(value: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const parsed = DateTime.fromISO(value, { zone: timeZone });
  if (!parsed.isValid) return null;
  // A wall time skipped by a DST jump does not exist; luxon would silently shift it.
  if (parsed.toFormat(value.length > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm") !== value) return null;
  return parsed.toJSDate();
}

export function toZonedInput(date: Date, timeZone: string) {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

export function isTimeZone(zone: string) {
  return DateTime.local().setZone(zone).isValid;
}

/**
 * A start and end from a form, read in one zone: either the instants, or the catalog keys to show next to the
 * fields (unreadable time; end not after start).
 */
export function parseZonedRange(startsAt: string, endsAt: string, timeZone: string) {
  const start = parseZonedInput(startsAt, timeZone);
  const end = parseZonedInput(endsAt, timeZone);
  const errors: { startsAt?: ["agenda.timeInvalid"]; endsAt?: ["agenda.timeInvalid"] | ["agenda.endBeforeStart"] } = {};
  if (!start) errors.startsAt = ["agenda.timeInvalid"];
  if (!end) errors.endsAt = ["agenda.timeInvalid"];
  if (start && end && end <= start) errors.endsAt = ["agenda.endBeforeStart"];
  return start && end && !errors.endsAt ? { ok: true as const, startsAt: start, endsAt: end } : { ok: false as const, errors };
}
