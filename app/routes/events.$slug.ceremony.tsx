import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";

import { LiveErrorBoundary, useLiveRefresh } from "~/components/live-screen";
import { Options } from "~/components/options";
import {
  CeremonyActionSchema,
  CeremonyFilterSchema,
  ceremonyList,
  markPresented,
  moveInCallingOrder,
  numberCallingOrder,
  unmarkPresented,
  type CeremonyRow,
} from "~/models/ceremony.server";
import ceremonyStylesHref from "~/styles/ceremony.css";
import { prisma } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useT, type Locale, type MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission, userCan } from "~/utils/permissions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ceremonyStylesHref }];

function clockFormat(locale: Locale, timeZone: string) {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
}

function toRowDisplay(locale: Locale, clock: Intl.DateTimeFormat, row: CeremonyRow) {
  return {
    badgeId: row.badgeId,
    callingOrder: row.callingOrder,
    nameZh: row.nameZh,
    // the romanised name the director reads out: pinyin, else the English name
    romanised: row.pinyin || row.nameEn,
    department: row.department ? pick(locale, row.department.nameZh, row.department.nameEn) : translate(locale, "ceremony.noDepartment"),
    batch: row.batch ? translate(locale, "ceremony.batch", { batch: row.batch }) : null,
    checkedIn: row.checkedIn,
    presentedAt: row.presentedAt ? clock.format(row.presentedAt) : null,
  };
}
type RowDisplay = ReturnType<typeof toRowDisplay>;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "read:badge");
  const locale = await resolveLocale(request, user.locale);
  const filter = CeremonyFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [event, list, canUpdate] = await Promise.all([
    prisma.event.findUnique({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true, timeZone: true } }),
    ceremonyList(eventId, filter),
    userCan(user, "update:badge", { eventId }),
  ]);
  if (!event) throw notFound("event.notFound");
  const clock = clockFormat(locale, event.timeZone);
  const title = pick(locale, event.titleZh, event.titleEn);
  return {
    title: `${translate(locale, "ceremony.title")} · ${title}`,
    event: { slug: event.slug, title },
    canUpdate,
    filter: { department: filter.department ?? "", hidePresented: filter.hidePresented },
    progress: { presented: list.presented, total: list.total, departmentPresented: list.departmentPresented, departmentTotal: list.departmentTotal },
    next: list.next ? toRowDisplay(locale, clock, list.next) : null,
    departments: list.departments.map((d) => ({ value: d.id, label: pick(locale, d.nameZh, d.nameEn) })),
    rows: list.rows.map((row) => toRowDisplay(locale, clock, row)),
  };
}

// `quiet`: the page's own change (a row turning "presented", a number moving) already says it, so a fetcher
// need not repeat it; a form posted without JavaScript shows every message.
type ActionResult = { ok: true; message: string; quiet: boolean } | { ok: false; error: MessageKey };

/** Present, undo, move one person, or number everyone; each answers with a sentence for the status line. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:badge");
  const locale = await resolveLocale(request, user.locale);
  const parsed = CeremonyActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.message;
    return data<ActionResult>({ ok: false, error: isMessageKey(key) ? key : "error.400.body" }, { status: 400 });
  }
  const input = parsed.data;
  const missing = () => data<ActionResult>({ ok: false, error: "ceremony.badgeNotFound" }, { status: 404 });
  const done = (message: string, quiet = false) => data<ActionResult>({ ok: true, message, quiet });
  const name = (person: { nameZh: string; nameEn: string }) => `${person.nameZh} ${person.nameEn}`;

  if (input.intent === "present") {
    const outcome = await markPresented(user.id, eventId, input.badgeId);
    if (!outcome) return missing();
    const { timeZone } = await prisma.event.findUniqueOrThrow({ where: { id: eventId }, select: { timeZone: true } });
    const time = clockFormat(locale, timeZone).format(outcome.presentedAt);
    return done(translate(locale, `ceremony.outcome.${outcome.outcome}`, { name: name(outcome.person), time }), outcome.outcome === "PRESENTED");
  }
  if (input.intent === "unpresent") {
    const outcome = await unmarkPresented(user.id, eventId, input.badgeId);
    if (!outcome) return missing();
    return done(translate(locale, `ceremony.outcome.${outcome.outcome}`, { name: name(outcome.person) }), outcome.outcome === "UNPRESENTED");
  }
  if (input.intent === "move") {
    const outcome = await moveInCallingOrder(user.id, eventId, input.badgeId, input.direction);
    if (!outcome) return missing();
    const person = await prisma.badge.findUniqueOrThrow({ where: { id: input.badgeId }, select: { user: { select: { nameZh: true, nameEn: true } } } });
    return done(translate(locale, outcome.moved ? "ceremony.moved" : "ceremony.notMoved", { name: name(person.user), number: outcome.callingOrder }), outcome.moved);
  }
  const { count } = await numberCallingOrder(user.id, eventId, input.by);
  return done(translate(locale, `ceremony.numbered.${input.by}`, { count }));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

/** The big screen and the stage manager's phone show the same list: a badge marked on one shows on the other. */
const REFRESH_MS = 10_000;

