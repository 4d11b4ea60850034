/**
 * The texts of a visit's itinerary as the server prepares them (app/models/itinerary.server.ts) and the page draws
 * them (app/components/itinerary.tsx): plain data, shared by both sides, so neither depends on the other.
 */
import type { Locale } from "~/utils/i18n";

/** Who reads it: the guest copy lists the delegation by name and title; the staff copy adds their needs. */
export type ItineraryAudience = "guest" | "staff";

// The texts of one language, made by app/models/itinerary.server.ts.
export type ItineraryPersonText = { key: string; role: string; name: string; detail: string | null };
export type ItineraryItemText = {
  id: string;
  start: string;
  end: string;
  startLabel: string;
  endLabel: string;
  kind: string;
  title: string;
  notes: string | null;
  room: string | null;
  lab: ItineraryPersonText[];
  guests: ItineraryPersonText[];
};
export type ItineraryDayText = { key: string; heading: string; items: ItineraryItemText[] };
export type ItineraryMemberText = { id: string; precedence: number; leader: boolean; name: string; title: string; dietary: string | null; interpreter: string | null };
export type ItineraryText = {
  locale: Locale;
  title: string;
  when: string;
  venue: string | null;
  address: string | null;
  organisation: string | null;
  source: string;
  hosts: ItineraryPersonText[];
  days: ItineraryDayText[];
  members: ItineraryMemberText[];
};
