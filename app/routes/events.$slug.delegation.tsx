import { getFormProps, getInputProps, getTextareaProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useId, useState, useSyncExternalStore, type KeyboardEvent, type PointerEvent } from "react";
import type { z } from "zod";

import { Bilingual } from "~/components/bilingual";
import { describedBy, Field } from "~/components/field";
import {
  addMember,
  getDelegation,
  MEMBER_LIMITS,
  MemberSchema,
  MoveSchema,
  moveMember,
  OrganisationSchema,
  RemoveSchema,
  removeMember,
  requireDelegationEditor,
  saveOrganisation,
  updateMember,
  visitorBadgeWindow,
  type DelegationMemberView,
} from "~/models/delegation.server";
import delegationStylesHref from "~/styles/delegation.css";
import { formatEventRange } from "~/utils/datetime";
import { badRequest, notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT, type Locale, type MessageKey } from "~/utils/i18n";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: delegationStylesHref }];

const DONE = ["organisation", "added", "updated", "removed", "imported"] as const;
type Done = (typeof DONE)[number];

function memberView(locale: Locale, member: DelegationMemberView) {
  return {
    id: member.id,
    precedence: member.precedence,
    nameZh: member.nameZh,
    nameEn: member.nameEn,
    // the accessible name of a row's buttons: the name in the reader's language, then the other
    label: [pick(locale, member.nameZh, member.nameEn), locale === "en" ? member.nameZh : member.nameEn].filter(Boolean).filter((v, i, all) => all.indexOf(v) === i).join(" "),
    titleZh: member.titleZh,
    titleEn: member.titleEn,
    organisationZh: member.organisationZh,
    organisationEn: member.organisationEn,
    email: member.email,
    phone: member.phone,
    dietaryNeeds: member.dietaryNeeds,
    interpreterNeeds: member.interpreterNeeds,
    isLeader: member.isLeader,
    // registered and holding a visitor badge: the gate knows them
    admitted: member.registrationStatus === "CONFIRMED" && member.badge?.ribbon === "VISITOR",
  };
}
type MemberRow = ReturnType<typeof memberView>;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { visit, locale } = await requireDelegationEditor(request, params.slug);
  const delegation = await getDelegation(visit.id);
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const editId = url.searchParams.get("edit");
  const members = (delegation?.members ?? []).map((member) => memberView(locale, member));
  const editing = editId ? (members.find((member) => member.id === editId) ?? null) : null;
  const window = visitorBadgeWindow(visit);
  const title = pick(locale, visit.titleZh, visit.titleEn);
  return {
    title: `${translate(locale, "delegation.title")} · ${title}`,
    visit: { slug: visit.slug, title },
    limits: MEMBER_LIMITS,
    badgeWindow: formatEventRange(locale, visit.timeZone, window.validFrom, window.validUntil),
    organisation: delegation && (delegation.organisationZh || delegation.organisationEn) ? { zh: delegation.organisationZh, en: delegation.organisationEn } : null,
    members,
    editing,
    editMissing: Boolean(editId) && !editing,
    done: DONE.includes(done as Done) ? (done as Done) : null,
    doneCount: Number(url.searchParams.get("count")) || 0,
  };
}

type FormName = "organisation" | "add" | "edit";
type ActionData =
  | { form: FormName; result: SubmissionResult<string[]> }
  | { form: "move"; ok: true; message: string; quiet: boolean }
  | { form: "move" | "remove"; ok: false; error: MessageKey };

