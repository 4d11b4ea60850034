import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { GuestLinkProblem } from "~/components/guest-link-problem";
import { ItineraryDays } from "~/components/itinerary";
import { badgePayload, qrSvg } from "~/models/badge.server";
import { guestContactOptIn, setGuestContactOptIn } from "~/models/connection.server";
import { confirmAttendance, guestBadge, guestLinkPath, guestProblemStatus, resolveGuestLink, type ActiveGuestLink } from "~/models/guest-link.server";
import { loadItinerary, localizeItinerary, type ItineraryModel } from "~/models/itinerary.server";
import guestStylesHref from "~/styles/guest.css";
import itineraryStylesHref from "~/styles/itinerary.css";
import { agendaFormatter } from "~/utils/agenda-display";
import { badRequest } from "~/utils/http.server";
import { DEFAULT_LOCALE, LOCALES, isLocale, pick, translate, useLocale, useT, type Locale } from "~/utils/i18n";

/**
 * A guest's page, opened with the invitation link alone: no password, no session. The token in the URL is the
 * whole credential, so the page sends no Referer anywhere, is kept by no cache, and is not indexed. It reads no
 * session and sets none: with only this link, every other page treats the guest as signed out.
 */
const GUEST_HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow" };

export const headers: HeadersFunction = () => GUEST_HEADERS;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: itineraryStylesHref },
  { rel: "stylesheet", href: guestStylesHref },
];

