import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { Options } from "~/components/options";
import { listRegistrations, RegistrantFilterSchema, REGISTRATION_STATUSES, registrationCounts, setCapacity } from "~/models/registration.server";
import { listDepartments } from "~/models/user.server";
import { prisma } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "read:registration");
  const locale = await resolveLocale(request, user.locale);
  const filter = RegistrantFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [event, counts, registrations, departments] = await Promise.all([
    prisma.event.findUnique({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true, capacity: true, timeZone: true } }),
    registrationCounts(eventId),
    listRegistrations(eventId, { query: filter.q, status: filter.status, departmentId: filter.department }, 500),
    listDepartments(),
  ]);
  if (!event) throw notFound("event.notFound");
  const dateTime = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { dateStyle: "medium", timeStyle: "short", timeZone: event.timeZone });
  let waitingPosition = 0;
  return {
    title: `${translate(locale, "registrations.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn), capacity: event.capacity },
    counts,
    filter,
    statuses: REGISTRATION_STATUSES.map((status) => ({ value: status, label: translate(locale, `registrations.count.${status}`) })),
    departments: departments.map((d) => ({ value: d.id, label: pick(locale, d.nameZh, d.nameEn) })),
    rows: registrations.map((registration) => ({
      id: registration.id,
      name: pick(locale, registration.user.nameZh, registration.user.nameEn),
      otherName: locale === "zh-CN" ? registration.user.nameEn : registration.user.nameZh,
      email: registration.user.email,
      employeeNo: registration.user.profile?.employeeNo ?? "",
      department: registration.user.profile?.department ? pick(locale, registration.user.profile.department.nameZh, registration.user.profile.department.nameEn) : "",
      status: registration.status,
      position: registration.status === "WAITLISTED" && !filter.q && !filter.department ? ++waitingPosition : null,
      registeredAt: dateTime.format(registration.createdAt),
      registeredBy: registration.registeredBy ? pick(locale, registration.registeredBy.nameZh, registration.registeredBy.nameEn) : null,
    })),
  };
}

const CapacitySchema = z.object({
  capacity: z
    .string()
    .trim()
    .transform((v) => (v === "" ? null : Number(v)))
    .refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 100_000)),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:registration");
  const parsed = CapacitySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "registrations.capacityInvalid" as const }, { status: 400 });
  const outcome = await setCapacity(user.id, eventId, parsed.data.capacity);
  if (!outcome.ok) throw notFound();
  return redirect(`/events/${params.slug}/registrations?promoted=${outcome.promoted.length}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function Registrations() {
  const { event, counts, filter, statuses, departments, rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const promoted = searchParams.get("promoted");
  const exportQuery = new URLSearchParams(searchParams);
  exportQuery.delete("promoted");
  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("registrations.title")}</h1>
      {promoted && !actionData ? (
        <div className="alert success" role="status">
          {t("registrations.promoted", { count: promoted })}
        </div>
      ) : null}
      <ul className="count-tiles" aria-label={t("registrations.title")}>
        {(["CONFIRMED", "WAITLISTED", "PENDING", "CANCELLED"] as const).map((status) => (
          <li key={status} className="card" data-testid={`count-${status}`}>
            <span className="count">{counts[status]}</span> {t(`registrations.count.${status}`)}
          </li>
        ))}
      </ul>
      <Form method="post" className="card form-row" style={{ alignItems: "end" }}>
        <div className="field">
          <label htmlFor="capacity">{t("registrations.capacity")}</label>
          <input id="capacity" name="capacity" type="number" min={0} max={100000} step={1} defaultValue={event.capacity ?? ""} aria-describedby="capacity-hint" />
          <span className="hint" id="capacity-hint">
            {t("registrations.capacityHint")}
          </span>
        </div>
        <div>
          <button type="submit" className="secondary">
            {t("registrations.capacitySave")}
          </button>
        </div>
        {actionData?.error && isMessageKey(actionData.error) ? (
          <p className="field-error" role="alert">
            {t(actionData.error)}
          </p>
        ) : null}
      </Form>
      <Form method="get" className="card filters">
        <div className="form-row" style={{ alignItems: "end" }}>
          <div className="field">
            <label htmlFor="registrant-search">{t("registrations.search")}</label>
            <input id="registrant-search" type="search" name="q" defaultValue={filter.q} />
          </div>
          <div className="field">
            <label htmlFor="registrant-status">{t("registrations.status")}</label>
            <select id="registrant-status" name="status" defaultValue={filter.status ?? ""}>
              <Options options={statuses} empty={t("event.filter.all")} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="registrant-department">{t("event.filter.department")}</label>
            <select id="registrant-department" name="department" defaultValue={filter.department ?? ""}>
              <Options options={departments} empty={t("event.filter.all")} />
            </select>
          </div>
          <div>
            <button type="submit">{t("common.search")}</button>
          </div>
        </div>
      </Form>
      <p>
        <a className="button secondary" href={`/events/${event.slug}/registrations.csv?${exportQuery}`} download>
          {t("registrations.export")}
        </a>
      </p>
      {rows.length ? (
        <div className="table-wrap">
          <table className="stacked">
            <thead>
              <tr>
                <th scope="col">{t("admin.users.name")}</th>
                <th scope="col">{t("profile.department")}</th>
                <th scope="col">{t("registrations.status")}</th>
                <th scope="col">{t("registrations.registeredAt")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <strong>{row.name}</strong>
                    <div className="meta">{row.otherName}</div>
                    <div className="meta">
                      {row.email}
                      {row.employeeNo ? ` · ${row.employeeNo}` : ""}
                    </div>
                  </td>
                  <td data-label={t("profile.department")}>{row.department}</td>
                  <td data-label={t("registrations.status")}>
                    {t(`registrations.count.${row.status}`)}
                    {row.position ? ` ${t("registrations.position", { position: row.position })}` : ""}
                  </td>
                  <td data-label={t("registrations.registeredAt")}>
                    {row.registeredAt}
                    {row.registeredBy ? <div className="meta">{t("registrations.onBehalf", { name: row.registeredBy })}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">{t("registrations.empty")}</p>
      )}
    </div>
  );
}
