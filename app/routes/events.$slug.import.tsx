import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { RefObject } from "react";
import { z } from "zod";

import { ImportColumnsTable, SpreadsheetUploadForm, useImportIntent, useResultHeading } from "~/components/spreadsheet-upload";
import {
  COHORT_FIELDS,
  cohortImportBlock,
  confirmCohortImport,
  HEADER_ALIASES,
  previewCohortImport,
  type CohortField,
  type CohortIssue,
  type CohortPreview,
  type FileProblem,
} from "~/models/cohort-import.server";
import type { RegistrationStatus } from "~/generated/prisma/client";
import { prisma } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { pick, translate, useT, type Locale, type MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission, userCan } from "~/utils/permissions.server";
import { readUploadedSpreadsheet } from "~/utils/spreadsheet-upload.server";
import { MAX_SIZE_LABEL } from "~/utils/upload-limits";

const SUMMARY_KEYS = ["created", "updated", "unchanged", "confirmed", "waitlisted", "already", "skipped"] as const;
/** The result of a finished import, carried by the redirect after it (like ?promoted= on the registrations page). */
const SummarySchema = z.object(Object.fromEntries(SUMMARY_KEYS.map((key) => [key, z.coerce.number().int().min(0).max(100_000)])) as Record<(typeof SUMMARY_KEYS)[number], z.ZodCoercedNumber>);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "create:registration");
  const locale = await resolveLocale(request, user.locale);
  const [event, confirmed, blocked] = await Promise.all([
    prisma.event.findUnique({ where: { id: eventId }, select: { slug: true, titleZh: true, titleEn: true, capacity: true } }),
    prisma.registration.count({ where: { eventId, status: "CONFIRMED" } }),
    cohortImportBlock(eventId),
  ]);
  if (!event) throw notFound("event.notFound");
  const summary = SummarySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    title: `${translate(locale, "import.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn) },
    seats: { capacity: event.capacity, confirmed },
    blocked,
    summary: summary.success ? summary.data : null,
    // The header names the import understands, for the help table: Chinese first, then English.
    columns: COHORT_FIELDS.map((field) => ({
      field,
      names: HEADER_ALIASES[field].filter((name) => !/^[a-z]+[A-Z]/.test(name)),
    })),
  };
}

type IssueView = Pick<CohortIssue, "line" | "column" | "messageKey" | "params">;
type ProblemView = { messageKey: MessageKey; params: Record<string, string | number>; fields: CohortField[]; issues: IssueView[] };
type PreviewRowView = {
  line: number;
  nameZh: string;
  nameEn: string;
  email: string;
  employeeNo: string;
  department: string;
  account: "create" | "update" | "unchanged";
  changes: CohortField[];
  registration: "confirm" | "waitlist" | "already";
  status: RegistrationStatus | null;
};
type PreviewView = {
  fileName: string;
  sheetName: string | null;
  ignoredColumns: string[];
  counts: CohortPreview["counts"];
  issues: IssueView[];
  rows: PreviewRowView[];
};
type ActionData =
  | { stage: "problem"; problem: ProblemView }
  | { stage: "preview"; preview: PreviewView; token: string | null; changed: boolean };

function problemView(problem: FileProblem): ProblemView {
  return { messageKey: problem.messageKey, params: problem.params ?? {}, fields: problem.fields ?? [], issues: problem.issues ?? [] };
}

const fail = (status: 400 | 409, messageKey: MessageKey, params: Record<string, string | number> = {}) =>
  data<ActionData>({ stage: "problem", problem: { messageKey, params, fields: [], issues: [] } }, { status });

/** Only what the page shows, with department names in the reader's language. */
function previewView(locale: Locale, preview: CohortPreview): PreviewView {
  return {
    fileName: preview.fileName,
    sheetName: preview.sheetName,
    ignoredColumns: preview.ignoredColumns,
    counts: preview.counts,
    issues: preview.issues,
    rows: preview.rows.map((planned) => ({
      line: planned.row.line,
      nameZh: planned.row.nameZh,
      nameEn: planned.row.nameEn,
      email: planned.row.email,
      employeeNo: planned.row.employeeNo,
      department: pick(locale, planned.department.nameZh, planned.department.nameEn),
      account: planned.account,
      changes: planned.changes,
      registration: planned.registration.kind,
      status: planned.registration.kind === "already" ? planned.registration.status : null,
    })),
  };
}

/**
 * Two steps on one page. A multipart POST (intent=preview) reads the file and answers with the preview and a
 * sealed copy of its valid rows; nothing is written. A form POST (intent=confirm) carries that seal back and
 * imports, then redirects to this page with the counts. A file that cannot be read at all is a 400 naming why.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "create:registration");
  const locale = await resolveLocale(request, user.locale);
  const isUpload = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");

  if (isUpload) {
    const upload = await readUploadedSpreadsheet(request);
    if (!upload.ok) return fail(400, `import.problem.${upload.problem}`, upload.problem === "tooLarge" ? { max: MAX_SIZE_LABEL } : {});
    const outcome = await previewCohortImport({
      mayUpdateAccounts: await userCan(user, "update:user"),
      eventId,
      actorId: user.id,
      fileName: upload.fileName,
      bytes: upload.bytes,
    });
    if (!outcome.ok) {
      if ("blocked" in outcome) return fail(409, outcome.blocked);
      return data<ActionData>({ stage: "problem", problem: problemView(outcome.problem) }, { status: 400 });
    }
    return data<ActionData>({ stage: "preview", preview: previewView(locale, outcome.preview), token: outcome.token, changed: false });
  }

  const form = await request.formData();
  const token = form.get("token");
  if (form.get("intent") !== "confirm" || typeof token !== "string" || token.length === 0) return fail(400, "import.expired");
  const outcome = await confirmCohortImport({ eventId, actorId: user.id, token, mayUpdateAccounts: await userCan(user, "update:user") });
  if (!outcome.ok) {
    if (outcome.reason === "expired") return fail(400, "import.expired");
    if (outcome.reason === "blocked") return fail(409, outcome.blocked);
    return data<ActionData>({ stage: "preview", preview: previewView(locale, outcome.preview), token: outcome.token, changed: true }, { status: 409 });
  }
  const { summary } = outcome;
  const query = new URLSearchParams({
    created: String(summary.created),
    updated: String(summary.updated),
    unchanged: String(summary.unchanged),
    confirmed: String(summary.confirmed),
    waitlisted: String(summary.waitlisted),
    already: String(summary.alreadyRegistered),
    skipped: String(summary.skipped),
  });
  return redirect(`/events/${params.slug}/import?${query}`);
}

export default function CohortImport() {
  const { event, seats, blocked, summary, columns } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A new key after every submission clears the file input: Chromium refuses to re-send a file edited since it
  // was chosen, so the organizer picks the corrected file afresh.
  const t = useT();
  const busyIntent = useImportIntent();
  const resultHeading = useResultHeading(actionData);

  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${event.slug}`}>{event.title}</Link>
        {" · "}
        <Link to={`/events/${event.slug}/registrations`}>{t("registrations.title")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p>{t("import.intro")}</p>
      <p className="meta" data-testid="import-seats">
        {seats.capacity === null
          ? t("import.seats.unlimited", { taken: seats.confirmed })
          : t("import.seats.limited", { taken: seats.confirmed, capacity: seats.capacity })}
      </p>

      {summary && !actionData ? <ImportSummary slug={event.slug} summary={summary} /> : null}

      {blocked ? (
        <div className="alert error" role="alert">
          {t(blocked)}
        </div>
      ) : (
        <SpreadsheetUploadForm
          id="cohort-file"
          label={actionData ? t("import.fileAgain") : t("import.file")}
          hint={(values) => t("import.fileHint", values)}
          submit={t("import.preview.submit")}
          reading={t("import.preview.reading")}
        />
      )}

      {actionData?.stage === "problem" ? <ProblemReport problem={actionData.problem} headingRef={resultHeading} /> : null}
      {actionData?.stage === "preview" ? (
        <PreviewReport
          preview={actionData.preview}
          token={actionData.token}
          changed={actionData.changed}
          importing={busyIntent === "confirm"}
          headingRef={resultHeading}
        />
      ) : null}

      <details className="card">
        <summary>{t("import.columns.title")}</summary>
        <p className="meta">{t("import.columns.intro")}</p>
        <ImportColumnsTable
          headings={{ column: t("import.columns.field"), names: t("import.columns.names"), rule: t("import.columns.rule") }}
          columns={columns.map(({ field, names }) => ({ key: field, label: t(`import.field.${field}`), names, rule: t(`import.rule.${field}`) }))}
        />
      </details>
    </div>
  );
}

