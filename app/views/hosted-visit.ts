/** What the home page shows of a visit its reader hosts: made by app/models/visit-host.server.ts, drawn by app/components/hosted-visits.tsx. */

/** One visit as the home page shows it, formatted on the server in the reader's language and the visit's zone. */
export type HostedVisitView = {
  slug: string;
  title: string;
  when: string;
  venue: string | null;
  cancelled: boolean;
  overall: boolean;
  meetings: Array<{ id: string; title: string; time: string; start: string; room: string | null }>;
};
