import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { Options } from "~/components/options";
import { viewerFor } from "~/models/event.server";
import {
  decideRegistration,
  DecisionSchema,
  listQuestions,
  listRegistrations,
  RegistrantFilterSchema,
  register,
  REGISTRATION_STATUSES,
  registrationCounts,
} from "~/models/registration.server";
import { findStaffId, listDepartments } from "~/models/user.server";
import { prisma } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { sessionUserSelect } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "read:registration");
  const locale = await resolveLocale(request, user.locale);
  const filter = RegistrantFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [event, counts, registrations, departments, questions] = await Promise.all([
    prisma.event.findUnique({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true, capacity: true, timeZone: true } }),
    registrationCounts(eventId),
    listRegistrations(eventId, { query: filter.q, status: filter.status, departmentId: filter.department }, 500),
    listDepartments(),
    listQuestions(eventId),
  ]);
  if (!event) throw notFound("event.notFound");
  const answerText = (answersJson: string) => {
    const answers = JSON.parse(answersJson) as Record<string, string>;
    return questions
      .filter((q) => answers[q.id])
      .map((q) => {
        const value = answers[q.id]!;
        const shown =
          q.kind === "YES_NO"
            ? translate(locale, value === "yes" ? "registration.yes" : "registration.no")
            : q.kind === "CHOICE"
              ? pick(locale, q.options.find((o) => o.value === value)?.labelZh, q.options.find((o) => o.value === value)?.labelEn)
              : value;
        return `${pick(locale, q.labelZh, q.labelEn)}: ${shown}`;
      });
  };
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
      answers: answerText(registration.answers),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "decide") {
    const { user, eventId } = await requireEventPermission(request, params.slug, "update:registration");
    const parsed = DecisionSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const key = parsed.error.issues[0]?.message;
      return data({ error: isMessageKey(key) ? key : ("form.invalid" as const) }, { status: 400 });
    }
    const outcome = await decideRegistration(user.id, eventId, parsed.data);
    if (!outcome.ok && outcome.status === 404) throw notFound();
    if (!outcome.ok) return data({ error: "error.409.body" as const }, { status: 409 });
    return redirect(`/events/${params.slug}/registrations?decided=1`);
  }
  if (intent === "onBehalf") {
    // Registering someone else is its own permission: an organizer, or an assistant given it on this event.
    const { user, eventId } = await requireEventPermission(request, params.slug, "create:registration");
    const staffId = await findStaffId(String(formData.get("staff") ?? ""));
    if (!staffId) return data({ error: "agenda.personUnknown" as const }, { status: 400 });
    const target = await prisma.user.findUniqueOrThrow({ where: { id: staffId }, select: sessionUserSelect });
    const outcome = await register(await viewerFor(target), eventId, { registeredById: user.id });
    if (!outcome.ok) return data({ error: outcome.messageKey }, { status: outcome.status });
    return redirect(`/events/${params.slug}/registrations?registered=${outcome.registration.status}`);
  }
  throw badRequest();
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function Registrations() {
  const { event, counts, filter, statuses, departments, rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const registered = searchParams.get("registered");
  const decided = searchParams.get("decided");
  const exportQuery = new URLSearchParams(searchParams);
  for (const flash of ["registered", "decided"]) exportQuery.delete(flash);
  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("registrations.title")}</h1>
      {(registered || decided) && !actionData ? (
        <div className="alert success" role="status">
          {registered && isRegistrationStatus(registered)
            ? t("registrations.onBehalfDone", { status: t(`registrations.count.${registered}`) })
            : t("registrations.decided")}
        </div>
      ) : null}
      <ul className="count-tiles" aria-label={t("registrations.title")}>
        {(["CONFIRMED", "WAITLISTED", "PENDING", "CANCELLED"] as const).map((status) => (
          <li key={status} className="card" data-testid={`count-${status}`}>
            <span className="count">{counts[status]}</span> {t(`registrations.count.${status}`)}
          </li>
        ))}
      </ul>
      <p className="meta">
        <Link to={`/events/${event.slug}/registration-settings`}>{t("settings.link")}</Link> ·{" "}
        <Link to={`/events/${event.slug}/import`}>{t("import.link")}</Link>
      </p>
      {actionData?.error && isMessageKey(actionData.error) ? (
        <div className="alert error" role="alert">
          {t(actionData.error)}
        </div>
      ) : null}
      <Form method="post" className="card form-row" style={{ alignItems: "end" }} aria-labelledby="on-behalf-heading">
        <input type="hidden" name="intent" value="onBehalf" />
        <div className="field">
          <h2 id="on-behalf-heading" style={{ margin: 0, fontSize: "1.05rem" }}>
            {t("registrations.onBehalfTitle")}
          </h2>
          <label htmlFor="on-behalf-staff">{t("registrations.onBehalfField")}</label>
          <input id="on-behalf-staff" name="staff" type="text" autoComplete="off" />
        </div>
        <div>
          <button type="submit" className="secondary">
            {t("registrations.onBehalfSubmit")}
          </button>
        </div>
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
        </a>{" "}
        <a className="button secondary" href={`/events/${event.slug}/registrations.xlsx?${exportQuery}`} download>
          {t("import.exportXlsx")}
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
                    {row.answers.length ? (
                      <ul className="meta answers" aria-label={t("registrations.answers")}>
                        {row.answers.map((answer) => (
                          <li key={answer}>{answer}</li>
                        ))}
                      </ul>
                    ) : null}
                    {row.status === "PENDING" ? <DecisionForms registrationId={row.id} name={row.name} /> : null}
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

const STATUS_VALUES = ["CONFIRMED", "WAITLISTED", "PENDING", "CANCELLED", "DECLINED"] as const;
function isRegistrationStatus(value: string): value is (typeof STATUS_VALUES)[number] {
  return (STATUS_VALUES as readonly string[]).includes(value);
}

/** Approve, or decline with a reason the registrant will see. */
function DecisionForms({ registrationId, name }: { registrationId: string; name: string }) {
  const t = useT();
  return (
    <div className="decision">
      <Form method="post">
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="registrationId" value={registrationId} />
        <input type="hidden" name="decision" value="approve" />
        <button type="submit" className="small" aria-label={`${t("registrations.approve")}: ${name}`}>
          {t("registrations.approve")}
        </button>
      </Form>
      <Form method="post" className="decline">
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="registrationId" value={registrationId} />
        <input type="hidden" name="decision" value="decline" />
        <label className="visually-hidden" htmlFor={`reason-${registrationId}`}>
          {t("registrations.declineReason")}
        </label>
        <input id={`reason-${registrationId}`} name="reason" type="text" placeholder={t("registrations.declineReason")} />
        <button type="submit" className="secondary small danger" aria-label={`${t("registrations.decline")}: ${name}`}>
          {t("registrations.decline")}
        </button>
      </Form>
    </div>
  );
}
