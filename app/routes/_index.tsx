import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { EventCard } from "~/components/event-card";
import { HostedVisits } from "~/components/hosted-visits";
import { MyFollowUps } from "~/components/my-follow-ups";
import { listPastEvents, listUpcomingEvents, viewerFor } from "~/models/event.server";
import { localizeHostedVisits, visitsHostedBy } from "~/models/visit-host.server";
import { myFollowUps, myFollowUpTexts } from "~/models/visit-outcome.server";
import { toEventCard } from "~/utils/event-display";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const viewer = await viewerFor(user);
  const [upcoming, past] = await Promise.all([listUpcomingEvents(viewer), listPastEvents(viewer)]);
  return {
    greetingName: pick(locale, user.nameZh, user.nameEn),
    upcoming: upcoming.map((event) => toEventCard(locale, event)),
    past: past.map((event) => toEventCard(locale, event)),
    title: translate(locale, "home.title"),
    hostedVisits: localizeHostedVisits(locale, await visitsHostedBy(user.id)),
    followUps: myFollowUpTexts(locale, await myFollowUps(user.id)),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function Home() {
  const { greetingName, upcoming, past, followUps, hostedVisits } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div>
      <h1>{t("home.greeting", { name: greetingName })}</h1>
      <HostedVisits visits={hostedVisits} />
      <MyFollowUps followUps={followUps} />
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t("home.upcoming")}</h2>
        {upcoming.length ? (
          <ul className="grid" data-testid="upcoming-events">
            {upcoming.map((event) => (
              <li key={event.slug}>
                <EventCard event={event} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t("home.noUpcoming")}</p>
        )}
      </section>
      {past.length ? (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">{t("home.past")}</h2>
          <ul className="grid">
            {past.map((event) => (
              <li key={event.slug}>
                <EventCard event={event} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
