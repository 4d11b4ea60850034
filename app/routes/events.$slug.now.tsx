import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import { TimeRange } from "~/components/agenda-view";
import { LiveErrorBoundary, NoScriptRefresh, useLiveRefresh } from "~/components/live-screen";
import { getLatestRelease } from "~/models/agenda.server";
import agendaStylesHref from "~/styles/agenda.css";
import { agendaFormatter, nowAndNext, parseInstant, toAgendaRow, type AgendaRowDisplay } from "~/utils/agenda-display";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { badRequest } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: agendaStylesHref }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, event } = await requireVisibleEvent(request, params);
  // ?at= renders the screen as of another instant, for rehearsals and tests.
  const at = parseInstant(new URL(request.url).searchParams.get("at"));
  if (at === null) throw badRequest("now.atInvalid");
  const release = await getLatestRelease(event.id);
  const instant = at ?? new Date();
  const format = agendaFormatter(locale, event.timeZone);
  const { now, next, started, finished } = nowAndNext(release?.snapshot.items ?? [], instant);
  const title = pick(locale, event.titleZh, event.titleEn);
  return {
    title: `${translate(locale, "now.title")} · ${title}`,
    event: { slug: event.slug, title },
    published: release !== null,
    now: now.map((item) => toAgendaRow(format, item)),
    next: next.map((item) => toAgendaRow(format, item)),
    started,
    finished,
    clock: { iso: format.zonedIso(instant), label: format.clock(instant), dayKey: format.dayKey(instant) },
    updated: format.clock(new Date()),
  };
}

const REVALIDATE_MS = 30_000;

export default function NowAndNext() {
  const { event, published, now, next, started, finished, clock, updated } = useLoaderData<typeof loader>();
  const t = useT();
  useLiveRefresh(REVALIDATE_MS);
  return (
    <section className="lobby" aria-labelledby="lobby-heading">
      <NoScriptRefresh seconds={60} />
      <div className="lobby-head">
        <h1 id="lobby-heading">
          <span className="lobby-event">{event.title}</span>
          <span className="visually-hidden"> · {t("now.title")}</span>
        </h1>
        <p className="lobby-clock">
          <time dateTime={clock.iso}>{clock.label}</time>
        </p>
      </div>
      {!published ? (
        <p className="lobby-message">{t("agenda.noRelease")}</p>
      ) : finished ? (
        <p className="lobby-message">{t("now.finished")}</p>
      ) : (
        <div className="lobby-board">
          {/* Before the programme begins only "next" shows; "nothing on right now" is for a gap between items. */}
          {started ? (
            <section className="lobby-now" aria-labelledby="lobby-now-heading">
              <h2 id="lobby-now-heading" className="lobby-label">
                {t("now.now")}
              </h2>
              {now.length ? (
                <ul className="lobby-items">
                  {now.map((row) => (
                    <LobbyItem key={row.id} row={row} today={clock.dayKey} />
                  ))}
                </ul>
              ) : (
                <p className="lobby-nothing">{t("now.nothing")}</p>
              )}
            </section>
          ) : null}
          {next.length ? (
            <section className="lobby-next" aria-labelledby="lobby-next-heading">
              <h2 id="lobby-next-heading" className="lobby-label">
                {t("now.next")}
              </h2>
              <ul className="lobby-items">
                {next.map((row) => (
                  <LobbyItem key={row.id} row={row} today={clock.dayKey} />
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      )}
      <div className="lobby-foot">
        <p>{t("now.updated", { time: updated })}</p>
        <p>
          <Link to={`/events/${event.slug}`}>{t("agenda.title")}</Link>
        </p>
      </div>
    </section>
  );
}

function LobbyItem({ row, today }: { row: AgendaRowDisplay; today: string }) {
  const t = useT();
  const people = row.people.filter((person) => person.roleLabel);
  return (
    <li className="lobby-item">
      <h3 lang={row.titleLang ?? undefined}>{row.title}</h3>
      <p className="lobby-where">
        <TimeRange time={row.time} withDay={row.time.dayKey !== today} />
        {row.room ? (
          <span className="lobby-room">
            <span className="visually-hidden">{t("agenda.field.room")}: </span>
            {row.room.name}
          </span>
        ) : null}
      </p>
      {people.length ? (
        <ul className="lobby-people" aria-label={t("agenda.field.people")}>
          {people.map((person) => (
            <li key={person.key}>
              <span className="lobby-role">{person.roleLabel}</span> {person.name}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export function ErrorBoundary() {
  return <LiveErrorBoundary intervalMs={REVALIDATE_MS} />;
}
