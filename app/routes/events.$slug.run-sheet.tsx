import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

import type { AGENDA_ITEM_KINDS } from "~/models/agenda-kinds";
import { getAgendaDraft } from "~/models/agenda.server";
import { formatItemTime, personName } from "~/utils/agenda-format.server";
import { dayKey, formatEventRange } from "~/utils/datetime";
import { notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

/** The organizers' run sheet: the working draft with its cue notes, laid out to print on A4. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "read:agenda");
  const locale = await resolveLocale(request, user.locale);
  const draft = await getAgendaDraft(eventId);
  if (!draft) throw notFound("event.notFound");
  const { event, items } = draft;
  const multiDay = dayKey(event.timeZone, event.startsAt) !== dayKey(event.timeZone, event.endsAt);
  return {
    title: `${translate(locale, "runsheet.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: {
      slug: event.slug,
      title: pick(locale, event.titleZh, event.titleEn),
      when: formatEventRange(locale, event.timeZone, event.startsAt, event.endsAt),
      venue: event.venue ? pick(locale, event.venue.nameZh, event.venue.nameEn) : null,
    },
    rows: items.map((item) => ({
      id: item.id,
      time: formatItemTime(locale, event.timeZone, item.startsAt, item.endsAt, multiDay),
      kind: translate(locale, `agenda.kind.${item.kind as (typeof AGENDA_ITEM_KINDS)[number]}`),
      titleZh: item.titleZh,
      titleEn: item.titleEn,
      room: item.room ? pick(locale, item.room.nameZh, item.room.nameEn) : "",
      people: item.people.map((p) => `${translate(locale, `agenda.role.${p.role as "SPEAKER"}`)}: ${personName(locale, p)}`),
      cues: item.cueNotes,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function RunSheet() {
  const { event, rows } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack run-sheet">
      <p className="meta no-print">
        <Link to={`/events/${event.slug}/agenda`}>{t("agenda.builder.back")}</Link>
      </p>
      <h1>
        {t("runsheet.title")} · {event.title}
      </h1>
      <p className="meta">
        {event.when}
        {event.venue ? ` · ${event.venue}` : ""}
      </p>
      <div className="table-wrap">
        <table className="stacked">
          <thead>
            <tr>
              <th scope="col">{t("runsheet.time")}</th>
              <th scope="col">{t("runsheet.item")}</th>
              <th scope="col">{t("agenda.field.room")}</th>
              <th scope="col">{t("runsheet.people")}</th>
              <th scope="col">{t("runsheet.cues")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td data-label={t("runsheet.time")} className="agenda-time">
                  {row.time}
                </td>
                <td data-label={t("runsheet.item")}>
                  <strong lang="zh-CN">{row.titleZh}</strong>
                  <div lang="en">{row.titleEn}</div>
                  <span className="tag">{row.kind}</span>
                </td>
                <td data-label={t("agenda.field.room")}>{row.room}</td>
                <td data-label={t("runsheet.people")}>
                  {row.people.map((person) => (
                    <div key={person}>{person}</div>
                  ))}
                </td>
                <td data-label={t("runsheet.cues")} className="cue-cell">
                  {row.cues}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
