import { Link } from "@remix-run/react";

import { useT } from "~/utils/i18n";

export type EventCardData = {
  slug: string;
  title: string;
  kindLabel: string;
  when: string;
  venue: string | null;
  status: "DRAFT" | "PUBLISHED" | "CANCELLED" | "ARCHIVED";
};

export function EventCard({ event }: { event: EventCardData }) {
  const t = useT();
  return (
    <article className="card event-card">
      <div className="tags">
        <span className="tag">{event.kindLabel}</span>
        {event.status !== "PUBLISHED" ? (
          <span className={`tag ${event.status.toLowerCase()}`}>{t(`event.status.${event.status}`)}</span>
        ) : null}
      </div>
      <h3>
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </h3>
      <p className="meta">{event.when}</p>
      {event.venue ? <p className="meta">{event.venue}</p> : null}
    </article>
  );
}
