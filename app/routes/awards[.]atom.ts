import type { LoaderFunctionArgs } from "@remix-run/node";

import { announcementsAtom, entityTag, matchesEntityTag } from "~/models/honours.server";
import { resource } from "~/utils/resource.server";

/**
 * The Atom feed of award announcements. Public and the same for everyone (both languages in each entry), so shared
 * caches may keep it briefly; a scheduled announcement reaches readers within that time of going public.
 */
export const loader = resource(async ({ request }: LoaderFunctionArgs) => {
  const body = await announcementsAtom(new URL(request.url).origin);
  const etag = entityTag(body);
  const headers = { ETag: etag, "Cache-Control": "public, max-age=300" };
  if (matchesEntityTag(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "Content-Type": "application/atom+xml; charset=utf-8" } });
});
