import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";

import { AddToCalendar } from "~/components/add-to-calendar";
import { AgendaItemFields, type AgendaItemFormFields } from "~/components/agenda-item-form";
import { describedBy, Field } from "~/components/field";
import { Options } from "~/components/options";
import { AGENDA_ITEM_KINDS, AGENDA_PERSON_ROLES } from "~/models/agenda-kinds";
import {
  addAgendaPerson,
  AgendaItemSchema,
  AgendaPersonFormSchema,
  getAgendaDraft,
  getLatestRelease,
  removeAgendaPerson,
  updateAgendaItem,
} from "~/models/agenda.server";
import { findStaffId, staffDirectory } from "~/models/user.server";
import agendaCalendarStylesHref from "~/styles/agenda-calendar.css";
import { agendaFormatter, toAgendaRow } from "~/utils/agenda-display";
import { personName } from "~/utils/agenda-format.server";
import { agendaItemCalendarLinks } from "~/utils/calendar-links";
import { badRequest, notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { toZonedInput } from "~/utils/zoned-time.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: agendaCalendarStylesHref }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:agenda");
  const locale = await resolveLocale(request, user.locale);
  const [draft, directory, release] = await Promise.all([getAgendaDraft(eventId), staffDirectory(), getLatestRelease(eventId)]);
  const item = draft?.items.find((candidate) => candidate.id === params.itemId);
  if (!draft || !item) throw notFound();
  const { event } = draft;
  // calendars get the item as the latest release has it, not as the draft edited here
  const released = release?.snapshot.items.find((candidate) => candidate.id === item.id);
  const links =
    released && event.status === "PUBLISHED"
      ? agendaItemCalendarLinks({
          locale,
          origin: new URL(request.url).origin,
          slug: event.slug,
          eventTitle: pick(locale, event.titleZh, event.titleEn),
          venue: event.venue ? pick(locale, event.venue.nameZh, event.venue.nameEn) : null,
          row: toAgendaRow(agendaFormatter(locale, event.timeZone), released),
        })
      : null;
  // a cancelled or archived event offers no calendar entries, and needs no word about it here
  const state: "unpublished" | "eventDraft" | "published" | null = !released ? "unpublished" : event.status === "DRAFT" ? "eventDraft" : links ? "published" : null;
  return {
    calendar: { links, state, sequence: released ? release?.sequence : null },
    title: `${translate(locale, "agenda.builder.edit")} · ${pick(locale, item.titleZh, item.titleEn)}`,
    slug: event.slug,
    itemTitle: pick(locale, item.titleZh, item.titleEn),
    rooms: (event.venue?.rooms ?? []).map((room) => ({ value: room.id, label: pick(locale, room.nameZh, room.nameEn) })),
    kinds: AGENDA_ITEM_KINDS.map((kind) => ({ value: kind, label: translate(locale, `agenda.kind.${kind}`) })),
    roles: AGENDA_PERSON_ROLES.map((role) => ({ value: role, label: translate(locale, `agenda.role.${role}`) })),
    directory: directory.map((staff) => ({ email: staff.email, label: `${staff.nameZh} ${staff.nameEn}` })),
    people: item.people.map((person) => ({
      id: person.id,
      name: personName(locale, person),
      role: translate(locale, `agenda.role.${person.role as "SPEAKER"}`),
      side: translate(locale, `agenda.side.${person.side as "LAB"}`),
      detail: person.user ? "" : [person.title, person.organisation].filter(Boolean).join(", "),
    })),
    defaults: {
      kind: item.kind,
      titleZh: item.titleZh,
      titleEn: item.titleEn,
      notesZh: item.notesZh,
      notesEn: item.notesEn,
      cueNotes: item.cueNotes,
      startsAt: toZonedInput(item.startsAt, event.timeZone),
      endsAt: toZonedInput(item.endsAt, event.timeZone),
      roomId: item.roomId ?? "",
      needsAttendance: item.needsAttendance ? "on" : "",
      attendanceGraceMinutes: String(item.attendanceGraceMinutes),
    },
    poster: item.needsAttendance && item.posterToken ? `/events/${event.slug}/agenda/${item.id}/poster.pdf` : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:agenda");
  const itemId = params.itemId ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  const back = `/events/${params.slug}/agenda/${itemId}`;

  if (intent === "update") {
    const submission = parseWithZod(formData, { schema: AgendaItemSchema });
    if (submission.status !== "success") return data({ intent: "update" as const, result: submission.reply() }, { status: 400 });
    const outcome = await updateAgendaItem(user.id, eventId, itemId, submission.value);
    if (!outcome.ok && outcome.status === 404) throw notFound();
    if (!outcome.ok) return data({ intent: "update" as const, result: submission.reply({ fieldErrors: outcome.fieldErrors as Record<string, string[]> }) }, { status: 400 });
    return redirect(`/events/${params.slug}/agenda#item-${itemId}`);
  }
  if (intent === "addPerson") {
    const submission = parseWithZod(formData, { schema: AgendaPersonFormSchema });
    if (submission.status !== "success") return data({ intent: "addPerson" as const, result: submission.reply() }, { status: 400 });
    const { staff, ...person } = submission.value;
    let userId = person.userId;
    if (staff) {
      userId = await findStaffId(staff);
      if (!userId) return data({ intent: "addPerson" as const, result: submission.reply({ fieldErrors: { staff: ["agenda.personUnknown"] } }) }, { status: 400 });
    }
    if (!userId && !person.externalNameZh && !person.externalNameEn) {
      return data({ intent: "addPerson" as const, result: submission.reply({ fieldErrors: { staff: ["agenda.personRequired"] } }) }, { status: 400 });
    }
    const outcome = await addAgendaPerson(user.id, eventId, itemId, { ...person, userId });
    if (!outcome.ok && outcome.status === 404) throw notFound();
    if (!outcome.ok) return data({ intent: "addPerson" as const, result: submission.reply({ fieldErrors: { staff: ["agenda.personUnknown"] } }) }, { status: 400 });
    return redirect(back);
  }
  if (intent === "removePerson") {
    const outcome = await removeAgendaPerson(user.id, eventId, String(formData.get("personId") ?? ""));
    if (!outcome.ok) throw notFound();
    return redirect(back);
  }
  throw badRequest();
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function EditAgendaItem() {
  const { slug, itemTitle, calendar, rooms, kinds, roles, directory, people, defaults, poster } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm<z.input<typeof AgendaItemSchema>>({
    id: "agenda-item",
    lastResult: actionData?.intent === "update" ? actionData.result : undefined,
    defaultValue: defaults,
  });
  const [personForm, personFields] = useForm<z.input<typeof AgendaPersonFormSchema>>({
    id: "agenda-person",
    lastResult: actionData?.intent === "addPerson" ? actionData.result : undefined,
    defaultValue: { role: "SPEAKER", side: "LAB" },
  });
  const personText = (name: "staff" | "externalNameZh" | "externalNameEn" | "organisation" | "title") =>
    getInputProps(personFields[name], { type: "text", ariaDescribedBy: describedBy(personFields[name].id, { errors: personFields[name].errors }) });

  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${slug}/agenda`}>{t("agenda.builder.back")}</Link>
      </p>
      <h1>{itemTitle}</h1>
      {calendar.state ? (
        <section className="card item-calendar" aria-labelledby="item-calendar-heading">
          <h2 id="item-calendar-heading">{t("calendar.item.heading")}</h2>
          <p className="meta">
            {calendar.state === "published" ? t("calendar.item.published", { sequence: calendar.sequence ?? "" }) : t(`calendar.item.${calendar.state}`)}
          </p>
          {calendar.links ? <AddToCalendar links={calendar.links} /> : null}
        </section>
      ) : null}
      <Form method="post" className="form card" style={{ maxWidth: "48rem" }} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="update" />
        <AgendaItemFields fields={fields as unknown as AgendaItemFormFields} kinds={kinds} rooms={rooms} />
        <div>
          <button type="submit">{t("agenda.builder.save")}</button>
        </div>
      </Form>
      {poster ? (
        <p className="meta">
          <a href={poster} download>
            {t("poster.download")}
          </a>{" "}
          · <Link to={`/events/${slug}/attendance`}>{t("attendance.title")}</Link>
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="people-heading">
        <h2 id="people-heading" style={{ marginTop: 0 }}>
          {t("agenda.field.people")}
        </h2>
        {people.length ? (
          <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
            {people.map((person) => (
              <li key={person.id} style={{ display: "flex", gap: ".75rem", alignItems: "center", flexWrap: "wrap" }}>
                <span>
                  <strong>{person.name}</strong> · {person.role} · {person.side}
                  {person.detail ? <span className="meta"> · {person.detail}</span> : null}
                </span>
                <Form method="post">
                  <input type="hidden" name="intent" value="removePerson" />
                  <input type="hidden" name="personId" value={person.id} />
                  <button type="submit" className="link">
                    {t("agenda.person.remove", { name: person.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : null}
        <Form method="post" className="form" {...getFormProps(personForm)}>
          <input type="hidden" name="intent" value="addPerson" />
          <div className="form-row">
            <Field id={personFields.role.id} label={t("agenda.field.role")} errors={personFields.role.errors}>
              <select {...getSelectProps(personFields.role)}>
                <Options options={roles} />
              </select>
            </Field>
            <Field id={personFields.side.id} label={t("agenda.field.side")} errors={personFields.side.errors}>
              <select {...getSelectProps(personFields.side)}>
                <option value="LAB">{t("agenda.side.LAB")}</option>
                <option value="GUEST">{t("agenda.side.GUEST")}</option>
              </select>
            </Field>
          </div>
          <Field id={personFields.staff.id} label={t("agenda.field.staff")} errors={personFields.staff.errors} hint={t("agenda.field.staffNone")}>
            <input {...personText("staff")} list="staff-directory" autoComplete="off" />
          </Field>
          <datalist id="staff-directory">
            {directory.map((staff) => (
              <option key={staff.email} value={staff.email}>
                {staff.label}
              </option>
            ))}
          </datalist>
          <div className="form-row">
            <Field id={personFields.externalNameZh.id} label={t("agenda.field.externalNameZh")} errors={personFields.externalNameZh.errors}>
              <input {...personText("externalNameZh")} lang="zh-CN" />
            </Field>
            <Field id={personFields.externalNameEn.id} label={t("agenda.field.externalNameEn")} errors={personFields.externalNameEn.errors}>
              <input {...personText("externalNameEn")} lang="en" />
            </Field>
          </div>
          <div className="form-row">
            <Field id={personFields.organisation.id} label={t("agenda.field.organisation")} errors={personFields.organisation.errors}>
              <input {...personText("organisation")} />
            </Field>
            <Field id={personFields.title.id} label={t("agenda.field.personTitle")} errors={personFields.title.errors}>
              <input {...personText("title")} />
            </Field>
          </div>
          {personForm.errors?.length ? (
            <p className="field-error" role="alert">
              {personForm.errors.map((key) => (isMessageKey(key) ? t(key) : t("form.invalid"))).join(" ")}
            </p>
          ) : null}
          <div>
            <button type="submit" className="secondary">
              {t("agenda.person.add")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
