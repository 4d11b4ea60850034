import { Link } from "@remix-run/react";

import { useT } from "~/utils/i18n";
import type { HostedVisitView } from "~/views/hosted-visit";

/** "Visits I host" on the home page: today's and upcoming visits, the meetings the reader hosts, and where to read up. */
export function HostedVisits({ visits }: { visits: HostedVisitView[] }) {
  const t = useT();
  if (!visits.length) return null;
  return (
    <section aria-labelledby="hosted-heading" className="hosted-visits">
      <h2 id="hosted-heading">{t("home.hosted.heading")}</h2>
      <ul className="grid" data-testid="hosted-visits">
        {visits.map((visit) => (
          <li key={visit.slug} className="card stack hosted-visit">
            <h3>
              <Link to={`/events/${visit.slug}`}>{visit.title}</Link>
            </h3>
            <p className="meta">
              {visit.when}
              {visit.venue ? ` · ${visit.venue}` : null}
            </p>
            <p className="tags">
              {visit.cancelled ? <span className="tag cancelled">{t("home.hosted.cancelled")}</span> : null}
              {visit.overall ? <span className="tag">{t("home.hosted.overall")}</span> : null}
            </p>
            {visit.meetings.length ? (
              <div>
                <p className="meta">{t("home.hosted.meetings")}</p>
                <ul className="hosted-meetings">
                  {visit.meetings.map((meeting) => (
                    <li key={meeting.id}>
                      <time dateTime={meeting.start}>{meeting.time}</time> {meeting.title}
                      {meeting.room ? <span className="meta"> · {meeting.room}</span> : null}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <p className="hosted-links">
              <Link to={`/events/${visit.slug}/itinerary`}>{t("home.hosted.itinerary")}</Link>
              <Link to={`/events/${visit.slug}`}>{t("home.hosted.event")}</Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
