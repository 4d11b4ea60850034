import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { GuestLinkProblem } from "~/components/guest-link-problem";
import { ItineraryDocument } from "~/components/itinerary";
import { guestProblemStatus, resolveGuestLink } from "~/models/guest-link.server";
import { bilingualItinerary, loadItinerary } from "~/models/itinerary.server";
import guestStylesHref from "~/styles/guest.css";
import itineraryStylesHref from "~/styles/itinerary.css";
import { DEFAULT_LOCALE, isLocale, translate, useT } from "~/utils/i18n";

/** The guest's printable itinerary: the same document as the staff copy, without dietary or interpreter needs. */
const GUEST_HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow" };

export const headers: HeadersFunction = () => GUEST_HEADERS;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: itineraryStylesHref },
  { rel: "stylesheet", href: guestStylesHref },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await resolveGuestLink(params.token);
  if (link.status !== "active") return data({ problem: link.status, token: null, texts: null }, { status: guestProblemStatus(link.status), headers: GUEST_HEADERS });
  const itinerary = await loadItinerary(link.event.id, "guest");
  if (!itinerary) return data({ problem: "unknown" as const, token: null, texts: null }, { status: 404, headers: GUEST_HEADERS });
  return data({ problem: null, token: params.token ?? null, texts: bilingualItinerary(itinerary) }, { headers: GUEST_HEADERS });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const rootLocale: unknown = (matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  const locale = isLocale(rootLocale) ? rootLocale : DEFAULT_LOCALE;
  const visit = data?.texts?.find((text) => text.locale === locale)?.title;
  const title = visit ? `${translate(locale, "itinerary.title")} · ${visit}` : translate(locale, "app.name");
  return [{ title }, { name: "referrer", content: "no-referrer" }, { name: "robots", content: "noindex, nofollow" }];
};

export default function GuestItinerary() {
  const { problem, token, texts } = useLoaderData<typeof loader>();
  const t = useT();
  if (problem || !texts || !token) return <GuestLinkProblem problem={problem ?? "unknown"} />;
  return (
    <div className="itinerary-page">
      <div className="itinerary-toolbar no-print">
        <Link to={`/guest/${token}`}>{t("itinerary.back")}</Link>
        <button type="button" onClick={() => window.print()}>
          {t("itinerary.print")}
        </button>
        <p className="meta">{t("itinerary.printHint")}</p>
      </div>
      <ItineraryDocument texts={texts} audience="guest" />
    </div>
  );
}
