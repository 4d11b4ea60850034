import type { Locale } from "~/utils/i18n";

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

const DATE: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", day: "numeric", weekday: "short" };
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

const tag = (locale: Locale) => (locale === "en" ? "en-GB" : "zh-CN");

/**
 * "2027年1月15日周五 13:30–17:30" / "Fri 15 January 2027, 13:30–17:30", in the event's own zone. The zone is
 * named only when it is not the lab's, so a Hangzhou audience is not shown "GMT+8" everywhere. Composed by
 * hand because ICU's zh range format falls back to "2027/1/15" once times are involved.
 */
export function formatEventRange(locale: Locale, timeZone: string, start: Date, end: Date) {
  const zoneName = timeZone === DEFAULT_TIME_ZONE ? {} : ({ timeZoneName: "short" } as const);
  const date = new Intl.DateTimeFormat(tag(locale), { ...DATE, timeZone });
  const time = new Intl.DateTimeFormat(tag(locale), { ...TIME, timeZone });
  const endTime = new Intl.DateTimeFormat(tag(locale), { ...TIME, ...zoneName, timeZone });
  const separator = locale === "en" ? ", " : " ";
  if (dayKey(timeZone, start) === dayKey(timeZone, end)) {
    return `${date.format(start)}${separator}${time.format(start)}–${endTime.format(end)}`;
  }
  return `${date.format(start)}${separator}${time.format(start)} – ${date.format(end)}${separator}${endTime.format(end)}`;
}

export function formatDate(locale: Locale, timeZone: string, date: Date) {
  return new Intl.DateTimeFormat(tag(locale), { ...DATE, timeZone }).format(date);
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone, for grouping by day. */
export function dayKey(timeZone: string, date: Date) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}