function ImportSummary({ slug, summary }: { slug: string; summary: Record<(typeof SUMMARY_KEYS)[number], number> }) {
  const t = useT();
  return (
    <section className="alert success stack" role="status" aria-labelledby="import-done-heading">
      <h2 id="import-done-heading" style={{ marginTop: 0 }}>
        {t("import.done.title")}
      </h2>
      <ul className="count-tiles" data-testid="import-summary">
        {SUMMARY_KEYS.map((key) => (
          <li key={key} className="card" data-testid={`summary-${key}`}>
            <span className="count">{summary[key]}</span> {t(`import.summary.${key}`)}
          </li>
        ))}
      </ul>
      <p style={{ marginBottom: 0 }}>
        <Link to={`/events/${slug}/registrations`}>{t("import.done.view")}</Link>
      </p>
    </section>
  );
}

function useIssueText() {
  const t = useT();
  return (issue: IssueView) => t("import.issue", { line: issue.line, column: issue.column, message: t(issue.messageKey, issue.params) });
}

function ProblemReport({ problem, headingRef }: { problem: ProblemView; headingRef: RefObject<HTMLHeadingElement> }) {
  const t = useT();
  const issueText = useIssueText();
  const columns = problem.fields.map((field) => t(`import.field.${field}`)).join(t("import.listSeparator"));
  return (
    <section className="alert error stack" aria-labelledby="import-problem-heading" data-testid="import-problem">
      <h2 id="import-problem-heading" ref={headingRef} tabIndex={-1} style={{ marginTop: 0 }}>
        {t("import.problem.title")}
      </h2>
      <p>{t(problem.messageKey, { ...problem.params, columns })}</p>
      {problem.issues.length ? (
        <ul>
          {problem.issues.map((issue) => (
            <li key={`${issue.line}-${issue.column}-${issue.messageKey}`}>{issueText(issue)}</li>
          ))}
        </ul>
      ) : null}
      <p style={{ marginBottom: 0 }}>{t("import.problem.nothingWritten")}</p>
    </section>
  );
}