/**
 * Organisation, add, edit, remove and move. Bad input is a 400 with the field errors (catalog keys); an unknown
 * member a 404; an email that belongs to staff or another delegation a 409 on the email field.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, visit, locale } = await requireDelegationEditor(request, params.slug);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = (done: Done) => redirect(`/events/${visit.slug}/delegation?done=${done}#members-heading`);

  if (intent === "organisation") {
    const submission = parseWithZod(form, { schema: OrganisationSchema });
    if (submission.status !== "success") return data<ActionData>({ form: "organisation", result: submission.reply() }, { status: 400 });
    const outcome = await saveOrganisation(user.id, visit.id, submission.value);
    if (!outcome.ok) throw notFound(outcome.messageKey);
    return back("organisation");
  }

  if (intent === "add" || intent === "edit") {
    const submission = parseWithZod(form, { schema: MemberSchema });
    if (submission.status !== "success") return data<ActionData>({ form: intent, result: submission.reply() }, { status: 400 });
    const parsedId = RemoveSchema.safeParse(Object.fromEntries(form));
    if (intent === "edit" && !parsedId.success) throw badRequest("delegation.error.memberMissing");
    const outcome =
      intent === "add" ? await addMember(user.id, visit.id, submission.value) : await updateMember(user.id, visit.id, parsedId.data!.memberId, submission.value);
    if (!outcome.ok) {
      if (!outcome.field) throw notFound(outcome.messageKey);
      return data<ActionData>({ form: intent, result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.messageKey] } }) }, { status: outcome.status });
    }
    return back(intent === "add" ? "added" : "updated");
  }

  if (intent === "remove") {
    const parsed = RemoveSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data<ActionData>({ form: "remove", ok: false, error: "delegation.error.memberMissing" }, { status: 400 });
    const outcome = await removeMember(user.id, visit.id, parsed.data.memberId);
    if (!outcome.ok) return data<ActionData>({ form: "remove", ok: false, error: outcome.messageKey }, { status: outcome.status });
    return back("removed");
  }

  if (intent === "move") {
    const parsed = MoveSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      const key = parsed.error.issues[0]?.message;
      return data<ActionData>({ form: "move", ok: false, error: isMessageKey(key) ? key : "error.400.body" }, { status: 400 });
    }
    const { memberId, direction, to } = parsed.data;
    const outcome = await moveMember(user.id, visit.id, memberId, direction ? { direction } : { to: to! });
    if (!outcome.ok) return data<ActionData>({ form: "move", ok: false, error: outcome.messageKey }, { status: outcome.status });
    const name = pick(locale, outcome.member.nameZh, outcome.member.nameEn);
    return data<ActionData>({
      form: "move",
      ok: true,
      message: translate(locale, outcome.moved ? "delegation.moved" : "delegation.notMoved", { name, place: outcome.precedence }),
      quiet: outcome.moved,
    });
  }
  throw badRequest();
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function DelegationPage() {
  const { visit, badgeWindow, organisation, members, editing, editMissing, done, doneCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // a new key after every navigation (the redirect after adding) empties the add form for the next member
  const { key: locationKey } = useLocation();
  const t = useT();
  const leader = members.find((member) => member.isLeader);
  return (
    <div className="stack delegation">
      <p className="meta">
        <Link to={`/events/${visit.slug}`}>{visit.title}</Link>
      </p>
      <h1>{t("delegation.title")}</h1>
      <p>{t("delegation.intro", { window: badgeWindow })}</p>
      {done ? (
        <p className="alert success" role="status" data-testid="delegation-done">
          {t(`delegation.done.${done}`, { count: doneCount })}
        </p>
      ) : null}
      {actionData && "ok" in actionData && !(actionData.ok && actionData.quiet) ? <ActionMessage result={actionData} /> : null}

      <OrganisationForm organisation={organisation} lastResult={actionData?.form === "organisation" && "result" in actionData ? actionData.result : undefined} />

      <section className="stack" aria-labelledby="members-heading">
        <div className="delegation-head">
          <h2 id="members-heading">{t("delegation.members.heading", { count: members.length })}</h2>
          <p className="delegation-links">
            <Link to={`/events/${visit.slug}/delegation/import`}>{t("delegation.import.link")}</Link>
            <a href={`/events/${visit.slug}/delegation/template.csv`} download>
              {t("delegation.template.link")}
            </a>
          </p>
        </div>
        {members.length ? (
          <>
            <p className="meta">
              {leader ? t("delegation.members.leader", { name: leader.label }) : t("delegation.members.noLeader")} {t("delegation.members.orderHint")}
            </p>
            <MembersTable members={members} />
          </>
        ) : (
          <p className="empty">{t("delegation.members.empty")}</p>
        )}
      </section>

      {editMissing ? (
        <p className="alert error" role="alert">
          {t("delegation.error.memberNotFound")}
        </p>
      ) : null}
      {editing ? (
        <MemberForm
          key={`edit-${editing.id}`}
          mode="edit"
          member={editing}
          organisation={organisation}
          lastResult={actionData?.form === "edit" && "result" in actionData ? actionData.result : undefined}
          cancelTo={`/events/${visit.slug}/delegation#members-heading`}
        />
      ) : (
        <MemberForm key={`add-${locationKey}`} mode="add" organisation={organisation} lastResult={actionData?.form === "add" && "result" in actionData ? actionData.result : undefined} />
      )}
    </div>
  );
}

type MoveResult = { ok: true; message: string } | { ok: false; error: MessageKey };

function ActionMessage({ result }: { result: MoveResult }) {
  const t = useT();
  return result.ok ? (
    <p className="alert success" role="status">
      {result.message}
    </p>
  ) : (
    <p className="alert error" role="alert">
      {t(result.error)}
    </p>
  );
}

type Reply = SubmissionResult<string[]>;

function OrganisationForm({ organisation, lastResult }: { organisation: { zh: string; en: string } | null; lastResult: Reply | undefined }) {
  const t = useT();
  const { limits } = useLoaderData<typeof loader>();
  const [form, fields] = useForm<z.input<typeof OrganisationSchema>>({
    id: "delegation-organisation",
    lastResult,
    defaultValue: { organisationZh: organisation?.zh ?? "", organisationEn: organisation?.en ?? "" },
  });
  return (
    <section className="card stack" aria-labelledby="organisation-heading">
      <h2 id="organisation-heading">{t("delegation.organisation.heading")}</h2>
      {organisation ? null : <p className="meta">{t("delegation.organisation.empty")}</p>}
      <Form method="post" className="form delegation-organisation" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="organisation" />
        <div className="form-row">
          <Field id={fields.organisationZh.id} label={t("delegation.field.organisationZh")} errors={fields.organisationZh.errors}>
            <input {...getInputProps(fields.organisationZh, { type: "text", ariaDescribedBy: describedBy(fields.organisationZh.id, { errors: fields.organisationZh.errors }) })} lang="zh-CN" maxLength={limits.organisationZh} />
          </Field>
          <Field id={fields.organisationEn.id} label={t("delegation.field.organisationEn")} errors={fields.organisationEn.errors}>
            <input {...getInputProps(fields.organisationEn, { type: "text", ariaDescribedBy: describedBy(fields.organisationEn.id, { errors: fields.organisationEn.errors }) })} lang="en" maxLength={limits.organisationEn} />
          </Field>
        </div>
        <div>
          <button type="submit" className="secondary">
            {t("delegation.organisation.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function MembersTable({ members }: { members: MemberRow[] }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="stacked delegation-members" data-testid="delegation-members">
        <caption className="visually-hidden">{t("delegation.members.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("delegation.col.precedence")}</th>
            <th scope="col">{t("delegation.col.name")}</th>
            <th scope="col">{t("delegation.col.titleOrganisation")}</th>
            <th scope="col">{t("delegation.col.contact")}</th>
            <th scope="col">{t("delegation.col.dietary")}</th>
            <th scope="col">{t("delegation.col.interpreter")}</th>
            <th scope="col">{t("delegation.col.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member, index) => (
            <MemberTableRow key={member.id} member={member} first={index === 0} last={index === members.length - 1} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberTableRow({ member, first, last }: { member: MemberRow; first: boolean; last: boolean }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const result = fetcher.state === "idle" && fetcher.data && "ok" in fetcher.data ? fetcher.data : null;
  return (
    <tr data-member-id={member.id} className={member.isLeader ? "is-leader" : undefined}>
      <td className="delegation-precedence">
        <span className="visually-hidden">{t("delegation.col.precedence")} </span>
        {member.precedence}
      </td>
      <td className="delegation-name">
        <Bilingual zh={member.nameZh} en={member.nameEn} />
        {member.isLeader ? <span className="tag delegation-leader">{t("delegation.leader")}</span> : null}
        {member.admitted ? null : <span className="tag cancelled">{t("delegation.notAdmitted")}</span>}
      </td>
      <td className="delegation-title">
        <Bilingual zh={member.titleZh} en={member.titleEn} />
        <span className="delegation-organisation-line">
          <span className="visually-hidden">{t("delegation.col.organisation")}: </span>
          {[member.organisationZh, member.organisationEn].filter(Boolean).join(" · ") || "—"}
        </span>
      </td>
      <td data-label={t("delegation.col.contact")} className={`delegation-contact${member.email || member.phone ? "" : " is-empty"}`}>
        {member.email ? <a href={`mailto:${member.email}`}>{member.email}</a> : null}
        {member.phone ? <span>{member.phone}</span> : null}
        {!member.email && !member.phone ? <span className="meta">—</span> : null}
      </td>
      <td data-label={t("delegation.col.dietary")} className={member.dietaryNeeds ? undefined : "is-empty"}>
        {member.dietaryNeeds || <span className="meta">—</span>}
      </td>
      <td data-label={t("delegation.col.interpreter")} className={member.interpreterNeeds ? undefined : "is-empty"}>
        {member.interpreterNeeds || <span className="meta">—</span>}
      </td>
      <td className="delegation-actions">
        <div className="delegation-move">
          <PrecedenceDrag
            label={member.label}
            memberId={member.id}
            disabled={busy}
            onMove={(move) => fetcher.submit({ intent: "move", memberId: member.id, ...move }, { method: "post" })}
          />
          <fetcher.Form method="post" className="delegation-move-buttons">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="memberId" value={member.id} />
            <button type="submit" name="direction" value="up" className="secondary small" disabled={busy || first}>
              <span aria-hidden="true">↑</span>
              <span className="visually-hidden">
                {t("delegation.moveUp")} {member.label}
              </span>
            </button>
            <button type="submit" name="direction" value="down" className="secondary small" disabled={busy || last}>
              <span aria-hidden="true">↓</span>
              <span className="visually-hidden">
                {t("delegation.moveDown")} {member.label}
              </span>
            </button>
          </fetcher.Form>
        </div>
        <div className="delegation-manage">
          <Link to={`?edit=${member.id}#member-form-heading`} className="button secondary small">
            {t("delegation.edit")}
            <span className="visually-hidden"> {member.label}</span>
          </Link>
          <details className="delegation-remove">
            <summary>
              {t("delegation.remove")}
              <span className="visually-hidden"> {member.label}</span>
            </summary>
            <Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="memberId" value={member.id} />
              <p className="meta">{t("delegation.removeHint")}</p>
              <button type="submit" className="secondary small danger">
                {t("delegation.removeConfirm", { name: member.label })}
              </button>
            </Form>
          </details>
        </div>
        {result && !(result.ok && result.quiet) ? <ActionMessage result={result} /> : null}
      </td>
    </tr>
  );
}

/**
 * The JavaScript layer over the plain ↑/↓ buttons, in the way of the agenda builder's handle (AgendaDrag): drag the
 * handle up or down the table to move a member to another place, or press the arrow keys on it. It only ever
 * submits the same move the buttons do (a place, or up/down), and renders nothing until hydrated. While a move is
 * being saved it ignores input but stays enabled, because a disabled button would drop keyboard focus.
 */
