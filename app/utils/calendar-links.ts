/**
 * "Add to calendar" links for one event or agenda item: the .ics download, a subscription, and the web calendars
 * that take an event in their URL. Times go out in UTC ("Z"), which every one of them reads correctly whatever the
 * reader's own zone.
 */
export type CalendarEntry = { title: string; description?: string; location?: string; startsAt: string; endsAt: string };

const compact = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");

export function googleCalendarUrl(entry: CalendarEntry) {
  const params = new URLSearchParams({ action: "TEMPLATE", text: entry.title, dates: `${compact(entry.startsAt)}/${compact(entry.endsAt)}` });
  if (entry.description) params.set("details", entry.description.slice(0, 1500));
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
  if (entry.description) params.set("body", entry.description.slice(0, 1500));
  if (entry.location) params.set("location", entry.location);
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params}`;
}

/** The webcal:// form of a feed URL, which calendar apps open as a subscription. */
export function webcalUrl(httpsUrl: string) {
  return httpsUrl.replace(/^https?:\/\//, "webcal://");
}
