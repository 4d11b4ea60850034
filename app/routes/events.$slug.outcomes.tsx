import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import type { z } from "zod";

import { describedBy, Field } from "~/components/field";
import { FollowUpStatusButton } from "~/components/my-follow-ups";
import { Options } from "~/components/options";
import { staffDirectory } from "~/models/user.server";
import {
  countFollowUps,
  countsLabel,
  createFollowUp,
  createNote,
  DeleteSchema,
  deleteFollowUp,
  deleteNote,
  dueDateInput,
  findOutcomeEvent,
  FollowUpEditSchema,
  followUpText,
  isVisit,
  loadOutcomes,
  mayOpenOutcomes,
  NoteEditSchema,
  outcomeAccess,
  setFollowUpStatus,
  StatusSchema,
  updateFollowUp,
  updateNote,
  type FollowUpText,
} from "~/models/visit-outcome.server";
import outcomesStylesHref from "~/styles/outcomes.css";
import { agendaFormatter } from "~/utils/agenda-display";
import { formatEventRange } from "~/utils/datetime";
import { badRequest, forbidden, notFound, requireParam } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT, type MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { requireUser, safeRedirect } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: outcomesStylesHref }];

/**
 * 404 for an unknown event and for any event that is not a visit; then signed in; then 403 unless the person
 * organizes the visit, hosts it, or owns one of its actions.
 */
async function requireOutcomeReader(request: Request, slug: string) {
  const event = await findOutcomeEvent(slug);
  if (!event) throw notFound("event.notFound");
  if (!isVisit(event)) throw notFound("outcomes.notVisit");
  const user = await requireUser(request);
  const access = await outcomeAccess(user, event.id);
  if (!mayOpenOutcomes(access)) throw forbidden();
  return { user, event, access, locale: await resolveLocale(request, user.locale) };
}

const DONE = ["noteAdded", "noteSaved", "noteDeleted", "actionAdded", "actionSaved", "actionDeleted", "markedDone", "reopened"] as const;
type Done = (typeof DONE)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, access, locale, user } = await requireOutcomeReader(request, requireParam(params, "slug"));
  const now = new Date();
  const [outcomes, directory] = await Promise.all([
    loadOutcomes(event.id, access.read ? {} : { ownerId: user.id }),
    access.manage ? staffDirectory() : Promise.resolve([]),
  ]);
  const format = agendaFormatter(locale, event.timeZone);
  const url = new URL(request.url);
  const title = pick(locale, event.titleZh, event.titleEn);

  // a visit over several days names the day of each meeting too
  const severalDays = new Set(outcomes.items.map((item) => format.range(item.startsAt, item.endsAt).dayKey)).size > 1;
  const itemLabel = (item: (typeof outcomes.items)[number]) => {
    const range = format.range(item.startsAt, item.endsAt);
    return `${severalDays ? `${range.dayHeading} ` : ""}${range.label} ${pick(locale, item.titleZh, item.titleEn)}`;
  };
  const noteView = (note: (typeof outcomes.notes)[number]) => ({
    id: note.id,
    html: renderMarkdown(note.body),
    byline: translate(locale, note.updatedAt.getTime() - note.createdAt.getTime() > 1000 ? "outcomes.note.bylineEdited" : "outcomes.note.byline", {
      name: note.author ? pick(locale, note.author.nameZh, note.author.nameEn) : translate(locale, "outcomes.note.unknownAuthor"),
      at: format.dateTime(note.createdAt),
    }),
  });
  // by meeting, in the order of the programme; then the notes on the visit as a whole
  const meetings = outcomes.items
    .map((item) => ({ key: item.id, heading: itemLabel(item), notes: outcomes.notes.filter((note) => note.agendaItemId === item.id).map(noteView) }))
    .filter((group) => group.notes.length);
  const general = outcomes.notes.filter((note) => !note.agendaItemId || !outcomes.items.some((item) => item.id === note.agendaItemId)).map(noteView);
  if (general.length) meetings.push({ key: "general", heading: translate(locale, "outcomes.note.general"), notes: general });

  const actions = outcomes.actions.map((action) => ({
    ...followUpText(locale, action, event.timeZone, now),
    mayChangeStatus: access.manage || action.owner?.id === user.id,
  }));

  const editNoteId = access.manage ? url.searchParams.get("editNote") : null;
  const editNote = editNoteId ? outcomes.notes.find((note) => note.id === editNoteId) : undefined;
  const editActionId = access.manage ? url.searchParams.get("editAction") : null;
  const editAction = editActionId ? outcomes.actions.find((action) => action.id === editActionId) : undefined;
  const done = url.searchParams.get("done");

  return {
    title: `${translate(locale, "outcomes.title")} · ${title}`,
    visit: { slug: event.slug, title, when: formatEventRange(locale, event.timeZone, event.startsAt, event.endsAt), timeZone: event.timeZone },
    access: { manage: access.manage, read: access.read },
    counts: countsLabel(locale, countFollowUps(outcomes.actions)),
    meetings,
    actions,
    items: outcomes.items.map((item) => ({ value: item.id, label: itemLabel(item) })),
    directory: directory.map((staff) => ({ email: staff.email, label: `${staff.nameZh} ${staff.nameEn}` })),
    editNote: editNote ? { id: editNote.id, version: editNote.updatedAt.toISOString(), agendaItemId: editNote.agendaItemId ?? "", body: editNote.body } : null,
    editAction: editAction
      ? {
          id: editAction.id,
          version: editAction.updatedAt.toISOString(),
          titleZh: editAction.titleZh,
          titleEn: editAction.titleEn,
          owner: editAction.owner?.email ?? "",
          dueDate: dueDateInput(editAction.dueDate, event.timeZone),
        }
      : null,
    editMissing: Boolean((editNoteId && !editNote) || (editActionId && !editAction)),
    done: DONE.includes(done as Done) ? (done as Done) : null,
  };
}