function PreviewReport({
  preview,
  token,
  changed,
  importing,
  headingRef,
}: {
  preview: PreviewView;
  token: string | null;
  changed: boolean;
  importing: boolean;
  headingRef: RefObject<HTMLHeadingElement>;
}) {
  const t = useT();
  const issueText = useIssueText();
  const { counts } = preview;
  const valid = preview.rows.length;
  // rows that would change something; a re-import of the same file has none, and then offers no button
  const work = counts.create + counts.update + counts.confirm + counts.waitlist;
  const tiles = [
    ["create", counts.create],
    ["update", counts.update],
    ["unchanged", counts.unchanged],
    ["errors", counts.errors],
    ["confirm", counts.confirm],
    ["waitlist", counts.waitlist],
    ["already", counts.already],
  ] as const;
  return (
    <section className="stack" aria-labelledby="import-preview-heading" data-testid="import-preview">
      <h2 id="import-preview-heading" ref={headingRef} tabIndex={-1}>
        {t("import.preview.title", { file: preview.fileName })}
      </h2>
      {changed ? (
        <div className="alert error" role="alert">
          {t("import.changed")}
        </div>
      ) : null}
      <p className="meta">
        {t("import.preview.notSaved")}
        {preview.sheetName ? ` ${t("import.preview.sheet", { sheet: preview.sheetName })}` : ""}
        {preview.ignoredColumns.length ? ` ${t("import.preview.ignored", { columns: preview.ignoredColumns.join(t("import.listSeparator")) })}` : ""}
      </p>
      <ul className="count-tiles" aria-label={t("import.preview.countsLabel")}>
        {tiles.map(([key, count]) => (
          <li key={key} className="card" data-testid={`preview-${key}`}>
            <span className="count">{count}</span> {t(`import.count.${key}`)}
          </li>
        ))}
      </ul>

      {preview.issues.length ? (
        <div className="alert error stack" data-testid="import-issues">
          <h3 style={{ marginTop: 0 }}>{t("import.issues.title", { count: counts.errors })}</h3>
          <ul>
            {preview.issues.map((issue) => (
              <li key={`${issue.line}-${issue.column}-${issue.messageKey}`}>{issueText(issue)}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <p data-testid="import-choice">
        <strong>
          {valid === 0
            ? t("import.choice.none")
            : work === 0
              ? t("import.choice.nothingNew", { valid })
              : counts.errors > 0
              ? t("import.choice.partial", { errors: counts.errors, valid })
              : t("import.choice.allValid", { valid })}
        </strong>
      </p>

      {token && work > 0 ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="token" value={token} />
          <div>
            <button type="submit" disabled={importing}>
              {importing ? t("import.confirm.importing", { count: valid }) : t("import.confirm.submit", { count: valid })}
            </button>
          </div>
          <p className="meta" role="status">
            {importing ? t("import.confirm.wait") : ""}
          </p>
        </Form>
      ) : null}

      {valid > 0 ? (
        <div className="table-wrap">
          <table className="stacked">
            <caption className="visually-hidden">{t("import.preview.tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("import.col.line")}</th>
                <th scope="col">{t("import.col.person")}</th>
                <th scope="col">{t("profile.department")}</th>
                <th scope="col">{t("import.col.account")}</th>
                <th scope="col">{t("import.col.registration")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line}>
                  <td data-label={t("import.col.line")}>{row.line}</td>
                  <td>
                    <strong lang="zh-CN">{row.nameZh}</strong> <span lang="en">{row.nameEn}</span>
                    <div className="meta">
                      {row.email} · {row.employeeNo}
                    </div>
                  </td>
                  <td data-label={t("profile.department")}>{row.department}</td>
                  <td data-label={t("import.col.account")}>
                    {row.account === "update"
                      ? t("import.account.update", { fields: row.changes.map((field) => t(`import.field.${field}`)).join(t("import.listSeparator")) })
                      : t(`import.account.${row.account}`)}
                  </td>
                  <td data-label={t("import.col.registration")}>
                    {row.registration === "already" && row.status
                      ? t("import.registration.already", { status: t(`registrations.count.${row.status}`) })
                      : t(`import.registration.${row.registration}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];
