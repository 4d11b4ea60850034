import type { LoaderFunctionArgs } from "@remix-run/node";

import { pdfResponse } from "~/models/badge-pdf.server";
import { NAME_CARDS_TITLE, nameCardsFilename, nameCardsOf, renderNameCards } from "~/models/name-cards.server";
import { loadSeating, requireSeatingReader } from "~/models/seating.server";
import { badRequest, notFound } from "~/utils/http.server";
import { resource } from "~/utils/resource.server";

/**
 * The name cards of a visit's talks as one PDF, for its organizers, admins and hosts: `?side=guests|lab|all`
 * (all by default) and `?item=<agenda item>` for a meeting other than the first.
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { event, query } = await requireSeatingReader(request, params.slug);
  const outcome = await loadSeating(event.id, query.item);
  if (!outcome.ok) throw outcome.status === 400 ? badRequest(outcome.messageKey) : notFound(outcome.messageKey);
  const { plan } = outcome;
  const cards = nameCardsOf(plan, query.side);
  const pdf = await renderNameCards(cards, { title: `${NAME_CARDS_TITLE.zh} ${NAME_CARDS_TITLE.en} · ${plan.event.titleZh}` });
  const filename = nameCardsFilename(plan.event.slug, query.side);
  return pdfResponse(pdf, filename.unicode, filename.ascii);
});