export function ErrorBoundary() {
  return <LiveErrorBoundary intervalMs={REFRESH_MS} />;
}

export default function Ceremony() {
  const { event, canUpdate, filter, progress, next, departments, rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  useLiveRefresh(REFRESH_MS);
  const percent = progress.total ? Math.round((progress.presented / progress.total) * 100) : 0;
  return (
    <div className="stack ceremony">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("ceremony.title")}</h1>
      {actionData ? <ActionMessage result={actionData} /> : null}
      <div className="ceremony-progress">
        <p id="ceremony-progress-label" className="ceremony-count" data-testid="ceremony-progress">
          {t("ceremony.progress", { presented: progress.presented, total: progress.total })}
        </p>
        <progress aria-labelledby="ceremony-progress-label" max={progress.total || 1} value={progress.presented}>
          {percent}%
        </progress>
        {filter.department ? <p className="meta">{t("ceremony.departmentProgress", { presented: progress.departmentPresented, total: progress.departmentTotal })}</p> : null}
      </div>
      {progress.total === 0 ? <p className="empty">{t("ceremony.empty")}</p> : <NextToCall next={next} canUpdate={canUpdate} />}
      {canUpdate && progress.total > 0 ? <NumberingForm /> : null}
      {progress.total > 0 ? (
        <Form method="get" className="card filters ceremony-filters">
          <div className="field">
            <label htmlFor="ceremony-department">{t("ceremony.filter.department")}</label>
            <select id="ceremony-department" name="department" defaultValue={filter.department}>
              <Options options={departments} empty={t("ceremony.filter.all")} />
            </select>
          </div>
          <label className="checkbox-line">
            <input type="checkbox" name="hidePresented" value="1" defaultChecked={filter.hidePresented} />
            {t("ceremony.filter.hidePresented")}
          </label>
          <div>
            <button type="submit" className="secondary">
              {t("ceremony.filter.apply")}
            </button>
          </div>
        </Form>
      ) : null}
      {rows.length ? (
        <ol className="ceremony-list" aria-label={t("ceremony.listLabel")}>
          {rows.map((row) => (
            <CeremonyListRow key={row.badgeId} row={row} isNext={row.badgeId === next?.badgeId} canUpdate={canUpdate} />
          ))}
        </ol>
      ) : progress.total > 0 ? (
        <p className="empty">{t("ceremony.noneMatch")}</p>
      ) : null}
    </div>
  );
}

