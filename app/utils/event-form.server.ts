import { AUDIENCES, EVENT_KINDS, listVenues } from "~/models/event.server";
import { listDepartments } from "~/models/user.server";
import { pick, translate, type Locale } from "~/utils/i18n";

/** The choices the event form offers, labelled in the reader's language. */
export async function eventFormOptions(locale: Locale) {
  const [venues, departments] = await Promise.all([listVenues(), listDepartments()]);
  return {
    kinds: EVENT_KINDS.map((kind) => ({ value: kind, label: translate(locale, `event.kind.${kind}`) })),
    audiences: AUDIENCES.map((audience) => ({ value: audience, label: translate(locale, `event.audience.${audience}`) })),
    venues: venues.map((venue) => ({ value: venue.id, label: pick(locale, venue.nameZh, venue.nameEn) })),
    departments: departments.map((department) => ({ value: department.id, label: pick(locale, department.nameZh, department.nameEn) })),
  };
}