function PrecedenceDrag({ label, memberId, onMove, disabled }: { label: string; memberId: string; onMove: (move: { to: string } | { direction: "up" | "down" }) => void; disabled: boolean }) {
  const t = useT();
  const hydrated = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  const hintId = useId();
  const [drag, setDrag] = useState<{ from: number; to: number; rows: HTMLElement[] } | null>(null);
  if (!hydrated) return null;

  /** The place under the pointer: the row it is over, or the first or last row beyond the table's ends. */
  const placeAt = (rows: HTMLElement[], clientY: number) => {
    const index = rows.findIndex((row) => clientY < row.getBoundingClientRect().bottom);
    return index === -1 ? rows.length - 1 : index;
  };
  const start = (event: PointerEvent<HTMLButtonElement>) => {
    if (disabled) return;
    const rows = Array.from(event.currentTarget.closest("tbody")?.querySelectorAll<HTMLElement>("tr[data-member-id]") ?? []);
    const from = rows.findIndex((row) => row.dataset.memberId === memberId);
    if (from === -1) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ from, to: from, rows });
  };
  const move = (event: PointerEvent<HTMLButtonElement>) => {
    if (!drag) return;
    const to = placeAt(drag.rows, event.clientY);
    if (to !== drag.to) {
      drag.rows.forEach((row, i) => row.classList.toggle("is-drop-target", i === to && to !== drag.from));
      setDrag({ ...drag, to });
    }
  };
  const end = () => {
    if (!drag) return;
    drag.rows.forEach((row) => row.classList.remove("is-drop-target"));
    setDrag(null);
    if (drag.to !== drag.from) onMove({ to: String(drag.to + 1) });
  };
  const keys = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (disabled || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    onMove({ direction: event.key === "ArrowUp" ? "up" : "down" });
  };
  return (
    <span className="precedence-drag">
      <span className="visually-hidden" id={hintId}>
        {t("delegation.dragHint")}
      </span>
      <button
        type="button"
        className="drag-handle"
        aria-label={t("delegation.drag", { name: label })}
        aria-describedby={hintId}
        aria-disabled={disabled || undefined}
        onPointerDown={start}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
        onKeyDown={keys}
        data-testid="delegation-drag"
      >
        ⇕
      </button>
      {drag && drag.to !== drag.from ? (
        <span className="drag-preview" aria-live="polite">
          {t("delegation.dragPreview", { place: drag.to + 1 })}
        </span>
      ) : null}
    </span>
  );
}

