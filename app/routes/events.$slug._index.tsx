import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { getVisibleEvent, viewerFor } from "~/models/event.server";
import { formatEventRange } from "~/utils/datetime";
import { notFound, requireParam } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const slug = requireParam(params, "slug");
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  // An event outside the viewer's audience is a 404, not a 403: its existence is not revealed.
  const event = await getVisibleEvent(await viewerFor(user), slug);
  if (!event) throw notFound("event.notFound");
  return {
    event: {
      title: pick(locale, event.titleZh, event.titleEn),
      kindLabel: translate(locale, `event.kind.${event.kind}`),
      status: event.status,
      statusLabel: translate(locale, `event.status.${event.status}`),
      audienceLabel: translate(locale, `event.audience.${event.audience}`),
      when: formatEventRange(locale, event.timeZone, event.startsAt, event.endsAt),
      timeZone: event.timeZone,
      venue: event.venue ? pick(locale, event.venue.nameZh, event.venue.nameEn) : null,
      address: event.venue ? pick(locale, event.venue.addressZh, event.venue.addressEn) : null,
      descriptionHtml: renderMarkdown(pick(locale, event.descriptionZh, event.descriptionEn)),
      cancelReason: event.status === "CANCELLED" ? event.cancelReason : null,
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.event.title ?? "convene" }];

export default function EventPage() {
  const { event } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="stack">
      <p className="meta">
        <Link to="/">{t("nav.home")}</Link> / {event.kindLabel}
      </p>
      <h1>{event.title}</h1>
      {event.status === "CANCELLED" ? (
        <div className="alert error" role="status">
          {t("event.cancelledNotice")}
          {event.cancelReason ? ` ${event.cancelReason}` : null}
        </div>
      ) : null}
      <section className="card">
        <dl className="facts">
          <dt>{t("event.when")}</dt>
          <dd>{event.when}</dd>
          <dt>{t("event.timeZone")}</dt>
          <dd>{event.timeZone}</dd>
          {event.venue ? (
            <>
              <dt>{t("event.venue")}</dt>
              <dd>
                {event.venue}
                {event.address ? <div className="meta">{event.address}</div> : null}
              </dd>
            </>
          ) : null}
          <dt>{t("event.audienceLabel")}</dt>
          <dd>{event.audienceLabel}</dd>
          <dt>{t("event.statusLabel")}</dt>
          <dd>{event.statusLabel}</dd>
        </dl>
      </section>
      {event.descriptionHtml ? (
        <section className="prose" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />
      ) : null}
    </article>
  );
}
