import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";

import { Options } from "~/components/options";
import { revokeAndReissue } from "~/models/badge.server";
import { printRequestSchema, startPrintJob, type JobProgress } from "~/models/badge-print.server";
import { listDepartments, matchingUserIds } from "~/models/user.server";
import { prisma } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

const RIBBON_KEYS = ["NEW_HIRE", "STAFF", "SPEAKER", "AWARDEE", "ORGANIZER", "VISITOR", "GUEST"] as const;

/** Badges of an event for its organizers: batch printing with progress, one badge at a time, and revocation. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:badge");
  const locale = await resolveLocale(request, user.locale);
  const query = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const [event, ribbons, departments, badges] = await Promise.all([
    prisma.event.findUnique({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true } }),
    prisma.badge.groupBy({ by: ["ribbon"], where: { eventId, revokedAt: null, registration: { status: "CONFIRMED" } }, _count: { _all: true } }),
    listDepartments(),
    prisma.badge.findMany({
      where: { eventId, revokedAt: null, ...(query ? { userId: { in: await matchingUserIds(query) } } : {}) },
      orderBy: [{ callingOrder: { sort: "asc", nulls: "last" } }, { user: { pinyin: "asc" } }],
      take: 200,
      select: {
        id: true,
        ribbon: true,
        callingOrder: true,
        user: { select: { nameZh: true, nameEn: true, pinyin: true, profile: { select: { department: { select: { nameZh: true, nameEn: true } } } } } },
      },
    }),
  ]);
  if (!event) throw notFound("event.notFound");
  const count = (ribbon: string) => ribbons.find((row) => row.ribbon === ribbon)?._count._all ?? 0;
  return {
    title: `${translate(locale, "badges.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn) },
    total: ribbons.reduce((sum, row) => sum + row._count._all, 0),
    ribbons: RIBBON_KEYS.filter((ribbon) => count(ribbon)).map((ribbon) => ({ value: ribbon, label: `${translate(locale, `badge.ribbon.${ribbon}`)} (${count(ribbon)})` })),
    departments: departments.map((d) => ({ value: d.id, label: pick(locale, d.nameZh, d.nameEn) })),
    query,
    badges: badges.map((badge) => ({
      id: badge.id,
      name: `${badge.user.nameZh} ${badge.user.pinyin || badge.user.nameEn}`,
      department: badge.user.profile?.department ? pick(locale, badge.user.profile.department.nameZh, badge.user.profile.department.nameEn) : "",
      ribbon: translate(locale, `badge.ribbon.${badge.ribbon}`),
      callingOrder: badge.callingOrder,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:badge");
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "print") {
    const parsed = printRequestSchema.safeParse(form);
    if (!parsed.success) throw badRequest("badges.badRequest");
    const event = await prisma.event.findUniqueOrThrow({ where: { id: eventId }, select: { id: true, slug: true } });
    return { kind: "job" as const, jobId: await startPrintJob(user.id, event, parsed.data) };
  }
  if (form.intent === "revoke") {
    const reason = String(form.reason ?? "").trim();
    if (!reason || reason.length > 200) throw badRequest("badges.reasonRequired");
    const successor = await revokeAndReissue(user.id, eventId, String(form.badgeId ?? ""), reason);
    if (!successor) throw notFound("badges.notFound");
    return { kind: "revoked" as const, badgeId: successor.id };
  }
  throw badRequest();
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

/** Starts a batch and follows it until the PDF is ready: a progress bar, then the download. */
function BatchPrint({ slug, ribbons, departments }: { slug: string; ribbons: Array<{ value: string; label: string }>; departments: Array<{ value: string; label: string }> }) {
  const t = useT();
  const start = useFetcher<typeof action>();
  const poll = useFetcher<JobProgress>();
  const jobId = start.data?.kind === "job" ? start.data.jobId : null;
  const progress = poll.data && poll.data.id === jobId ? poll.data : null;
  const running = Boolean(jobId) && progress?.status !== "done" && progress?.status !== "failed";
  const { load, state } = poll;

  // One request at a time: the next poll is scheduled when the last answer is in, never on top of it.
  useEffect(() => {
    if (!jobId || !running || state !== "idle") return;
    const timer = setTimeout(() => load(`/events/${slug}/badges/jobs/${jobId}`), progress ? 300 : 0);
    return () => clearTimeout(timer);
  }, [jobId, running, state, progress, slug, load]);

  return (
    <section className="card stack" aria-labelledby="print-heading">
      <h2 id="print-heading">{t("badges.print")}</h2>
      <start.Form method="post" className="stack">
        <input type="hidden" name="intent" value="print" />
        <div className="form-row">
          <div className="field">
            <label htmlFor="print-ribbon">{t("badges.who")}</label>
            <select id="print-ribbon" name="ribbon" defaultValue="NEW_HIRE">
              <Options options={ribbons} empty={t("badges.everyone")} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="print-department">{t("badges.department")}</label>
            <select id="print-department" name="departmentId" defaultValue="">
              <Options options={departments} empty={t("badges.allDepartments")} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="print-sort">{t("badges.sort")}</label>
            <select id="print-sort" name="sort" defaultValue="calling">
              <option value="calling">{t("badges.sort.calling")}</option>
              <option value="department">{t("badges.sort.department")}</option>
              <option value="name">{t("badges.sort.name")}</option>
            </select>
          </div>
        </div>
        <div className="form-row">
          <fieldset className="field">
            <legend>{t("badges.size")}</legend>
            <label>
              <input type="radio" name="size" value="CR80" defaultChecked /> {t("badges.size.CR80")}
            </label>
            <label>
              <input type="radio" name="size" value="A6" /> {t("badges.size.A6")}
            </label>
          </fieldset>
          <fieldset className="field">
            <legend>{t("badges.layout")}</legend>
            <label>
              <input type="radio" name="layout" value="sheet" defaultChecked /> {t("badges.layout.sheet")}
            </label>
            <label>
              <input type="radio" name="layout" value="cards" /> {t("badges.layout.cards")}
            </label>
          </fieldset>
        </div>
        <div>
          <button type="submit" disabled={running || start.state !== "idle"}>
            {t("badges.printButton")}
          </button>
        </div>
      </start.Form>
      {jobId ? (
        <div className="print-progress" role="status" aria-live="polite" data-testid="print-progress">
          <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label={t("badges.progressLabel")} />
          <p>
            {progress?.status === "done"
              ? t("badges.ready", { total: progress.total, seconds: (progress.seconds ?? 0).toFixed(1) })
              : progress?.status === "failed"
                ? t("badges.failed")
                : t("badges.progress", { done: progress?.done ?? 0, total: progress?.total ?? "…" })}
          </p>
          {progress?.warnings.length ? (
            <p className="alert error">{t("badges.glyphWarning", { names: progress.warnings.join("、") })}</p>
          ) : null}
          {progress?.status === "done" ? (
            <a className="button" href={`/events/${slug}/badges/jobs/${jobId}.pdf`} download>
              {t("badges.download")}
            </a>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function RevokeButton({ badgeId, name }: { badgeId: string; name: string }) {
  const t = useT();
  const revoke = useFetcher<typeof action>();
  if (revoke.data?.kind === "revoked") return <span role="status">{t("badges.revoked")}</span>;
  return (
    <details className="revoke">
      <summary>{t("badges.revoke")}</summary>
      <revoke.Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="badgeId" value={badgeId} />
        <label htmlFor={`reason-${badgeId}`}>{t("badges.reasonFor", { name })}</label>
        <input type="text" id={`reason-${badgeId}`} name="reason" required maxLength={200} />
        <button type="submit" className="secondary">
          {t("badges.revokeConfirm")}
        </button>
      </revoke.Form>
    </details>
  );
}

export default function EventBadges() {
  const { event, total, ribbons, departments, query, badges } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("badges.title")}</h1>
      <p className="meta">{t("badges.total", { total })}</p>
      <BatchPrint slug={event.slug} ribbons={ribbons} departments={departments} />
      <section className="stack" aria-labelledby="list-heading">
        <h2 id="list-heading">{t("badges.list")}</h2>
        <Form method="get" className="form-row" style={{ alignItems: "end" }}>
          <div className="field">
            <label htmlFor="badge-query">{t("badges.search")}</label>
            <input id="badge-query" name="q" type="search" defaultValue={query} />
          </div>
          <div>
            <button type="submit" className="secondary">
              {t("badges.searchButton")}
            </button>
          </div>
        </Form>
        <div className="table-wrap">
          <table className="stacked">
            <thead>
              <tr>
                <th scope="col">{t("badges.col.order")}</th>
                <th scope="col">{t("badges.col.name")}</th>
                <th scope="col">{t("badges.col.department")}</th>
                <th scope="col">{t("badges.col.ribbon")}</th>
                <th scope="col">{t("badges.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {badges.map((badge) => (
                <tr key={badge.id}>
                  <td data-label={t("badges.col.order")}>{badge.callingOrder ?? "—"}</td>
                  <td data-label={t("badges.col.name")}>{badge.name}</td>
                  <td data-label={t("badges.col.department")}>{badge.department}</td>
                  <td data-label={t("badges.col.ribbon")}>{badge.ribbon}</td>
                  <td data-label={t("badges.col.actions")}>
                    <div className="actions">
                      <a className="button secondary" href={`/events/${event.slug}/badges/${badge.id}.pdf`} download aria-label={t("badges.pdfFor", { name: badge.name })}>
                        PDF
                      </a>
                      <RevokeButton badgeId={badge.id} name={badge.name} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {badges.length === 200 ? <p className="meta">{t("badges.capped")}</p> : null}
      </section>
    </div>
  );
}
