import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";

import { EventCard } from "~/components/event-card";
import { Options } from "~/components/options";
import { EVENT_KINDS, EventFilterSchema, listEvents, viewerFor } from "~/models/event.server";
import { listDepartments } from "~/models/user.server";
import { toEventCard } from "~/utils/event-display";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { userCan } from "~/utils/permissions.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  // Unknown filter values are ignored rather than refused: a stale bookmark still shows a useful list.
  const filter = EventFilterSchema.parse(params);
  const [events, departments, canCreate] = await Promise.all([
    listEvents(await viewerFor(user), filter),
    listDepartments(),
    userCan(user, "create:event"),
  ]);
  return {
    title: translate(locale, "event.list.title"),
    filter,
    canCreate,
    events: events.map((event) => toEventCard(locale, event)),
    departments: departments.map((d) => ({ value: d.id, label: pick(locale, d.nameZh, d.nameEn) })),
    kinds: EVENT_KINDS.map((kind) => ({ value: kind, label: translate(locale, `event.kind.${kind}`) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function Events() {
  const { filter, events, departments, kinds, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack">
      <div style={{ display: "flex", flexWrap: "wrap", gap: "1rem", alignItems: "center", justifyContent: "space-between" }}>
        <h1 style={{ margin: 0 }}>{t("event.list.title")}</h1>
        {canCreate ? (
          <Link to="/events/new" className="button">
            {t("event.new.link")}
          </Link>
        ) : null}
      </div>
      <Form method="get" className="card filters" aria-label={t("event.filter.apply")}>
        <div className="form-row" style={{ alignItems: "end" }}>
          <div className="field">
            <label htmlFor="filter-when">{t("event.filter.when")}</label>
            <select id="filter-when" name="when" defaultValue={filter.when}>
              <option value="upcoming">{t("event.list.upcoming")}</option>
              <option value="past">{t("event.list.past")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-kind">{t("event.filter.kind")}</label>
            <select id="filter-kind" name="kind" defaultValue={filter.kind ?? ""}>
              <Options options={kinds} empty={t("event.filter.all")} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-month">{t("event.filter.month")}</label>
            <input id="filter-month" type="month" name="month" defaultValue={filter.month ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="filter-department">{t("event.filter.department")}</label>
            <select id="filter-department" name="department" defaultValue={filter.department ?? ""}>
              <Options options={departments} empty={t("event.filter.all")} />
            </select>
          </div>
          <div>
            <button type="submit">{t("event.filter.apply")}</button>
          </div>
        </div>
      </Form>
      {events.length ? (
        <ul className="grid" data-testid="event-list">
          {events.map((event) => (
            <li key={event.slug}>
              <EventCard event={event} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t("event.list.empty")}</p>
      )}
    </div>
  );
}
