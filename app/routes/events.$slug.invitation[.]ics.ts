import type { LoaderFunctionArgs } from "@remix-run/node";

import { invitationCalendar } from "~/models/calendar-invitation.server";
import { calendarMessageResponse, requestedLocale } from "~/models/ical.server";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { notFound } from "~/utils/http.server";
import { resource } from "~/utils/resource.server";

/**
 * The signed-in person's own calendar invitation for an event (METHOD:REQUEST) or, once they have cancelled, the
 * cancellation (METHOD:CANCEL), in their language or `?lang=`. 404 without a confirmed or cancelled registration.
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { user, locale: usual, event } = await requireVisibleEvent(request, params);
  const locale = requestedLocale(request) ?? usual;
  const invitation = await invitationCalendar({ eventId: event.id, userId: user.id }, { locale, origin: new URL(request.url).origin, now: new Date() });
  if (!invitation) throw notFound("calendar.invitation.notFound");
  return calendarMessageResponse(invitation);
});
