import type { LoaderFunctionArgs } from "@remix-run/node";

import { institutionCalendar } from "~/models/calendar-feed.server";
import { viewerFor } from "~/models/event.server";
import { calendarResponse, requestedLocale } from "~/models/ical.server";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";
import { resource } from "~/utils/resource.server";

/** The institution feed for the signed-in reader: every published event they may see, with its agenda. */
export const loader = resource(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = requestedLocale(request) ?? (await resolveLocale(request, user.locale));
  const origin = new URL(request.url).origin;
  const body = await institutionCalendar(await viewerFor(user), { locale, origin, now: new Date() });
  return calendarResponse(request, body, {
    key: `institution:${user.id}:${locale}:${origin}`,
    filename: "convene.ics",
    disposition: "inline",
    cacheControl: "private, no-cache",
    vary: "Cookie, Accept-Language",
  });
});
