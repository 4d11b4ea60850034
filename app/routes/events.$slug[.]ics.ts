import type { LoaderFunctionArgs } from "@remix-run/node";

import { eventCalendar } from "~/models/calendar-feed.server";
import { calendarResponse, requestedLocale } from "~/models/ical.server";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { notFound } from "~/utils/http.server";
import { resource } from "~/utils/resource.server";

/**
 * One event as a calendar file: the event and each item of its published agenda, in the reader's language or
 * `?lang=`. Only for events the reader may see, and never a draft (404 either way).
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { locale: usual, event } = await requireVisibleEvent(request, params);
  const locale = requestedLocale(request) ?? usual;
  const origin = new URL(request.url).origin;
  const body = await eventCalendar(event.id, { locale, origin, now: new Date() });
  if (!body) throw notFound("event.notFound");
  return calendarResponse(request, body, {
    key: `event:${event.id}:${locale}:${origin}`,
    filename: `${event.slug}.ics`,
    disposition: "attachment",
    cacheControl: "private, no-cache",
    vary: "Cookie, Accept-Language",
  });
});
