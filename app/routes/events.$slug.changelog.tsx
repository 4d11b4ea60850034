import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";

import { SLOT, TimeRange, withSlot } from "~/components/agenda-view";
import { getChangelog } from "~/models/agenda.server";
import agendaStylesHref from "~/styles/agenda.css";
import { agendaFormatter, toChangeDisplay, type ChangeDisplay } from "~/utils/agenda-display";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { pick, translate, useT } from "~/utils/i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: agendaStylesHref }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, event } = await requireVisibleEvent(request, params);
  const releases = await getChangelog(event.id);
  const format = agendaFormatter(locale, event.timeZone);
  const noRoom = translate(locale, "agenda.noRoom");
  const title = pick(locale, event.titleZh, event.titleEn);
  const changes = releases.map((release) => release.changes.map((change, index) => toChangeDisplay(format, change, index, noRoom)));
  // The day is named only when it tells something: when the items (now or before) fall on more than one day.
  const days = new Set(changes.flat().flatMap((change) => [change.time.dayKey, change.before?.time?.dayKey].filter(Boolean)));
  return {
    title: `${translate(locale, "changelog.title")} · ${title}`,
    event: { slug: event.slug, title },
    multiDay: days.size > 1,
    releases: releases.map((release, releaseIndex) => ({
      sequence: release.sequence,
      publishedAt: format.zonedIso(release.createdAt),
      publishedDate: format.dateTime(release.createdAt),
      publishedBy: release.publishedBy ? pick(locale, release.publishedBy.nameZh, release.publishedBy.nameEn) : null,
      note: release.note.trim() || null,
      changes: changes[releaseIndex] ?? [],
    })),
  };
}

export default function ChangelogPage() {
  const { event, releases, multiDay } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack changelog-page">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("changelog.title")}</h1>
      {releases.length ? (
        <ol className="release-list">
          {releases.map((release) => {
            const date = <time dateTime={release.publishedAt}>{release.publishedDate}</time>;
            return (
              <li key={release.sequence}>
                <article className="card release" aria-labelledby={`release-${release.sequence}`}>
                  <h2 id={`release-${release.sequence}`}>{t("changelog.release", { sequence: release.sequence })}</h2>
                  <p className="meta">
                    {release.publishedBy
                      ? withSlot(t("changelog.publishedBy", { date: SLOT, name: release.publishedBy }), date)
                      : withSlot(t("changelog.published", { date: SLOT }), date)}
                  </p>
                  {release.note ? <p className="release-note">{release.note}</p> : null}
                  {release.changes.length ? (
                    <ul className="change-list">
                      {release.changes.map((change) => (
                        <ChangeEntry key={change.key} change={change} withDay={multiDay} />
                      ))}
                    </ul>
                  ) : (
                    <p className="empty">{t("changelog.noChanges")}</p>
                  )}
                </article>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="empty">{t("changelog.none")}</p>
      )}
    </div>
  );
}

/** One change: what kind, which item, and for moves and renames what it was before → what it is now. */
function ChangeEntry({ change, withDay }: { change: ChangeDisplay; withDay: boolean }) {
  const t = useT();
  const was = (value: ReactNode) => <span className="was">{withSlot(t("changelog.from", { value: SLOT }), value)}</span>;
  const arrow = (
    <span className="arrow" aria-hidden="true">
      {" → "}
    </span>
  );
  const before = change.before;
  return (
    <li className={`change change-${change.kind.toLowerCase()}`}>
      <span className="tag change-kind">{change.kindLabel}</span>
      <span className="change-title">
        {before?.title !== undefined ? (
          <>
            {was(<span lang={before.titleLang ?? undefined}>{before.title}</span>)}
            {arrow}{" "}
          </>
        ) : null}
        <span lang={change.titleLang ?? undefined}>{change.title}</span>
      </span>
      <span className="change-where">
        <span className="change-time">
          {before?.time ? (
            <>
              {was(<TimeRange time={before.time} withDay={withDay} />)}
              {arrow}{" "}
            </>
          ) : null}
          <TimeRange time={change.time} withDay={withDay} />
        </span>
        <span className="change-room">
          <span className="visually-hidden">{t("agenda.field.room")}: </span>
          {before?.room !== undefined ? (
            <>
              {was(<span>{before.room}</span>)}
              {arrow}{" "}
            </>
          ) : null}
          {change.room}
        </span>
      </span>
    </li>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];
