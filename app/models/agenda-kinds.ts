/** Kinds of agenda item: shared by forms, pages and templates. */
export const AGENDA_ITEM_KINDS = [
  "OPENING",
  "REPORT",
  "TALK",
  "CEREMONY",
  "AWARD_SEGMENT",
  "BADGE_CEREMONY",
  "PERFORMANCE",
  "MEETING",
  "TOUR",
  "BREAK",
  "MEAL",
  "ARRIVAL",
  "DEPARTURE",
  "CLOSING",
] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

export const AGENDA_PERSON_ROLES = ["SPEAKER", "HOST", "PARTICIPANT"] as const;
export type AgendaPersonRole = (typeof AGENDA_PERSON_ROLES)[number];