type MemberFormValues = z.input<typeof MemberSchema>;

function MemberForm({
  mode,
  member,
  organisation,
  lastResult,
  cancelTo,
}: {
  mode: "add" | "edit";
  member?: MemberRow;
  organisation: { zh: string; en: string } | null;
  lastResult: Reply | undefined;
  cancelTo?: string;
}) {
  const t = useT();
  const { limits } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === mode;
  const [form, fields] = useForm<MemberFormValues>({
    id: `member-${mode}`,
    lastResult,
    defaultValue: member
      ? {
          nameZh: member.nameZh,
          nameEn: member.nameEn,
          titleZh: member.titleZh,
          titleEn: member.titleEn,
          organisationZh: member.organisationZh,
          organisationEn: member.organisationEn,
          email: member.email ?? "",
          phone: member.phone ?? "",
          dietaryNeeds: member.dietaryNeeds,
          interpreterNeeds: member.interpreterNeeds,
          isLeader: member.isLeader ? "on" : undefined,
        }
      : undefined,
  });
  const text = (field: FieldMetadata<string | undefined>, type: "text" | "email" | "tel" = "text", hint = false) =>
    getInputProps(field, { type, ariaDescribedBy: describedBy(field.id, { hint, errors: field.errors }) });
  const orgHint = organisation ? t("delegation.form.organisationHint", { organisation: [organisation.zh, organisation.en].filter(Boolean).join(" / ") }) : undefined;
  return (
    <section className="card stack" aria-labelledby="member-form-heading">
      <h2 id="member-form-heading">{mode === "add" ? t("delegation.form.addHeading") : t("delegation.form.editHeading", { name: member!.label })}</h2>
      <p className="meta">{mode === "add" ? t("delegation.form.addHint") : t("delegation.form.editHint")}</p>
      <Form method="post" className="form delegation-form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={mode} />
        {member ? <input type="hidden" name="memberId" value={member.id} /> : null}
        {form.errors?.length ? (
          <p className="alert error" role="alert">
            {form.errors.map((key) => (isMessageKey(key) ? t(key) : key)).join(" ")}
          </p>
        ) : null}
        <div className="form-row">
          <Field id={fields.nameZh.id} label={t("delegation.field.nameZh")} hint={t("delegation.form.nameHint")} errors={fields.nameZh.errors}>
            <input {...text(fields.nameZh, "text", true)} lang="zh-CN" maxLength={limits.nameZh} autoComplete="off" />
          </Field>
          <Field id={fields.nameEn.id} label={t("delegation.field.nameEn")} errors={fields.nameEn.errors}>
            <input {...text(fields.nameEn)} lang="en" maxLength={limits.nameEn} autoComplete="off" />
          </Field>
        </div>
        <div className="form-row">
          <Field id={fields.titleZh.id} label={t("delegation.field.titleZh")} errors={fields.titleZh.errors}>
            <input {...text(fields.titleZh)} lang="zh-CN" maxLength={limits.titleZh} />
          </Field>
          <Field id={fields.titleEn.id} label={t("delegation.field.titleEn")} errors={fields.titleEn.errors}>
            <input {...text(fields.titleEn)} lang="en" maxLength={limits.titleEn} />
          </Field>
        </div>
        <div className="form-row">
          <Field id={fields.organisationZh.id} label={t("delegation.field.organisationZh")} hint={orgHint} errors={fields.organisationZh.errors}>
            <input {...text(fields.organisationZh, "text", Boolean(orgHint))} lang="zh-CN" maxLength={limits.organisationZh} />
          </Field>
          <Field id={fields.organisationEn.id} label={t("delegation.field.organisationEn")} errors={fields.organisationEn.errors}>
            <input {...text(fields.organisationEn)} lang="en" maxLength={limits.organisationEn} />
          </Field>
        </div>
        <div className="form-row">
          <Field id={fields.email.id} label={t("delegation.field.email")} hint={t("delegation.form.emailHint")} errors={fields.email.errors}>
            <input {...text(fields.email, "email", true)} maxLength={limits.email} autoComplete="off" />
          </Field>
          <Field id={fields.phone.id} label={t("delegation.field.phone")} errors={fields.phone.errors}>
            <input {...text(fields.phone, "tel")} maxLength={limits.phone} autoComplete="off" />
          </Field>
        </div>
        <div className="form-row">
          <Field id={fields.dietaryNeeds.id} label={t("delegation.field.dietaryNeeds")} errors={fields.dietaryNeeds.errors}>
            <textarea {...getTextareaProps(fields.dietaryNeeds, { ariaDescribedBy: describedBy(fields.dietaryNeeds.id, { errors: fields.dietaryNeeds.errors }) })} rows={2} maxLength={limits.dietaryNeeds} />
          </Field>
          <Field id={fields.interpreterNeeds.id} label={t("delegation.field.interpreterNeeds")} errors={fields.interpreterNeeds.errors}>
            <textarea {...getTextareaProps(fields.interpreterNeeds, { ariaDescribedBy: describedBy(fields.interpreterNeeds.id, { errors: fields.interpreterNeeds.errors }) })} rows={2} maxLength={limits.interpreterNeeds} />
          </Field>
        </div>
        <label className="checkbox-line">
          <input {...getInputProps(fields.isLeader, { type: "checkbox" })} />
          {t("delegation.field.isLeader")}
        </label>
        <div className="delegation-form-actions">
          <button type="submit" disabled={busy}>
            {mode === "add" ? t("delegation.form.add") : t("delegation.form.save")}
          </button>
          {cancelTo ? (
            <Link to={cancelTo} className="button secondary">
              {t("delegation.form.cancel")}
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
