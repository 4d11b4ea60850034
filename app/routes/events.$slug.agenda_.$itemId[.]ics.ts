import type { LoaderFunctionArgs } from "@remix-run/node";

import { eventCalendar } from "~/models/calendar-feed.server";
import { calendarResponse, requestedLocale } from "~/models/ical.server";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { notFound, requireParam } from "~/utils/http.server";
import { resource } from "~/utils/resource.server";

/**
 * One agenda item as a calendar file, as the latest release has it (never the draft), in the reader's language or
 * `?lang=`. The same rules as the event's file: 404 outside the event's audience and for a draft event; also 404
 * for an item never published, or one of another event. An item a later release dropped comes as cancelled.
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const itemId = requireParam(params, "itemId");
  const { locale: usual, event } = await requireVisibleEvent(request, params);
  const locale = requestedLocale(request) ?? usual;
  const origin = new URL(request.url).origin;
  const body = await eventCalendar(event.id, { locale, origin, now: new Date() }, { itemId });
  if (!body) throw notFound(event.status === "DRAFT" ? "event.notFound" : "calendar.item.notFound");
  return calendarResponse(request, body, {
    key: `agenda-item:${event.id}:${itemId}:${locale}:${origin}`,
    filename: `${event.slug}-${itemId.slice(-8)}.ics`,
    disposition: "attachment",
    cacheControl: "private, no-cache",
    vary: "Cookie, Accept-Language",
  });
});
