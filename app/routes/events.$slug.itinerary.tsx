import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { ItineraryDocument } from "~/components/itinerary";
import { bilingualItinerary, canReadStaffItinerary, findEventBySlug, loadItinerary } from "~/models/itinerary.server";
import itineraryStylesHref from "~/styles/itinerary.css";
import { forbidden, notFound, requireParam } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: itineraryStylesHref }];

/**
 * The printable bilingual itinerary, staff copy: for the visit's organizers, admins and hosts. It adds the
 * delegation's dietary and interpreter needs to what the guests' own copy shows.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await findEventBySlug(requireParam(params, "slug"));
  if (!event) throw notFound("event.notFound");
  const user = await requireUser(request);
  if (!(await canReadStaffItinerary(user, event.id))) throw forbidden();
  const itinerary = await loadItinerary(event.id, "staff");
  if (!itinerary) throw notFound("itinerary.notVisit");
  const locale = await resolveLocale(request, user.locale);
  return {
    title: `${translate(locale, "itinerary.title")} · ${pick(locale, itinerary.event.titleZh, itinerary.event.titleEn)}`,
    slug: event.slug,
    texts: bilingualItinerary(itinerary),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function StaffItinerary() {
  const { slug, texts } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="itinerary-page">
      <div className="itinerary-toolbar no-print">
        <Link to={`/events/${slug}`}>{t("itinerary.back")}</Link>
        <button type="button" onClick={() => window.print()}>
          {t("itinerary.print")}
        </button>
        <p className="meta">{t("itinerary.printHint")}</p>
      </div>
      <ItineraryDocument texts={texts} audience="staff" />
    </div>
  );
}
