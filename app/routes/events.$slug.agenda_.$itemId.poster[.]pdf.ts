import type { LoaderFunctionArgs } from "@remix-run/node";

import { pdfResponse } from "~/models/badge-pdf.server";
import { renderPoster, sessionPoster } from "~/models/session-poster.server";
import { notFound } from "~/utils/http.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { resource } from "~/utils/resource.server";

/** The room poster of a session that needs attendance, for the organizers to print (A4). */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { eventId } = await requireEventPermission(request, params.slug, "update:agenda");
  const poster = await sessionPoster(eventId, params.itemId ?? "", new URL(request.url).origin);
  if (!poster) throw notFound("poster.notFound");
  return pdfResponse(await renderPoster(poster), `poster-${params.slug}-${params.itemId}.pdf`);
});
