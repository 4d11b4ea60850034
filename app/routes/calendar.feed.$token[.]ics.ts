import type { LoaderFunctionArgs } from "@remix-run/node";

import { feedOwner, institutionCalendar, personalCalendar } from "~/models/calendar-feed.server";
import { viewerFor } from "~/models/event.server";
import { calendarResponse, requestedLocale } from "~/models/ical.server";
import { badRequest } from "~/utils/http.server";
import { resolveLocale } from "~/utils/i18n.server";
import { resource } from "~/utils/resource.server";

/**
 * A person's private feed, for calendar apps (which cannot sign in): the secret in the URL stands for the person.
 * Their own events, or with `?scope=institution` every event they may see. A wrong, revoked or switched-off secret
 * is a plain 404 that says nothing more. It is a bare Response rather than the app's error: calendar apps keep polling
 * a revoked address for months, and each poll would otherwise be logged as a server error.
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const owner = await feedOwner(params.token ?? "");
  if (!owner) throw new Response("Not Found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const scope = new URL(request.url).searchParams.get("scope") ?? "mine";
  if (scope !== "mine" && scope !== "institution") throw badRequest();
  const locale = requestedLocale(request) ?? (await resolveLocale(request, owner.locale));
  const origin = new URL(request.url).origin;
  const presentation = { locale, origin, now: new Date() };
  const viewer = await viewerFor(owner);
  const body = scope === "institution" ? await institutionCalendar(viewer, presentation) : await personalCalendar(viewer, presentation);
  return calendarResponse(request, body, {
    key: `personal:${owner.id}:${scope}:${locale}:${origin}`,
    filename: "convene.ics",
    disposition: "inline",
    // the URL is a secret: no shared cache may keep a copy
    cacheControl: "private, no-cache",
  });
});
