import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import type { z } from "zod";

import { describedBy, Field } from "~/components/field";
import { staffDirectory } from "~/models/user.server";
import { AddHostSchema, addHost, getVisitHosts, removeHost, RemoveHostSchema, requireHostsEditor, type HostPerson } from "~/models/visit-host.server";
import visitHostsStylesHref from "~/styles/visit-hosts.css";
import { agendaFormatter } from "~/utils/agenda-display";
import { formatEventRange } from "~/utils/datetime";
import { badRequest, notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT, type Locale } from "~/utils/i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: visitHostsStylesHref }];

const DONE = ["added", "replaced", "removed"] as const;
type Done = (typeof DONE)[number];

/** A host's name in the reader's language, then the other one, so two people of the same name are told apart. */
function hostView(locale: Locale, host: HostPerson) {
  const name = pick(locale, host.nameZh, host.nameEn);
  const other = locale === "en" ? host.nameZh : host.nameEn;
  return {
    hostId: host.hostId,
    userId: host.userId,
    name,
    label: other && other !== name ? `${name} ${other}` : name,
    title: pick(locale, host.titleZh, host.titleEn),
    email: host.email,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { visit, locale } = await requireHostsEditor(request, params.slug);
  const [hosts, directory] = await Promise.all([getVisitHosts(visit.id), staffDirectory()]);
  const format = agendaFormatter(locale, visit.timeZone);
  const title = pick(locale, visit.titleZh, visit.titleEn);
  const itemTitle = new Map(hosts.items.map((item) => [item.id, pick(locale, item.titleZh, item.titleEn)]));
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const items = hosts.items.map((item) => {
    const range = format.range(item.startsAt, item.endsAt);
    return {
      id: item.id,
      title: itemTitle.get(item.id) ?? "",
      kind: isMessageKey(`agenda.kind.${item.kind}`) ? translate(locale, `agenda.kind.${item.kind}` as "agenda.kind.MEETING") : item.kind,
      day: range.dayHeading,
      time: range.label,
      start: range.start,
      room: item.room ? pick(locale, item.room.nameZh, item.room.nameEn) : null,
      hosts: item.hosts.map((host) => ({
        ...hostView(locale, host),
        clashes: hosts.clashes.filter((clash) => clash.itemId === item.id && clash.userId === host.userId).map((clash) => itemTitle.get(clash.otherItemId) ?? ""),
      })),
    };
  });
  return {
    title: `${translate(locale, "hosts.title")} · ${title}`,
    visit: { slug: visit.slug, title, when: formatEventRange(locale, visit.timeZone, visit.startsAt, visit.endsAt), status: visit.status },
    overall: hosts.overall.map((host) => hostView(locale, host)),
    items,
    clashCount: new Set(hosts.clashes.map((clash) => clash.userId)).size,
    directory: directory.map((staff) => ({ email: staff.email, label: `${staff.nameZh} ${staff.nameEn}` })),
    done: DONE.includes(done as Done) ? (done as Done) : null,
    doneName: (url.searchParams.get("name") ?? "").slice(0, 200),
  };
}

type ActionData = { form: string; result: SubmissionResult<string[]> };

/**
 * Add (to an item, or as the overall host, which replaces the one before) and remove. Bad input or someone who is
 * not active staff: 400 on the field; the same host twice: 409 on the field; an item or a host of another visit: 404.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, visit, locale } = await requireHostsEditor(request, params.slug);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = (done: Done, name: string, anchor: string) => redirect(`/events/${visit.slug}/hosts?${new URLSearchParams({ done, name })}#${anchor}`);

  if (intent === "add") {
    const formId = String(form.get("formId") ?? "").slice(0, 100) || "host-overall";
    const submission = parseWithZod(form, { schema: AddHostSchema });
    if (submission.status !== "success") return data<ActionData>({ form: formId, result: submission.reply() }, { status: 400 });
    const outcome = await addHost(user.id, visit.id, submission.value);
    if (!outcome.ok) {
      if (outcome.status === 404) throw notFound(outcome.messageKey);
      return data<ActionData>({ form: formId, result: submission.reply({ fieldErrors: { staff: [outcome.messageKey] } }) }, { status: outcome.status });
    }
    const name = pick(locale, outcome.person.nameZh, outcome.person.nameEn);
    return back(outcome.replaced ? "replaced" : "added", name, outcome.item ? `item-${outcome.item.id}` : "overall-heading");
  }

  if (intent === "remove") {
    const parsed = RemoveHostSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw badRequest("hosts.error.hostNotFound");
    const outcome = await removeHost(user.id, visit.id, parsed.data.hostId);
    if (!outcome.ok) throw notFound(outcome.messageKey);
    return back("removed", pick(locale, outcome.person.nameZh, outcome.person.nameEn), "hosts-heading");
  }
  throw badRequest();
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function VisitHostsPage() {
  const { visit, overall, items, clashCount, directory, done, doneName } = useLoaderData<typeof loader>();
  // a new key after every navigation (the redirect after adding) empties the forms for the next name
  const { key: locationKey } = useLocation();
  const t = useT();
  return (
    <div className="stack visit-hosts">
      <p className="meta">
        <Link to={`/events/${visit.slug}`}>{visit.title}</Link>
      </p>
      <h1 id="hosts-heading">{t("hosts.title")}</h1>
      <p>{t("hosts.intro", { when: visit.when })}</p>
      {done ? (
        <p className="alert success" role="status" data-testid="hosts-done">
          {t(`hosts.done.${done}`, { name: doneName })}
        </p>
      ) : null}
      {clashCount ? (
        <p className="alert warning" role="note" data-testid="hosts-clash-summary">
          {t("hosts.clash.summary", { count: clashCount })}
        </p>
      ) : null}
      <p className="meta">
        <Link to={`/events/${visit.slug}/itinerary`}>{t("hosts.itineraryLink")}</Link>
      </p>

      <section className="card stack" aria-labelledby="overall-heading">
        <h2 id="overall-heading">{t("hosts.overall.heading")}</h2>
        <p className="meta">{t("hosts.overall.hint")}</p>
        {overall.length ? (
          <ul className="host-list" data-testid="hosts-overall">
            {overall.map((host) => (
              <HostRow key={host.hostId} host={host} />
            ))}
          </ul>
        ) : (
          <p className="empty">{t("hosts.overall.none")}</p>
        )}
        <HostForm key={`host-overall-${locationKey}`} formId="host-overall" itemId={null} submitLabel={overall.length ? t("hosts.overall.replace") : t("hosts.overall.set")} fieldLabel={t("hosts.field.overall")} />
      </section>

      <section className="stack" aria-labelledby="items-heading">
        <h2 id="items-heading">{t("hosts.items.heading")}</h2>
        {items.length ? (
          <ol className="host-items">
            {items.map((item) => (
              <li key={item.id} id={`item-${item.id}`} className="card host-item" data-testid="host-item">
                <div className="host-item-head">
                  <p className="host-item-time">
                    <time dateTime={item.start}>
                      {item.day} {item.time}
                    </time>
                  </p>
                  <h3>{item.title}</h3>
                  <p className="meta">
                    {item.kind} · {item.room ?? t("hosts.items.noRoom")}
                  </p>
                </div>
                {item.hosts.length ? (
                  <ul className="host-list" aria-label={t("hosts.items.hostsOf", { item: item.title })}>
                    {item.hosts.map((host) => (
                      <HostRow key={host.hostId} host={host} clashes={host.clashes} />
                    ))}
                  </ul>
                ) : (
                  <p className="empty">{t("hosts.items.none")}</p>
                )}
                <HostForm key={`host-item-${item.id}-${locationKey}`} formId={`host-item-${item.id}`} itemId={item.id} submitLabel={t("hosts.items.add")} fieldLabel={t("hosts.field.itemHost", { item: item.title })} />
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">{t("hosts.items.empty")}</p>
        )}
      </section>

      <datalist id="hosts-staff-directory">
        {directory.map((staff) => (
          <option key={staff.email} value={staff.email}>
            {staff.label}
          </option>
        ))}
      </datalist>
    </div>
  );
}

type HostRowData = { hostId: string; name: string; label: string; title: string };

function HostRow({ host, clashes = [] }: { host: HostRowData; clashes?: string[] }) {
  const t = useT();
  return (
    <li className="host-row">
      <span className="host-name">
        <strong>{host.label}</strong>
        {host.title ? <span className="meta"> {host.title}</span> : null}
      </span>
      {clashes.map((other) => (
        <span key={other} className="host-clash" data-testid="host-clash">
          {t("hosts.clash.item", { item: other })}
        </span>
      ))}
      <Form method="post" className="host-remove">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="hostId" value={host.hostId} />
        <button type="submit" className="link">
          {t("hosts.remove", { name: host.label })}
        </button>
      </Form>
    </li>
  );
}

function HostForm({ formId, itemId, submitLabel, fieldLabel }: { formId: string; itemId: string | null; submitLabel: string; fieldLabel: string }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof AddHostSchema>>({
    id: formId,
    lastResult: actionData?.form === formId ? actionData.result : undefined,
    shouldRevalidate: "onBlur",
  });
  return (
    <Form method="post" className="host-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="formId" value={formId} />
      {itemId ? <input type="hidden" name="agendaItemId" value={itemId} /> : null}
      <Field id={fields.staff.id} label={fieldLabel} errors={fields.staff.errors} hint={t("hosts.field.hint")}>
        <input
          {...getInputProps(fields.staff, { type: "text", ariaDescribedBy: describedBy(fields.staff.id, { errors: fields.staff.errors, hint: true }) })}
          list="hosts-staff-directory"
          autoComplete="off"
        />
      </Field>
      <div>
        <button type="submit" className="secondary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
