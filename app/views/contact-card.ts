/** A directory card as a scan or a list shows it: made by app/models/connection.server.ts, drawn by app/components/contact-card.tsx. */

/** A directory card as the server prepared it for one reader: only the fields the directory shows. */
export type ContactCardView = {
  nameZh: string;
  nameEn: string;
  pinyin: string | null;
  guest: boolean;
  facts: Array<{ key: "department" | "title" | "organisation" | "email" | "phone"; value: string }>;
};
