import type { LoaderFunctionArgs } from "@remix-run/node";

import { getOrIssueBadge } from "~/models/badge.server";
import { badgeCard, pdfResponse, renderBadges, sizeFrom } from "~/models/badge-pdf.server";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { notFound } from "~/utils/http.server";
import { resource } from "~/utils/resource.server";

/** A staff member's own badge as a PDF, one badge per page (CR80, or `?size=A6`), to print at home or keep. */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { user, event } = await requireVisibleEvent(request, params);
  const badge = await getOrIssueBadge(event.id, user.id);
  if (!badge) throw notFound("badge.none");
  const size = sizeFrom(request);
  const pdf = await renderBadges([await badgeCard(badge.id)], { size, layout: "cards", title: `${badge.user.nameZh} · ${event.titleZh}` });
  return pdfResponse(pdf, `badge-${event.slug}-${size}.pdf`);
});
