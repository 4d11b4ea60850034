import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";

import { AgendaDrag } from "~/components/agenda-drag";
import { AgendaItemFields, type AgendaItemFormFields } from "~/components/agenda-item-form";
import { AGENDA_ITEM_KINDS } from "~/models/agenda-kinds";
import {
  AgendaItemSchema,
  createAgendaItem,
  deleteAgendaItem,
  getAgendaDraft,
  getLatestRelease,
  moveAgendaItem,
  NudgeSchema,
  nudgeMinutes,
  publishAgenda,
  PublishSchema,
} from "~/models/agenda.server";
import { conflictMessages, formatItemTime, personName } from "~/utils/agenda-format.server";
import { dayKey } from "~/utils/datetime";
import { badRequest, notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { toZonedInput } from "~/utils/zoned-time.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:agenda");
  const locale = await resolveLocale(request, user.locale);
  const [draft, release] = await Promise.all([getAgendaDraft(eventId), getLatestRelease(eventId)]);
  if (!draft) throw notFound("event.notFound");
  const { event, items, conflicts } = draft;
  const warnings = conflictMessages(locale, items, conflicts);
  const multiDay = dayKey(event.timeZone, event.startsAt) !== dayKey(event.timeZone, event.endsAt);
  const lastEnd = items.reduce((latest, item) => (item.endsAt > latest ? item.endsAt : latest), event.startsAt);
  return {
    title: `${translate(locale, "agenda.builder.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn), timeZone: event.timeZone, status: event.status },
    releaseSequence: release?.sequence ?? null,
    conflictCount: conflicts.length,
    rooms: (event.venue?.rooms ?? []).map((room) => ({ value: room.id, label: pick(locale, room.nameZh, room.nameEn) })),
    kinds: AGENDA_ITEM_KINDS.map((kind) => ({ value: kind, label: translate(locale, `agenda.kind.${kind}`) })),
    items: items.map((item) => ({
      id: item.id,
      time: formatItemTime(locale, event.timeZone, item.startsAt, item.endsAt, multiDay),
      startsAt: item.startsAt.toISOString(),
      kind: translate(locale, `agenda.kind.${item.kind as (typeof AGENDA_ITEM_KINDS)[number]}`),
      title: pick(locale, item.titleZh, item.titleEn),
      otherTitle: locale === "zh-CN" ? item.titleEn : item.titleZh,
      room: item.room ? pick(locale, item.room.nameZh, item.room.nameEn) : null,
      cueNotes: item.cueNotes,
      people: item.people.map((person) => ({
        id: person.id,
        name: personName(locale, person),
        role: translate(locale, `agenda.role.${person.role as "SPEAKER"}`),
      })),
      warnings: warnings.get(item.id) ?? [],
    })),
    newItemDefaults: {
      kind: "TALK",
      startsAt: toZonedInput(lastEnd, event.timeZone),
      endsAt: toZonedInput(new Date(lastEnd.getTime() + 30 * 60_000), event.timeZone),
    },
  };
}

const IntentSchema = z.enum(["create", "nudge", "delete", "publish"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = IntentSchema.safeParse(formData.get("intent"));
  if (!intent.success) throw badRequest();
  const permission = intent.data === "create" ? "create:agenda" : intent.data === "delete" ? "delete:agenda" : "update:agenda";
  const { user, eventId } = await requireEventPermission(request, params.slug, permission);
  const back = `/events/${params.slug}/agenda`;

  switch (intent.data) {
    case "create": {
      const submission = parseWithZod(formData, { schema: AgendaItemSchema });
      if (submission.status !== "success") return data({ intent: "create" as const, result: submission.reply() }, { status: 400 });
      const outcome = await createAgendaItem(user.id, eventId, submission.value);
      if (!outcome.ok) {
        return data({ intent: "create" as const, result: submission.reply({ fieldErrors: outcome.fieldErrors as Record<string, string[]> }) }, { status: outcome.status });
      }
      return redirect(`${back}#item-${outcome.itemId}`);
    }
    case "nudge": {
      const parsed = NudgeSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) throw badRequest();
      const outcome = await moveAgendaItem(user.id, eventId, parsed.data.itemId, nudgeMinutes(parsed.data));
      if (!outcome.ok && outcome.status === 404) throw notFound();
      if (!outcome.ok) return data({ intent: "nudge" as const, itemId: parsed.data.itemId, error: "agenda.endBeforeStart" as const }, { status: 400 });
      return { intent: "nudge" as const, itemId: parsed.data.itemId, error: null };
    }
    case "delete": {
      const itemId = String(formData.get("itemId") ?? "");
      const outcome = await deleteAgendaItem(user.id, eventId, itemId);
      if (!outcome.ok) throw notFound();
      return redirect(back);
    }
    case "publish": {
      const parsed = PublishSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return data({ intent: "publish" as const, error: "form.tooLong" as const }, { status: 400 });
      const release = await publishAgenda(user.id, eventId, parsed.data.note);
      return redirect(`${back}?published=${release.sequence}`);
    }
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function AgendaBuilder() {
  const { event, items, rooms, kinds, releaseSequence, conflictCount, newItemDefaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const t = useT();
  const published = searchParams.get("published");
  const [form, fields] = useForm<z.input<typeof AgendaItemSchema>>({
    id: "new-agenda-item",
    lastResult: actionData?.intent === "create" ? actionData.result : undefined,
    defaultValue: newItemDefaults,
  });
  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("agenda.builder.title")}</h1>
      {published && !actionData ? (
        <div className="alert success" role="status">
          {t("agenda.publish.done", { sequence: published })}
        </div>
      ) : null}
      <p className="meta">
        {releaseSequence ? t("agenda.builder.draftOf", { sequence: releaseSequence }) : t("agenda.builder.neverPublished")}{" "}
        <Link to={`/events/${event.slug}/changelog`}>{t("event.manage.changelog")}</Link> ·{" "}
        <Link to={`/events/${event.slug}/run-sheet`}>{t("event.manage.runSheet")}</Link> ·{" "}
        <Link to={`/events/${event.slug}/edit`}>{t("event.manage.edit")}</Link>
      </p>

      <section className="card" aria-labelledby="publish-heading">
        <h2 id="publish-heading" style={{ marginTop: 0 }}>
          {t("agenda.publish.title")}
        </h2>
        <Form method="post" className="form-row" style={{ alignItems: "end" }}>
          <input type="hidden" name="intent" value="publish" />
          <div className="field">
            <label htmlFor="release-note">{t("agenda.publish.note")}</label>
            <input id="release-note" type="text" name="note" maxLength={1000} />
          </div>
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("agenda.publish.submit", { sequence: (releaseSequence ?? 0) + 1 })}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">
          {t("agenda.title")}{" "}
          <span className={`tag ${conflictCount ? "cancelled" : ""}`} data-testid="conflict-count">
            {conflictCount ? t("agenda.conflict.count", { count: conflictCount }) : t("agenda.conflict.none")}
          </span>
        </h2>
        {items.length === 0 ? <p className="empty">{t("agenda.builder.empty")}</p> : null}
        <ol className="agenda-builder">
          {items.map((item) => (
            <AgendaBuilderItem key={item.id} item={item} slug={event.slug} />
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="add-heading">
        <h2 id="add-heading" style={{ marginTop: 0 }}>
          {t("agenda.builder.add")}
        </h2>
        <Form method="post" className="form" style={{ maxWidth: "48rem" }} {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <AgendaItemFields fields={fields as unknown as AgendaItemFormFields} kinds={kinds} rooms={rooms} />
          <div>
            <button type="submit">{t("agenda.builder.add")}</button>
          </div>
        </Form>
      </section>
    </div>
  );
}

type BuilderItem = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

/** One item: its warnings beside it, and move/resize buttons that work by keyboard, mouse, and without JS. */
function AgendaBuilderItem({ item, slug }: { item: BuilderItem; slug: string }) {
  const t = useT();
  const nudge = useFetcher<typeof action>();
  const nudgeError = nudge.data && "error" in nudge.data && nudge.data.error && isMessageKey(nudge.data.error) ? t(nudge.data.error) : null;
  return (
    <li className={`card agenda-builder-item${item.warnings.length ? " has-warning" : ""}`} id={`item-${item.id}`}>
      <div className="agenda-builder-head">
        <span className="agenda-time">{item.time}</span>
        <span className="tag">{item.kind}</span>
        {item.room ? <span className="meta">{item.room}</span> : null}
      </div>
      <h3>{item.title}</h3>
      {item.otherTitle ? <p className="meta">{item.otherTitle}</p> : null}
      {item.people.length ? (
        <p className="meta">{item.people.map((person) => `${person.role}: ${person.name}`).join(" · ")}</p>
      ) : null}
      {item.cueNotes ? <p className="cue-notes">{item.cueNotes}</p> : null}
      {item.warnings.length ? (
        <ul className="warnings" aria-label={t("agenda.conflict.count", { count: item.warnings.length })}>
          {item.warnings.map((warning) => (
            <li key={warning}>⚠ {warning}</li>
          ))}
        </ul>
      ) : null}
      <div className="agenda-builder-actions">
        <AgendaDrag
          title={item.title}
          disabled={nudge.state !== "idle"}
          onChange={({ shift, stretch }) => nudge.submit({ intent: "nudge", itemId: item.id, shift: String(shift), stretch: String(stretch) }, { method: "post" })}
        />
        <nudge.Form method="post" className="nudges" aria-label={t("agenda.builder.moveLabel", { title: item.title })}>
          <input type="hidden" name="intent" value="nudge" />
          <input type="hidden" name="itemId" value={item.id} />
          {(["earlier", "later", "shorter", "longer"] as const).map((direction) => (
            <button key={direction} type="submit" name="nudge" value={direction} className="secondary small" disabled={nudge.state !== "idle"}>
              {t(`agenda.builder.${direction}`)}
            </button>
          ))}
        </nudge.Form>
        <Link to={`/events/${slug}/agenda/${item.id}`} className="button secondary small">
          {t("agenda.builder.edit")}
        </Link>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="itemId" value={item.id} />
          <button type="submit" className="secondary small danger">
            {t("agenda.builder.delete")}
          </button>
        </Form>
      </div>
      {nudgeError ? (
        <p className="field-error" role="alert">
          {nudgeError}
        </p>
      ) : null}
    </li>
  );
}
