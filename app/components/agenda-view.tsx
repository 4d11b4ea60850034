import { Link, useFetcher } from "@remix-run/react";
import { Fragment, useSyncExternalStore, type ReactNode } from "react";

import {
  AddToCalendar,
  type CalendarLinks,
} from "~/components/add-to-calendar";
import type {
  AgendaRowDisplay,
  AgendaSection,
  AgendaView,
  ReleaseDisplay,
  TimeRangeDisplay,
} from "~/utils/agenda-display";
import { agendaItemAnchor } from "~/utils/calendar-links";
import { useT } from "~/utils/i18n";

/** "13:30–14:15" as two machine-readable instants; the day goes in front when asked for. */
export function TimeRange({
  time,
  withDay = false,
}: {
  time: TimeRangeDisplay;
  withDay?: boolean;
}) {
  return (
    <span className="time-range">
      {withDay ? (
        <span className="time-range-day">{time.dayHeading} </span>
      ) : null}
      <time dateTime={time.start}>{time.startLabel}</time>–
      <time dateTime={time.end}>{time.endLabel}</time>
    </span>
  );
}

/**
 * A star that puts one item into the person's calendar feed (or takes it out). A plain form: it works without
 * JavaScript, and with it the page stays where it is.
 */
function StarButton({ itemId, starred }: { itemId: string; starred: boolean }) {
  const t = useT();
  const fetcher = useFetcher();
  const pending = fetcher.formData?.get("itemId") === itemId;
  const shown = pending ? fetcher.formData?.get("starred") === "1" : starred;
  return (
    <fetcher.Form method="post" className="agenda-star">
      <input type="hidden" name="intent" value="star" />
      <input type="hidden" name="itemId" value={itemId} />
      <input type="hidden" name="starred" value={shown ? "0" : "1"} />
      <button type="submit" className="secondary" aria-pressed={shown}>
        {shown ? t("agenda.star.remove") : t("agenda.star.add")}
      </button>
    </fetcher.Form>
  );
}

/**
 * One agenda item, as attendees see it; with `calendar`, a small "Add to calendar" that opens on demand, and with
 * `starred`, the star.
 */
export function AgendaEntry({
  row,
  showRoom,
  showDay,
  calendar,
  starred,
}: {
  row: AgendaRowDisplay;
  showRoom: boolean;
  showDay: boolean;
  calendar?: CalendarLinks;
  starred?: boolean;
}) {
  const t = useT();
  return (
    <li className="agenda-entry" id={agendaItemAnchor(row.id)}>
      <p className="agenda-entry-when">
        <TimeRange time={row.time} withDay={showDay} />
      </p>
      <div className="agenda-entry-body">
        <h4 lang={row.titleLang ?? undefined}>{row.title}</h4>
        <p className="agenda-entry-facts">
          <span className="tag">{row.kindLabel}</span>
          {showRoom && row.room ? (
            <span className="agenda-entry-room">
              <span className="visually-hidden">
                {t("agenda.field.room")}:{" "}
              </span>
              {row.room.name}
            </span>
          ) : null}
        </p>
        {row.people.length ? (
          <ul className="agenda-people" aria-label={t("agenda.field.people")}>
            {row.people.map((person) => (
              <li key={person.key}>
                <span className="agenda-role">{person.roleLabel}</span>{" "}
                <span className="agenda-person">{person.name}</span>
                {person.detail ? (
                  <span className="agenda-person-detail"> {person.detail}</span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {row.notes ? (
          <p className="agenda-notes" lang={row.notesLang ?? undefined}>
            {row.notes}
          </p>
        ) : null}
        {calendar || starred !== undefined ? (
          <div className="agenda-calendar">
            {starred !== undefined ? (
              <StarButton itemId={row.id} starred={starred} />
            ) : null}
            {calendar ? <AddToCalendar links={calendar} /> : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The agenda as sections (days, or rooms), each an ordered list of items. In the room view each room gets a
 * column, and the day is named on each item when the event runs over several days. `calendars` holds the
 * "Add to calendar" links of the items that have them, by item id; `starred`, when given, the ids of the items
 * the reader starred, and each item gets a star.
 */
export function AgendaSections({
  sections,
  view,
  multiDay,
  calendars,
  starred,
}: {
  sections: AgendaSection[];
  view: AgendaView;
  multiDay: boolean;
  calendars?: Record<string, CalendarLinks> | null;
  starred?: string[] | null;
}) {
  return (
    <div
      className={
        view === "room"
          ? "agenda-sections agenda-by-room"
          : "agenda-sections agenda-by-day"
      }
    >
      {sections.map((section) => (
        <section
          key={section.key}
          className="agenda-section"
          aria-labelledby={`agenda-${view}-${section.key}`}
        >
          <h3 id={`agenda-${view}-${section.key}`}>{section.heading}</h3>
          <ol className="agenda-list">
            {section.items.map((row) => (
              <AgendaEntry
                key={row.id}
                row={row}
                showRoom={view === "day"}
                showDay={view === "room" && multiDay}
                calendar={calendars?.[row.id]}
                starred={starred ? starred.includes(row.id) : undefined}
              />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

/** Plain links, so switching works before (or without) JavaScript; the current view is marked for everyone. */
export function ViewSwitcher({
  slug,
  view,
}: {
  slug: string;
  view: AgendaView;
}) {
  const t = useT();
  const views: Array<{ value: AgendaView; label: string }> = [
    { value: "day", label: t("agenda.byDay") },
    { value: "room", label: t("agenda.byRoom") },
  ];
  return (
    <nav className="view-switch" aria-label={t("agenda.viewLabel")}>
      <ul>
        {views.map(({ value, label }) => (
          <li key={value}>
            <Link
              to={`/events/${slug}?view=${value}#agenda`}
              aria-current={view === value ? "page" : undefined}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "Release 3, published <time>…</time>", with the date kept machine-readable inside the translated sentence. */
export function ReleaseLine({ release }: { release: ReleaseDisplay }) {
  const t = useT();
  return (
    <p className="release-line">
      {withSlot(
        t("agenda.release", { sequence: release.sequence, date: SLOT }),
        <time dateTime={release.publishedAt}>{release.publishedDate}</time>
      )}
    </p>
  );
}

/** A placeholder value no translation contains, to find where a parameter lands in a translated sentence. */
export const SLOT = "\u0000";

/** Puts a node where a translated sentence has its placeholder, whichever end of the sentence that is. */
export function withSlot(text: string, node: ReactNode) {
  const parts = text.split(SLOT);
  return parts.map((part, index) => (
    <Fragment key={index}>
      {part}
      {index < parts.length - 1 ? node : null}
    </Fragment>
  ));
}

const noSubscription = () => () => {};

/** True once hydrated: the server and the first client render agree (false), so hydration never mismatches. */
export function useHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false
  );
}

/** Printing needs a script; without one the browser's own menu does the same job, so the button stays away. */
export function PrintButton() {
  const t = useT();
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <button
      type="button"
      className="secondary print-button"
      onClick={() => window.print()}
    >
      {t("agenda.print")}
    </button>
  );
}
