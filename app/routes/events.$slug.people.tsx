import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { ContactCard } from "~/components/contact-card";
import { canExchangeContacts, contactCardView, deleteConnection, listConnections, NOTE_MAX, NoteSchema, updateNote } from "~/models/connection.server";
import contactsStylesHref from "~/styles/contacts.css";
import { agendaFormatter } from "~/utils/agenda-display";
import { requireVisibleEvent } from "~/utils/event-access.server";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import type { ContactCardView } from "~/views/contact-card";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: contactsStylesHref }];

/** "People I met" at one event: the signed-in user's own connections, with their private notes (ADR 013). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale, event } = await requireVisibleEvent(request, params);
  const [people, canScan] = await Promise.all([listConnections(user.id, event.id), canExchangeContacts(user.id, event.id)]);
  const confirm = new URL(request.url).searchParams.get("remove");
  // a removal to confirm must be one of the reader's own connections
  if (confirm && !people.some((met) => met.connectionId === confirm)) throw notFound();
  const format = agendaFormatter(locale, event.timeZone);
  return {
    title: `${translate(locale, "people.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn) },
    canScan,
    confirm,
    people: people.map((met) => ({
      connectionId: met.connectionId,
      note: met.note,
      metAt: translate(locale, "people.metAt", { time: `${format.dayHeading(met.metAt)} ${format.clock(met.metAt)}` }),
      name: pick(locale, met.person.nameZh, met.person.nameEn),
      card: contactCardView(met.person, locale),
    })),
  };
}

const DeleteSchema = z.object({ connectionId: z.string().min(1).max(40) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, event } = await requireVisibleEvent(request, params);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "note") {
    const parsed = NoteSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      const connectionId = String(form.get("connectionId") ?? "");
      return data({ intent: "note" as const, connectionId, error: "people.noteTooLong" as const, saved: false }, { status: 400 });
    }
    if (!(await updateNote(user.id, event.id, parsed.data.connectionId, parsed.data.note))) throw notFound();
    return { intent: "note" as const, connectionId: parsed.data.connectionId, error: null, saved: true };
  }
  if (intent === "delete") {
    const parsed = DeleteSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw badRequest();
    if (!(await deleteConnection(user.id, event.id, parsed.data.connectionId))) throw notFound();
    return redirect(`/events/${event.slug}/people?removed=1`);
  }
  throw badRequest();
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

type Person = { connectionId: string; note: string; metAt: string; name: string; card: ContactCardView };

export default function PeopleIMet() {
  const { event, people, canScan, confirm } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const base = `/events/${event.slug}/people`;
  return (
    <div className="stack people-page">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("people.title")}</h1>
      <p>{t("people.intro")}</p>
      {searchParams.get("removed") === "1" ? (
        <p className="alert success" role="status">
          {t("people.deleted")}
        </p>
      ) : null}
      <div className="people-actions">
        {canScan ? (
          <Link className="button" to={`/events/${event.slug}/scan`}>
            {t("people.scanLink")}
          </Link>
        ) : null}
      </div>
      {people.length ? (
        <>
          <section className="card people-export" aria-labelledby="people-export-heading">
            <h2 id="people-export-heading">{t("people.export")}</h2>
            <p className="meta">{t("people.exportHint")}</p>
            <p className="people-export-links">
              <a className="button secondary" href={`/events/${event.slug}/people.vcf?lang=zh-CN`} download>
                {t("people.exportZh")}
              </a>
              <a className="button secondary" href={`/events/${event.slug}/people.vcf?lang=en`} download>
                {t("people.exportEn")}
              </a>
            </p>
          </section>
          <p className="meta" data-testid="people-count">
            {t("people.count", { count: people.length })}
          </p>
          <ul className="people-list">
            {people.map((person) => (
              <PersonEntry key={person.connectionId} person={person} base={base} confirming={confirm === person.connectionId} />
            ))}
          </ul>
        </>
      ) : (
        <p className="card">{t("people.empty")}</p>
      )}
    </div>
  );
}

function PersonEntry({ person, base, confirming }: { person: Person; base: string; confirming: boolean }) {
  const t = useT();
  const note = useFetcher<typeof action>();
  const posted = useActionData<typeof action>();
  const answer = note.data ?? (posted?.connectionId === person.connectionId ? posted : undefined);
  const headingId = `person-${person.connectionId}`;
  const noteId = `note-${person.connectionId}`;
  return (
    <li className="card person" aria-labelledby={headingId} data-testid="person">
      <ContactCard card={person.card} headingLevel={2} headingId={headingId} />
      <p className="meta">{person.metAt}</p>
      <note.Form method="post" className="person-note">
        <input type="hidden" name="intent" value="note" />
        <input type="hidden" name="connectionId" value={person.connectionId} />
        <div className="field">
          <label htmlFor={noteId}>{t("people.note")}</label>
          <textarea id={noteId} name="note" rows={3} maxLength={NOTE_MAX} defaultValue={person.note} aria-describedby={`${noteId}-hint`} />
          <p className="hint" id={`${noteId}-hint`}>
            {t("people.noteHint")}
          </p>
        </div>
        <div className="person-buttons">
          <button type="submit" disabled={note.state !== "idle"}>
            {t("people.saveNote")}
          </button>
          {confirming ? null : (
            <Link className="button secondary danger" to={`${base}?remove=${person.connectionId}#${headingId}`} aria-label={t("people.deleteLabel", { name: person.name })} preventScrollReset>
              {t("people.delete")}
            </Link>
          )}
        </div>
        <p role="status" className={answer?.error ? "field-error" : "meta"}>
          {answer?.error ? t(answer.error) : answer?.saved && note.state === "idle" ? t("people.noteSaved") : null}
        </p>
      </note.Form>
      {confirming ? (
        <Form method="post" className="person-confirm" role="group" aria-labelledby={`${headingId}-confirm`}>
          <p id={`${headingId}-confirm`}>{t("people.deleteConfirm", { name: person.name })}</p>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="connectionId" value={person.connectionId} />
          <div className="person-buttons">
            <button type="submit" className="danger">
              {t("people.deleteYes")}
            </button>
            <Link className="button secondary" to={base} preventScrollReset>
              {t("people.deleteNo")}
            </Link>
          </div>
        </Form>
      ) : null}
    </li>
  );
}