function ActionMessage({ result }: { result: ActionResult }) {
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

function Names({ row }: { row: RowDisplay }) {
  return (
    <>
      <span className="ceremony-name" lang="zh-CN">
        {row.nameZh}
      </span>{" "}
      <span className="ceremony-romanised" lang="en">
        {row.romanised}
      </span>
    </>
  );
}

function States({ row }: { row: RowDisplay }) {
  const t = useT();
  return (
    <span className="ceremony-states">
      <span className={`ceremony-state ${row.checkedIn ? "is-in" : "is-out"}`}>{row.checkedIn ? t("ceremony.checkedIn") : t("ceremony.notCheckedIn")}</span>
      <span className={`ceremony-state ${row.presentedAt ? "is-presented" : "is-waiting"}`}>
        {row.presentedAt ? t("ceremony.presentedAt", { time: row.presentedAt }) : t("ceremony.notPresented")}
      </span>
    </span>
  );
}

/** One present/undo button posting to this route; without JavaScript it is a plain form post. */
function PresentButton({ row, large = false }: { row: RowDisplay; large?: boolean }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const intent = row.presentedAt ? "unpresent" : "present";
  return (
    <fetcher.Form method="post" className="ceremony-present">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="badgeId" value={row.badgeId} />
      <button type="submit" className={`${intent === "unpresent" ? "secondary " : ""}${large ? "ceremony-big-button" : ""}`} disabled={fetcher.state !== "idle"}>
        {t(intent === "present" ? "ceremony.present" : "ceremony.unpresent")}
        <span className="visually-hidden">
          {" "}
          {row.nameZh} {row.romanised}
        </span>
      </button>
      {fetcher.data && fetcher.state === "idle" && !(fetcher.data.ok && fetcher.data.quiet) ? <ActionMessage result={fetcher.data} /> : null}
    </fetcher.Form>
  );
}

function NextToCall({ next, canUpdate }: { next: RowDisplay | null; canUpdate: boolean }) {
  const t = useT();
  return (
    <section className="card ceremony-next" aria-labelledby="ceremony-next-heading" data-testid="ceremony-next">
      <h2 id="ceremony-next-heading">{t("ceremony.next")}</h2>
      {next ? (
        <>
          <p className="ceremony-next-number">{next.callingOrder ? t("ceremony.numberOf", { number: next.callingOrder }) : t("ceremony.unnumbered")}</p>
          <p className="ceremony-next-name">
            <Names row={next} />
          </p>
          <p className="ceremony-next-meta">
            {next.department}
            {next.batch ? ` · ${next.batch}` : ""}
          </p>
          <States row={next} />
          {canUpdate ? <PresentButton key={next.badgeId} row={next} large /> : null}
        </>
      ) : (
        <p className="ceremony-done">{t("ceremony.allPresented")}</p>
      )}
    </section>
  );
}

function NumberingForm() {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  return (
    // Numbering is set-up work done once before the ceremony, so it stays folded away from the stage manager's thumb.
    <details className="card ceremony-numbering">
      <summary>{t("ceremony.order.title")}</summary>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="number" />
        <p className="meta">{t("ceremony.order.hint")}</p>
        <div className="ceremony-actions">
          <button type="submit" name="by" value="department" className="secondary" disabled={fetcher.state !== "idle"}>
            {t("ceremony.order.byDepartment")}
          </button>
          <button type="submit" name="by" value="batch" className="secondary" disabled={fetcher.state !== "idle"}>
            {t("ceremony.order.byBatch")}
          </button>
        </div>
        {fetcher.data && fetcher.state === "idle" ? <ActionMessage result={fetcher.data} /> : null}
      </fetcher.Form>
    </details>
  );
}

function MoveButtons({ row }: { row: RowDisplay }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  return (
    <fetcher.Form method="post" className="ceremony-move">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="badgeId" value={row.badgeId} />
      <button type="submit" name="direction" value="up" className="secondary" disabled={fetcher.state !== "idle"}>
        <span aria-hidden="true">↑</span>
        <span className="visually-hidden">
          {t("ceremony.moveUp")} {row.nameZh} {row.romanised}
        </span>
      </button>
      <button type="submit" name="direction" value="down" className="secondary" disabled={fetcher.state !== "idle"}>
        <span aria-hidden="true">↓</span>
        <span className="visually-hidden">
          {t("ceremony.moveDown")} {row.nameZh} {row.romanised}
        </span>
      </button>
      {fetcher.data && fetcher.state === "idle" && !(fetcher.data.ok && fetcher.data.quiet) ? <ActionMessage result={fetcher.data} /> : null}
    </fetcher.Form>
  );
}

function CeremonyListRow({ row, isNext, canUpdate }: { row: RowDisplay; isNext: boolean; canUpdate: boolean }) {
  const t = useT();
  return (
    <li className={`ceremony-row${isNext ? " is-next" : ""}${row.presentedAt ? " is-done" : ""}`} aria-current={isNext ? "step" : undefined} data-badge-id={row.badgeId}>
      <span className="ceremony-number">
        <span className="visually-hidden">{t("ceremony.numberLabel")} </span>
        {row.callingOrder ?? "—"}
      </span>
      <span className="ceremony-who">
        <Names row={row} />
        <span className="ceremony-meta">
          {row.department}
          {row.batch ? ` · ${row.batch}` : ""}
        </span>
      </span>
      <States row={row} />
      {canUpdate ? (
        <span className="ceremony-row-actions">
          <PresentButton row={row} />
          <MoveButtons row={row} />
        </span>
      ) : null}
    </li>
  );
}
