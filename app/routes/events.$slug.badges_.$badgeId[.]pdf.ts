import type { LoaderFunctionArgs } from "@remix-run/node";

import { badgeCard, pdfResponse, renderBadges, sizeFrom } from "~/models/badge-pdf.server";
import { prisma } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { resource } from "~/utils/resource.server";

/** One person's badge, printed by an organizer (a replacement at the desk, a late registrant). */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { eventId } = await requireEventPermission(request, params.slug, "update:badge");
  const badge = await prisma.badge.findFirst({ where: { id: params.badgeId, eventId, revokedAt: null }, select: { id: true, user: { select: { pinyin: true, nameEn: true } } } });
  if (!badge) throw notFound("badges.notFound");
  const size = sizeFrom(request);
  const pdf = await renderBadges([await badgeCard(badge.id)], { size, layout: "cards" });
  const name = (badge.user.pinyin || badge.user.nameEn).replace(/\s+/g, "-");
  return pdfResponse(pdf, `badge-${params.slug}-${name}-${size}.pdf`);
});