/** Everything the page shows, in one language; the page is sent in both, and the root's language picks one. */
function guestPage(link: ActiveGuestLink, itinerary: ItineraryModel, locale: Locale) {
  const { event, member, delegation } = link;
  const format = agendaFormatter(locale, event.timeZone);
  const organisation = pick(locale, delegation.organisationZh, delegation.organisationEn);
  const name = pick(locale, member.nameZh, member.nameEn);
  const text = localizeItinerary(itinerary, locale);
  return {
    title: text.title,
    when: text.when,
    venue: text.venue,
    address: text.address,
    greeting: translate(locale, "guestLink.guest.greeting", { name }),
    name,
    memberTitle: pick(locale, member.titleZh, member.titleEn),
    role: translate(locale, member.isLeader ? "guestLink.guest.leaderOf" : "guestLink.guest.memberOf", { organisation }),
    confirmed: link.confirmedAt ? translate(locale, "guestLink.guest.confirmed", { at: format.dateTime(link.confirmedAt) }) : null,
    validUntil: translate(locale, "guestLink.guest.validUntil", { until: format.dateTime(link.expiresAt) }),
    source: text.source,
    hosts: text.hosts,
    // the delegation list is on the printable itinerary; this page needs only the programme
    itinerary: { ...text, members: [] },
  };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const link = await resolveGuestLink(params.token);
  if (link.status !== "active") return data({ problem: link.status, token: null, page: null, badge: null, cancelled: false }, { status: guestProblemStatus(link.status), headers: GUEST_HEADERS });
  const itinerary = await loadItinerary(link.event.id, "guest");
  if (!itinerary) return data({ problem: "unknown" as const, token: null, page: null, badge: null, cancelled: false }, { status: 404, headers: GUEST_HEADERS });
  const badge = await guestBadge(link.event.id, link.member.userId);
  const page = Object.fromEntries(LOCALES.map((locale) => [locale, guestPage(link, itinerary, locale)])) as Record<Locale, ReturnType<typeof guestPage>>;
  return data(
    {
      problem: null,
      // already in the address bar; the page needs it for its own links
      token: params.token ?? null,
      page,
      badge: badge
        ? {
            nameZh: link.member.nameZh,
            romanised: link.member.nameEn,
            ribbon: badge.ribbon,
            // qrcode's own SVG markup, generated here from the badge's payload
            qr: await qrSvg(badgePayload(badge.token)),
            // whether staff who scan this badge may exchange contacts with the guest (ADR 013)
            contactOptIn: await guestContactOptIn(link.member.id),
          }
        : null,
      cancelled: link.event.status === "CANCELLED",
    },
    { headers: GUEST_HEADERS },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "contact-opt-in") {
    const choice = form.get("optIn");
    if (choice !== "on" && choice !== "off") throw badRequest();
    const saved = await setGuestContactOptIn(params.token, choice === "on");
    if (saved.status === "saved") return redirect(`${guestLinkPath(params.token ?? "")}#contact-heading`, { headers: GUEST_HEADERS });
    return data({ problem: saved.status, error: null }, { status: guestProblemStatus(saved.status), headers: GUEST_HEADERS });
  }
  if (form.get("intent") !== "confirm") throw badRequest();
  const outcome = await confirmAttendance(params.token);
  if (outcome.status === "confirmed") return redirect(guestLinkPath(params.token ?? ""), { headers: GUEST_HEADERS });
  if (outcome.status === "cancelled") return data({ problem: null, error: "guestLink.guest.cancelled" as const }, { status: 409, headers: GUEST_HEADERS });
  return data({ problem: outcome.status, error: null }, { status: guestProblemStatus(outcome.status), headers: GUEST_HEADERS });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const rootLocale: unknown = (matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  const locale = isLocale(rootLocale) ? rootLocale : DEFAULT_LOCALE;
  const title = data?.page ? data.page[locale].title : translate(locale, "app.name");
  return [{ title }, { name: "referrer", content: "no-referrer" }, { name: "robots", content: "noindex, nofollow" }];
};

export default function GuestPage() {
  const { problem, token, page: pages, badge, cancelled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const locale = useLocale();
  const t = useT();
  const shown = actionData?.problem ?? problem;
  if (shown || !pages || !token) return <GuestLinkProblem problem={shown ?? "unknown"} />;
  const page = pages[locale];
  return (
    <div className="stack guest-page">
      <header className="guest-hero">
        <p className="guest-greeting">{page.greeting}</p>
        <h1>{page.title}</h1>
        <p className="meta">{t("guestLink.guest.intro")}</p>
      </header>

      {cancelled ? (
        <p className="alert error" role="status">
          {t("guestLink.guest.cancelled")}
        </p>
      ) : null}

      <section className="card">
        <dl className="facts guest-facts">
          <dt>{t("guestLink.guest.when")}</dt>
          <dd>{page.when}</dd>
          {page.venue ? (
            <>
              <dt>{t("guestLink.guest.venue")}</dt>
              <dd>
                {page.venue}
                {page.address ? <div className="meta">{page.address}</div> : null}
              </dd>
            </>
          ) : null}
          <dt>{t("guestLink.guest.you")}</dt>
          <dd data-testid="guest-member">
            <strong>{page.name}</strong>
            {page.memberTitle ? <div>{page.memberTitle}</div> : null}
            <div className="meta">{page.role}</div>
          </dd>
          {page.hosts.length > 0 ? (
            <>
              <dt>{t("guestLink.guest.hosts")}</dt>
              <dd>
                {page.hosts.map((host) => (
                  <div key={host.key}>
                    {host.name}
                    {host.detail ? <span className="meta"> · {host.detail}</span> : null}
                  </div>
                ))}
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card stack guest-attendance" aria-labelledby="attendance-heading">
        <h2 id="attendance-heading">{t("guestLink.guest.attendance")}</h2>
        {actionData?.error ? (
          <p className="alert error" role="alert">
            {t(actionData.error)}
          </p>
        ) : null}
        {page.confirmed ? (
          <p className="guest-confirmed" role="status" data-testid="guest-confirmed">
            {page.confirmed}
          </p>
        ) : cancelled ? null : (
          <>
            <p>{t("guestLink.guest.confirmHint")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="confirm" />
              <button type="submit" disabled={navigation.state !== "idle"}>
                {t("guestLink.guest.confirm")}
              </button>
            </Form>
          </>
        )}
        <p className="meta">{page.validUntil}</p>
      </section>

      <section className="stack guest-itinerary" aria-labelledby="itinerary-heading">
        <div className="guest-itinerary-head">
          <h2 id="itinerary-heading">{t("guestLink.guest.itinerary")}</h2>
          <Link className="button secondary" to={`/guest/${token}/itinerary`}>
            {t("guestLink.guest.print")}
          </Link>
        </div>
        <p className="meta">{page.source}</p>
        <ItineraryDays texts={[page.itinerary]} headingLevel={3} />
      </section>

      {badge ? (
        <section className="stack" aria-labelledby="badge-heading">
          <h2 id="badge-heading">{t("guestLink.guest.badge")}</h2>
          <article className={`badge-card ribbon-${badge.ribbon.toLowerCase()}`} aria-labelledby="badge-heading">
            <p className="badge-event">{page.title}</p>
            <p className="badge-name" lang="zh-CN">
              {badge.nameZh}
            </p>
            <p className="badge-romanised" lang="en">
              {badge.romanised}
            </p>
            <div className="badge-qr" role="img" aria-label={t("guestLink.guest.badgeQrAlt", { name: page.name })} dangerouslySetInnerHTML={{ __html: badge.qr }} />
            <p className="badge-ribbon">{t(`badge.ribbon.${badge.ribbon}`)}</p>
          </article>
          <p className="meta">{t("guestLink.guest.badgeHint")}</p>
          <section className="card stack guest-contact" aria-labelledby="contact-heading">
            <h3 id="contact-heading" style={{ marginTop: 0 }}>
              {t("contacts.optIn.heading")}
            </h3>
            <p>{t("contacts.optIn.hint")}</p>
            <p data-testid="guest-contact-opt-in">
              <strong>{t(badge.contactOptIn ? "contacts.optIn.on" : "contacts.optIn.off")}</strong>
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="contact-opt-in" />
              <input type="hidden" name="optIn" value={badge.contactOptIn ? "off" : "on"} />
              <button type="submit" className={badge.contactOptIn ? "secondary" : undefined} disabled={navigation.state !== "idle"}>
                {t(badge.contactOptIn ? "contacts.optIn.disable" : "contacts.optIn.enable")}
              </button>
            </Form>
          </section>
        </section>
      ) : null}
    </div>
  );
}
