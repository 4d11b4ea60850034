import type { LoaderFunctionArgs } from "@remix-run/node";

import { publicCalendar } from "~/models/calendar-feed.server";
import { calendarResponse, requestedLocale } from "~/models/ical.server";
import { resolveLocale } from "~/utils/i18n.server";
import { resource } from "~/utils/resource.server";

/**
 * The public feed: events their organizers marked public (Event.isPublic), with their agendas. No sign-in, and the
 * same for everyone, so shared caches may keep it for a few minutes.
 */
export const loader = resource(async ({ request }: LoaderFunctionArgs) => {
  const locale = requestedLocale(request) ?? (await resolveLocale(request));
  const origin = new URL(request.url).origin;
  const body = await publicCalendar({ locale, origin, now: new Date() });
  return calendarResponse(request, body, {
    key: `public:${locale}:${origin}`,
    filename: "convene-public.ics",
    disposition: "inline",
    cacheControl: "public, max-age=300",
    vary: "Cookie, Accept-Language",
  });
});
