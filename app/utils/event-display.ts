import type { EventCardData } from "~/components/event-card";
import { formatEventRange } from "~/utils/datetime";
import { pick, translate, type Locale } from "~/utils/i18n";

type EventForCard = {
  slug: string;
  kind: "INTERNAL_CONFERENCE" | "AWARD_CEREMONY" | "PARTNERSHIP_VISIT";
  status: EventCardData["status"];
  titleZh: string;
  titleEn: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  venue: { nameZh: string; nameEn: string } | null;
};

/** Formats on the server, in the event's zone, so the browser renders the same text it hydrates. */
export function toEventCard(locale: Locale, event: EventForCard): EventCardData {
  return {
    slug: event.slug,
    title: pick(locale, event.titleZh, event.titleEn),
    kindLabel: translate(locale, `event.kind.${event.kind}`),
    when: formatEventRange(locale, event.timeZone, event.startsAt, event.endsAt),
    venue: event.venue ? pick(locale, event.venue.nameZh, event.venue.nameEn) : null,
    status: event.status,
  };
}
