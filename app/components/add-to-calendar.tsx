import { useT } from "~/utils/i18n";

export type CalendarLinks = { ics: string; otherLanguageIcs: string; google: string; outlook: string; subscribe: string };

/**
 * "Add to calendar": the .ics download (in either language), a subscription, Google Calendar and Outlook. `open`
 * shows the choices unfolded, as on the page right after registering.
 */
export function AddToCalendar({ links, label, open = false }: { links: CalendarLinks; label?: string; open?: boolean }) {
  const t = useT();
  return (
    <details className="add-to-calendar" open={open}>
      <summary>{label ?? t("calendar.add.title")}</summary>
      <ul>
        <li>
          <a href={links.ics} download>
            {t("calendar.add.download")}
          </a>{" "}
          (
          <a href={links.otherLanguageIcs} download>
            {t("calendar.add.otherLanguage")}
          </a>
          )
        </li>
        <li>
          <a href={links.subscribe}>{t("calendar.add.subscribe")}</a>
        </li>
        <li>
          <a href={links.google} target="_blank" rel="noopener noreferrer">
            {t("calendar.add.google")}
          </a>
        </li>
        <li>
          <a href={links.outlook} target="_blank" rel="noopener noreferrer">
            {t("calendar.add.outlook")}
          </a>
        </li>
      </ul>
    </details>
  );
}