type FormName = "note" | "action";
type ActionData = { form: FormName; result: SubmissionResult<string[]> };

/**
 * Notes and actions: add, edit, delete (organizers); an action's status (organizers, and its owner). Bad input is
 * a 400 with the field errors; an unknown note, action or agenda item a 404; an edit of a copy changed since it was
 * loaded a 409. `redirectTo` lets the home page's buttons come back to the home page.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event, access } = await requireOutcomeReader(request, requireParam(params, "slug"));
  const form = await request.formData();
  const intent = form.get("intent");
  const back = (done: Done, anchor: string) => redirect(`/events/${event.slug}/outcomes?done=${done}#${anchor}`);

  if (intent === "status") {
    const parsed = StatusSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw badRequest();
    const outcome = await setFollowUpStatus(user.id, event.id, parsed.data.actionId, parsed.data.status, { manage: access.manage });
    if (!outcome.ok) throw outcome.status === 403 ? forbidden() : notFound("outcomes.action.notFound");
    const done: Done = parsed.data.status === "DONE" ? "markedDone" : "reopened";
    // the home page's buttons come back to the home page; an address off the site is ignored
    const target = safeRedirect(form.get("redirectTo"), "");
    if (target) return redirect(`${target.split("#")[0]}${target.includes("?") ? "&" : "?"}followUp=${done}#follow-ups-heading`);
    return back(done, "actions-heading");
  }

  // everything else writes the record itself: organizers and admins only
  if (!access.manage) throw forbidden();

  if (intent === "addNote" || intent === "editNote") {
    const submission = parseWithZod(form, { schema: NoteEditSchema.partial({ noteId: true, version: true }) });
    if (submission.status !== "success") return data<ActionData>({ form: "note", result: submission.reply() }, { status: 400 });
    const { noteId, version, ...value } = submission.value;
    if (intent === "editNote" && (!noteId || !version)) throw badRequest();
    const outcome = intent === "editNote" ? await updateNote(user.id, event.id, noteId!, { ...value, version: version! }) : await createNote(user.id, event.id, value);
    if (!outcome.ok) {
      if (outcome.status !== 409) throw notFound("outcomes.note.notFound");
      return data<ActionData>({ form: "note", result: submission.reply({ formErrors: outcome.formErrors }) }, { status: 409 });
    }
    return back(intent === "addNote" ? "noteAdded" : "noteSaved", "notes-heading");
  }

  if (intent === "deleteNote" || intent === "deleteAction") {
    const parsed = DeleteSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw badRequest();
    const outcome = intent === "deleteNote" ? await deleteNote(user.id, event.id, parsed.data.id) : await deleteFollowUp(user.id, event.id, parsed.data.id);
    if (!outcome.ok) throw notFound(intent === "deleteNote" ? "outcomes.note.notFound" : "outcomes.action.notFound");
    return intent === "deleteNote" ? back("noteDeleted", "notes-heading") : back("actionDeleted", "actions-heading");
  }

  if (intent === "addAction" || intent === "editAction") {
    const submission = parseWithZod(form, { schema: FollowUpEditSchema.partial({ actionId: true, version: true }) });
    if (submission.status !== "success") return data<ActionData>({ form: "action", result: submission.reply() }, { status: 400 });
    const { actionId, version, ...value } = submission.value;
    if (intent === "editAction" && (!actionId || !version)) throw badRequest();
    const outcome =
      intent === "editAction" ? await updateFollowUp(user.id, event.id, actionId!, { ...value, version: version! }) : await createFollowUp(user.id, event.id, value);
    if (!outcome.ok) {
      if (outcome.status === 404) throw notFound("outcomes.action.notFound");
      return data<ActionData>(
        { form: "action", result: submission.reply({ fieldErrors: outcome.fieldErrors as Record<string, string[]>, formErrors: outcome.formErrors }) },
        { status: outcome.status },
      );
    }
    return back(intent === "addAction" ? "actionAdded" : "actionSaved", "actions-heading");
  }
  throw badRequest();
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function FormErrors({ errors }: { errors?: string[] }) {
  const t = useT();
  if (!errors?.length) return null;
  return (
    <p className="alert error" role="alert">
      {errors.map((key) => (isMessageKey(key) ? t(key) : t("form.invalid"))).join(" ")}
    </p>
  );
}

function NoteForm({ slug, items, editing, lastResult }: { slug: string; items: LoaderData["items"]; editing: LoaderData["editNote"]; lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof NoteEditSchema>>({
    id: editing ? `note-form-${editing.id}` : "note-form",
    lastResult,
    defaultValue: editing ? { agendaItemId: editing.agendaItemId, body: editing.body } : { agendaItemId: "", body: "" },
  });
  return (
    <Form method="post" className="form card outcomes-form" {...getFormProps(form)} aria-labelledby="note-form-heading">
      <h3 id="note-form-heading">{t(editing ? "outcomes.note.editHeading" : "outcomes.note.addHeading")}</h3>
      <input type="hidden" name="intent" value={editing ? "editNote" : "addNote"} />
      {editing ? (
        <>
          <input type="hidden" name="noteId" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      ) : null}
      <FormErrors errors={form.errors} />
      <Field id={fields.agendaItemId.id} label={t("outcomes.note.meeting")} errors={fields.agendaItemId.errors}>
        <select {...getSelectProps(fields.agendaItemId)}>
          <Options options={items} empty={t("outcomes.note.wholeVisit")} />
        </select>
      </Field>
      <Field id={fields.body.id} label={t("outcomes.note.body")} errors={fields.body.errors} hint={t("outcomes.note.bodyHint")}>
        <textarea {...getTextareaProps(fields.body, { ariaDescribedBy: describedBy(fields.body.id, { errors: fields.body.errors, hint: true }) })} rows={8} maxLength={20000} />
      </Field>
      <div className="outcomes-buttons">
        <button type="submit">{t(editing ? "outcomes.note.save" : "outcomes.note.add")}</button>
        {editing ? (
          <Link to={`/events/${slug}/outcomes#notes-heading`} className="button secondary">
            {t("outcomes.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

function ActionForm({
  slug,
  directory,
  editing,
  timeZone,
  lastResult,
}: {
  slug: string;
  directory: LoaderData["directory"];
  editing: LoaderData["editAction"];
  timeZone: string;
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [form, fields] = useForm<z.input<typeof FollowUpEditSchema>>({
    id: editing ? `action-form-${editing.id}` : "action-form",
    lastResult,
    defaultValue: editing ?? { titleZh: "", titleEn: "", owner: "", dueDate: "" },
  });
  const text = (name: "titleZh" | "titleEn" | "owner") =>
    getInputProps(fields[name], { type: "text", ariaDescribedBy: describedBy(fields[name].id, { errors: fields[name].errors, hint: name === "owner" }) });
  return (
    <Form method="post" className="form card outcomes-form" {...getFormProps(form)} aria-labelledby="action-form-heading">
      <h3 id="action-form-heading">{t(editing ? "outcomes.action.editHeading" : "outcomes.action.addHeading")}</h3>
      <input type="hidden" name="intent" value={editing ? "editAction" : "addAction"} />
      {editing ? (
        <>
          <input type="hidden" name="actionId" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      ) : null}
      <FormErrors errors={form.errors} />
      <div className="form-row">
        <Field id={fields.titleZh.id} label={t("outcomes.action.titleZh")} errors={fields.titleZh.errors}>
          <input {...text("titleZh")} lang="zh-CN" maxLength={300} />
        </Field>
        <Field id={fields.titleEn.id} label={t("outcomes.action.titleEn")} errors={fields.titleEn.errors}>
          <input {...text("titleEn")} lang="en" maxLength={300} />
        </Field>
      </div>
      <div className="form-row">
        <Field id={fields.owner.id} label={t("outcomes.action.owner")} errors={fields.owner.errors} hint={t("outcomes.action.ownerHint")}>
          <input {...text("owner")} list="outcomes-staff" autoComplete="off" />
        </Field>
        <Field id={fields.dueDate.id} label={t("outcomes.action.due")} errors={fields.dueDate.errors} hint={t("outcomes.action.dueHint", { zone: timeZone })}>
          <input {...getInputProps(fields.dueDate, { type: "date", ariaDescribedBy: describedBy(fields.dueDate.id, { errors: fields.dueDate.errors, hint: true }) })} />
        </Field>
      </div>
      <datalist id="outcomes-staff">
        {directory.map((staff) => (
          <option key={staff.email} value={staff.email}>
            {staff.label}
          </option>
        ))}
      </datalist>
      <div className="outcomes-buttons">
        <button type="submit">{t(editing ? "outcomes.action.save" : "outcomes.action.add")}</button>
        {editing ? (
          <Link to={`/events/${slug}/outcomes#actions-heading`} className="button secondary">
            {t("outcomes.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

function ActionRow({ action, slug, manage, busy }: { action: FollowUpText & { mayChangeStatus: boolean }; slug: string; manage: boolean; busy: boolean }) {
  const t = useT();
  return (
    <tr data-testid={`follow-up-${action.id}`} className={action.overdue ? "outcomes-overdue" : action.status === "DONE" ? "outcomes-done" : undefined}>
      <td data-label={t("outcomes.column.action")}>
        <strong>{action.title}</strong>
        {action.otherTitle ? <div className="meta">{action.otherTitle}</div> : null}
      </td>
      <td data-label={t("outcomes.column.owner")}>{action.owner}</td>
      <td data-label={t("outcomes.column.due")}>
        {action.due ?? <span className="meta">{t("outcomes.action.noDue")}</span>}
        {action.overdue ? <span className="tag cancelled outcomes-overdue-tag">{t("outcomes.action.overdue")}</span> : null}
      </td>
      <td data-label={t("outcomes.column.status")}>
        <span className={`outcomes-status status-${action.status}`} data-testid="follow-up-status">
          {t(action.status === "DONE" ? "outcomes.status.DONE" : "outcomes.status.OPEN")}
        </span>
        {action.doneLine ? <div className="meta">{action.doneLine}</div> : null}
      </td>
      <td data-label={t("outcomes.column.manage")}>
        <div className="outcomes-buttons">
          {action.mayChangeStatus ? <FollowUpStatusButton slug={slug} action={action} busy={busy} /> : null}
          {manage ? (
            <>
              <Link className="button secondary small" to={`/events/${slug}/outcomes?editAction=${action.id}#action-form-heading`} aria-label={t("outcomes.action.editLabel", { title: action.title })}>
                {t("outcomes.edit")}
              </Link>
              <Form method="post">
                <input type="hidden" name="intent" value="deleteAction" />
                <input type="hidden" name="id" value={action.id} />
                <button type="submit" className="secondary small danger" disabled={busy} aria-label={t("outcomes.action.deleteLabel", { title: action.title })}>
                  {t("outcomes.delete")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

function ActionsTable({ caption, rows, slug, manage, busy, testId }: { caption: string; rows: LoaderData["actions"]; slug: string; manage: boolean; busy: boolean; testId: string }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="stacked outcomes-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("outcomes.column.action")}</th>
            <th scope="col">{t("outcomes.column.owner")}</th>
            <th scope="col">{t("outcomes.column.due")}</th>
            <th scope="col">{t("outcomes.column.status")}</th>
            <th scope="col">{t("outcomes.column.manage")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((action) => (
            <ActionRow key={action.id} action={action} slug={slug} manage={manage} busy={busy} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function VisitOutcomes() {
  const { visit, access, counts, meetings, actions, items, directory, editNote, editAction, editMissing, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  // a new key after each redirect empties the add forms for the next entry
  const { key: locationKey } = useLocation();
  const t = useT();
  const busy = navigation.state !== "idle";
  const open = actions.filter((action) => action.status === "OPEN");
  const closed = actions.filter((action) => action.status === "DONE");
  const doneKey: MessageKey | null = done ? `outcomes.done.${done}` : null;
  return (
    <div className="stack outcomes">
      <p className="meta">
        <Link to={`/events/${visit.slug}`}>{visit.title}</Link>
      </p>
      <h1>{t("outcomes.title")}</h1>
      <p className="meta">{visit.when}</p>
      {doneKey ? (
        <p className="alert success" role="status" data-testid="outcomes-done">
          {t(doneKey)}
        </p>
      ) : null}
      {editMissing ? (
        <p className="alert error" role="alert">
          {t("outcomes.editMissing")}
        </p>
      ) : null}
      {!access.read ? <p className="prose">{t("outcomes.ownerOnly")}</p> : null}

      <section className="stack" aria-labelledby="actions-heading">
        <div className="outcomes-head">
          <h2 id="actions-heading">{t("outcomes.action.heading")}</h2>
          <p className="outcomes-counts" data-testid="outcomes-counts">
            {counts}
          </p>
        </div>
        {open.length ? (
          <ActionsTable caption={t("outcomes.action.openCaption")} rows={open} slug={visit.slug} manage={access.manage} busy={busy} testId="open-actions" />
        ) : (
          <p className="empty">{t("outcomes.action.noneOpen")}</p>
        )}
        {closed.length ? <ActionsTable caption={t("outcomes.action.doneCaption")} rows={closed} slug={visit.slug} manage={access.manage} busy={busy} testId="done-actions" /> : null}
        {access.manage ? (
          <ActionForm
            key={editAction?.id ?? `new-${locationKey}`}
            slug={visit.slug}
            directory={directory}
            editing={editAction}
            timeZone={visit.timeZone}
            lastResult={actionData?.form === "action" ? actionData.result : undefined}
          />
        ) : null}
      </section>

      {access.read ? (
        <section className="stack" aria-labelledby="notes-heading">
          <h2 id="notes-heading">{t("outcomes.note.heading")}</h2>
          {meetings.length ? (
            meetings.map((meeting) => (
              <section key={meeting.key} className="outcomes-meeting" aria-labelledby={`meeting-${meeting.key}`}>
                <h3 id={`meeting-${meeting.key}`}>{meeting.heading}</h3>
                <ul className="outcomes-notes">
                  {meeting.notes.map((note) => (
                    <li key={note.id} className="card outcomes-note" data-testid={`note-${note.id}`}>
                      <div className="prose" dangerouslySetInnerHTML={{ __html: note.html }} />
                      <p className="meta">{note.byline}</p>
                      {access.manage ? (
                        <div className="outcomes-buttons">
                          <Link className="button secondary small" to={`/events/${visit.slug}/outcomes?editNote=${note.id}#note-form-heading`}>
                            {t("outcomes.edit")}
                          </Link>
                          <Form method="post">
                            <input type="hidden" name="intent" value="deleteNote" />
                            <input type="hidden" name="id" value={note.id} />
                            <button type="submit" className="secondary small danger" disabled={busy}>
                              {t("outcomes.delete")}
                            </button>
                          </Form>
                        </div>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </section>
            ))
          ) : (
            <p className="empty">{t("outcomes.note.none")}</p>
          )}
          {access.manage ? (
            <NoteForm key={editNote?.id ?? `new-${locationKey}`} slug={visit.slug} items={items} editing={editNote} lastResult={actionData?.form === "note" ? actionData.result : undefined} />
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
