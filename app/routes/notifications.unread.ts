import type { LoaderFunctionArgs } from "@remix-run/node";

import { latestUnread, renderNotifications, unreadCount } from "~/models/notification.server";
import { resolveLocale } from "~/utils/i18n.server";
import { resource } from "~/utils/resource.server";
import { requireUser } from "~/utils/session.server";

/**
 * What the header's bell polls: the number of unread notifications and the newest few, as sentences in the reader's
 * language. Only one's own; never cached.
 */
export const loader = resource(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const [count, latest] = await Promise.all([unreadCount(user.id), latestUnread(user.id)]);
  return Response.json(
    { count, latest: renderNotifications(locale, latest).map(({ id, text, href, at, atIso }) => ({ id, text, href, at, atIso })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
});
