import { getVisibleEvent, viewerFor } from "~/models/event.server";
import { notFound, requireParam } from "~/utils/http.server";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";

/**
 * For attendee pages about one event: signed in, and the event within the viewer's audience. Outside it the
 * answer is 404, not 403, so whoever may not see an event cannot learn that it exists.
 */
export async function requireVisibleEvent(request: Request, params: Record<string, string | undefined>) {
  const slug = requireParam(params, "slug");
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const event = await getVisibleEvent(await viewerFor(user), slug);
  if (!event) throw notFound("event.notFound");
  return { user, locale, event };
}
