/**
 * "Add to calendar" links for one event or agenda item: the .ics download, a subscription, and the web calendars
 * that take an event in their URL. Times go out in UTC ("Z"), which every one of them reads correctly whatever the
 * reader's own zone.
 */
import type { CalendarLinks } from "~/components/add-to-calendar";
import type { AgendaPersonDisplay, AgendaRowDisplay } from "~/utils/agenda-display";
import { otherLocale, translate, type Locale } from "~/utils/i18n";

export type CalendarEntry = { title: string; description?: string; location?: string; startsAt: string | Date; endsAt: string | Date };

/** What web calendars are given of an entry's description: their URLs must stay short enough to open. */
const DESCRIPTION_LIMIT = 1500;
/** An item's notes in that description, so that the item's address after them is never cut off. */
const NOTES_LIMIT = 500;

const compact = (instant: string | Date) => new Date(instant).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");

export function googleCalendarUrl(entry: CalendarEntry) {
  const params = new URLSearchParams({ action: "TEMPLATE", text: entry.title, dates: `${compact(entry.startsAt)}/${compact(entry.endsAt)}` });
  if (entry.description) params.set("details", entry.description.slice(0, DESCRIPTION_LIMIT));
  if (entry.location) params.set("location", entry.location);
  return `https://calendar.google.com/calendar/render?${params}`;
}

export function outlookCalendarUrl(entry: CalendarEntry) {
  const params = new URLSearchParams({
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: entry.title,
    startdt: new Date(entry.startsAt).toISOString(),
    enddt: new Date(entry.endsAt).toISOString(),
  });
  if (entry.description) params.set("body", entry.description.slice(0, DESCRIPTION_LIMIT));
  if (entry.location) params.set("location", entry.location);
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params}`;
}

/** The webcal:// form of a feed URL, which calendar apps open as a subscription. */
export function webcalUrl(httpsUrl: string) {
  return httpsUrl.replace(/^https?:\/\//, "webcal://");
}

/**
 * Everything "Add to calendar" offers for one entry: its .ics file (`icsPath`, without a query) in the reader's
 * language and in the other one, Google Calendar, Outlook, and the subscription page.
 */
export function calendarLinks({ icsPath, locale, ...entry }: CalendarEntry & { icsPath: string; locale: Locale }): CalendarLinks {
  return {
    ics: `${icsPath}?lang=${locale}`,
    otherLanguageIcs: `${icsPath}?lang=${otherLocale(locale)}`,
    google: googleCalendarUrl(entry),
    outlook: outlookCalendarUrl(entry),
    subscribe: "/calendar",
  };
}

/** The id of an agenda item's entry on the event page, so that a calendar can link straight to it. */
export function agendaItemAnchor(itemId: string) {
  return `agenda-item-${itemId}`;
}

/** "主讲：王伟（研究员）、李娜" / "Speaker: Wang Wei (Professor), Li Na": one line per role, in the agenda's order. */
function peopleLines(locale: Locale, people: AgendaPersonDisplay[]) {
  const byRole = new Map<string, string[]>();
  for (const person of people) {
    const name = person.detail ? translate(locale, "calendar.personWithDetail", { name: person.name, detail: person.detail }) : person.name;
    byRole.set(person.roleLabel, [...(byRole.get(person.roleLabel) ?? []), name]);
  }
  const separator = translate(locale, "list.separator");
  return [...byRole].map(([role, names]) => translate(locale, "calendar.peopleLine", { role, names: names.join(separator) }));
}

/**
 * One published agenda item as the attendee agenda shows it (`row`, from the latest release): its title, its room
 * and the venue as the place, and the event, who speaks, the notes and the item's place on the event page as the
 * description. The .ics file says the same, from the same release.
 */
export function agendaItemCalendarLinks({
  locale,
  origin,
  slug,
  eventTitle,
  venue,
  row,
}: {
  locale: Locale;
  origin: string;
  slug: string;
  eventTitle: string;
  venue: string | null;
  row: AgendaRowDisplay;
}) {
  const room = row.room?.name ?? "";
  const location = room && venue ? translate(locale, "calendar.place", { name: room, detail: venue }) : room || venue || undefined;
  const notes = row.notes && row.notes.length > NOTES_LIMIT ? `${row.notes.slice(0, NOTES_LIMIT).trimEnd()}…` : row.notes;
  const url = `${origin}/events/${slug}#${agendaItemAnchor(row.id)}`;
  return calendarLinks({
    icsPath: `/events/${slug}/agenda/${row.id}.ics`,
    locale,
    title: row.title,
    description: [eventTitle, ...peopleLines(locale, row.people), notes, url].filter(Boolean).join("\n"),
    location,
    startsAt: row.time.start,
    endsAt: row.time.end,
  });
}
