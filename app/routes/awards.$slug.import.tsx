import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { RefObject } from "react";
import { z } from "zod";

import { ImportColumnsTable, SpreadsheetUploadForm, useImportIntent, useResultHeading } from "~/components/spreadsheet-upload";
import { requireProgramme } from "~/models/award.server";
import {
  AWARD_IMPORT_COLUMNS,
  AWARD_IMPORT_HEADERS,
  awardImportBlock,
  confirmAwardImport,
  previewAwardImport,
  type AwardImportColumn,
  type AwardImportIssue,
  type AwardImportPreview,
  type AwardImportProblem,
  type ImportPerson,
} from "~/models/award-import.server";
import awardStylesHref from "~/styles/awards.css";
import { prisma } from "~/utils/db.server";
import { pick, translate, useT, type Locale, type MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { readUploadedSpreadsheet } from "~/utils/spreadsheet-upload.server";
import { MAX_SIZE_LABEL } from "~/utils/upload-limits";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: awardStylesHref }];

/** The result of a finished import, carried by the redirect after it. */
const DoneSchema = z.object({ imported: z.coerce.number().int().min(0).max(100_000), already: z.coerce.number().int().min(0).max(100_000).default(0) });
/** A file of three lines, one of each kind, in the documented column order. */
const EXAMPLE_CSV = [
  "category_zh,level_zh,kind,recipient,team_name_en,members,citation_zh,citation_en",
  "科技奖,一等奖,团队,人工智能开源平台研发团队,Artificial Intelligence Open Source Platform Team,pan.yunhe@lab.example; ZJ20180010; ZJ20180016,建成并发布人工智能开源平台。,Built and launched the AI Open Source Platform.",
  "青年科技奖,,个人,ZJ20180007,,,在异构智能计算任务调度方向取得系列成果。,",
  "贡献奖,先进集体,部门,HR,,,,",
].join("\n");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { programme, user } = await requireProgramme(request, params.slug, { manage: true });
  const locale = await resolveLocale(request, user?.locale);
  const [categories, blocked] = await Promise.all([
    prisma.awardCategory.findMany({ where: { programmeId: programme.id }, orderBy: { position: "asc" }, select: { id: true, nameZh: true, levelZh: true, nameEn: true, levelEn: true } }),
    awardImportBlock(programme.id),
  ]);
  const done = DoneSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return {
    title: `${translate(locale, "awardImport.title")} · ${pick(locale, programme.nameZh, programme.nameEn)}`,
    programme: { slug: programme.slug, name: pick(locale, programme.nameZh, programme.nameEn) },
    blocked,
    done: done.success ? done.data : null,
    // the exact Chinese names a file must use, with the English beside them for those who read it
    categories: categories.map((category) => ({
      id: category.id,
      zh: [category.nameZh, category.levelZh].filter(Boolean).join(" · "),
      en: [category.nameEn, category.levelEn].filter(Boolean).join(" · "),
    })),
    columns: AWARD_IMPORT_COLUMNS.map((column) => ({ column, names: AWARD_IMPORT_HEADERS[column] })),
  };
}

type IssueView = Pick<AwardImportIssue, "line" | "column" | "messageKey" | "params">;
type ProblemView = { messageKey: MessageKey; params: Record<string, string | number>; columns: AwardImportColumn[] };
type PersonView = { id: string; nameZh: string; nameEn: string; department: string | null; isLead: boolean };
type AwardView = {
  line: number;
  kind: "INDIVIDUAL" | "TEAM" | "DEPARTMENT";
  nameZh: string;
  nameEn: string;
  /** a person's department; a department's code */
  detail: string | null;
  members: PersonView[];
  citationZh: string;
  citationEn: string;
  already: boolean;
};
type CategoryView = { id: string; name: string; level: string; awards: AwardView[] };
type PreviewView = {
  fileName: string;
  sheetName: string | null;
  ignoredColumns: string[];
  counts: AwardImportPreview["counts"];
  issues: IssueView[];
  categories: CategoryView[];
};
type ActionData = { stage: "problem"; problem: ProblemView } | { stage: "preview"; preview: PreviewView; token: string | null; notice: MessageKey | null };

const fail = (status: 400 | 409, messageKey: MessageKey, params: Record<string, string | number> = {}) =>
  data<ActionData>({ stage: "problem", problem: { messageKey, params, columns: [] } }, { status });

function problemView(problem: AwardImportProblem): ProblemView {
  return { messageKey: problem.messageKey, params: problem.params ?? {}, columns: problem.columns ?? [] };
}

/** Only what the page shows: names in both languages, departments in the reader's, grouped by category. */
function previewView(locale: Locale, preview: AwardImportPreview): PreviewView {
  const department = (person: ImportPerson) => (person.department ? pick(locale, person.department.nameZh, person.department.nameEn) : null);
  const categories = new Map<string, CategoryView & { position: number }>();
  for (const award of preview.awards) {
    const { category, recipient } = award;
    let group = categories.get(category.id);
    if (!group) {
      group = { id: category.id, position: category.position, name: pick(locale, category.nameZh, category.nameEn), level: pick(locale, category.levelZh, category.levelEn), awards: [] };
      categories.set(category.id, group);
    }
    const base = { line: award.line, kind: recipient.kind, citationZh: award.citationZh, citationEn: award.citationEn, already: award.already };
    group.awards.push(
      recipient.kind === "INDIVIDUAL"
        ? { ...base, nameZh: recipient.person.nameZh, nameEn: recipient.person.nameEn, detail: department(recipient.person), members: [] }
        : recipient.kind === "TEAM"
          ? {
              ...base,
              nameZh: recipient.nameZh,
              nameEn: recipient.nameEn,
              detail: null,
              members: recipient.members.map((member, i) => ({ id: member.id, nameZh: member.nameZh, nameEn: member.nameEn, department: department(member), isLead: i === 0 })),
            }
          : { ...base, nameZh: recipient.department.nameZh, nameEn: recipient.department.nameEn, detail: recipient.department.code, members: [] },
    );
  }
  return {
    fileName: preview.fileName,
    sheetName: preview.sheetName,
    ignoredColumns: preview.ignoredColumns,
    counts: preview.counts,
    issues: preview.issues.map(({ line, column, messageKey, params }) => ({ line, column, messageKey, ...(params ? { params } : {}) })),
    categories: [...categories.values()].sort((a, b) => a.position - b.position).map(({ position: _position, ...group }) => group),
  };
}

/**
 * Two steps on one page, as the cohort import: a multipart POST (intent=preview) reads the file and answers with
 * the preview and, when every line is valid, a sealed copy of the lines; nothing is written. A form POST
 * (intent=confirm) carries the seal back, imports, and redirects here with the counts.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { programme, user } = await requireProgramme(request, params.slug, { manage: true });
  const actorId = user!.id;
  const locale = await resolveLocale(request, user?.locale);

  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readUploadedSpreadsheet(request);
    if (!upload.ok) return fail(400, `awardImport.problem.${upload.problem}`, upload.problem === "tooLarge" ? { max: MAX_SIZE_LABEL } : {});
    const outcome = await previewAwardImport({ programmeId: programme.id, actorId, fileName: upload.fileName, bytes: upload.bytes });
    if (!outcome.ok) {
      if ("blocked" in outcome) return fail(409, outcome.blocked);
      return data<ActionData>({ stage: "problem", problem: problemView(outcome.problem) }, { status: 400 });
    }
    return data<ActionData>({ stage: "preview", preview: previewView(locale, outcome.preview), token: outcome.token, notice: null });
  }

  const form = await request.formData();
  const token = form.get("token");
  if (form.get("intent") !== "confirm" || typeof token !== "string" || !token) return fail(400, "awardImport.expired");
  const outcome = await confirmAwardImport({ programmeId: programme.id, actorId, token });
  if (!outcome.ok) {
    if (outcome.reason === "expired") return fail(400, "awardImport.expired");
    if (outcome.reason === "used") return fail(409, "awardImport.used");
    if (outcome.reason === "blocked") return fail(409, outcome.blocked);
    return data<ActionData>({ stage: "preview", preview: previewView(locale, outcome.preview), token: outcome.token, notice: "awardImport.changed" }, { status: 409 });
  }
  return redirect(`/awards/${programme.slug}/import?${new URLSearchParams({ imported: String(outcome.summary.awards), already: String(outcome.summary.already) })}`);
}

export default function AwardImport() {
  const { programme, blocked, done, categories, columns } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // a new key after every submission clears the file input, so the corrected file is picked afresh
  const t = useT();
  const busyIntent = useImportIntent();
  const resultHeading = useResultHeading(actionData);

  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/awards/${programme.slug}/manage`}>{programme.name}</Link>
      </p>
      <h1>{t("awardImport.title")}</h1>
      <p>{t("awardImport.intro")}</p>

      {done && !actionData ? (
        <section className="alert success stack" role="status" aria-labelledby="award-import-done" data-testid="award-import-done">
          <h2 id="award-import-done" style={{ marginTop: 0 }}>
            {t("awardImport.done.title", { awards: done.imported })}
          </h2>
          {done.already ? <p>{t("awardImport.done.already", { already: done.already })}</p> : null}
          <p style={{ marginBottom: 0 }}>
            <Link to={`/awards/${programme.slug}/manage`}>{t("awardImport.done.view")}</Link>
          </p>
        </section>
      ) : null}

      {blocked ? (
        <div className="alert error" role="alert">
          {t(blocked)}
        </div>
      ) : (
        <SpreadsheetUploadForm
          id="award-file"
          label={actionData ? t("awardImport.fileAgain") : t("awardImport.file")}
          hint={(values) => t("awardImport.fileHint", values)}
          submit={t("awardImport.preview.submit")}
          reading={t("awardImport.preview.reading")}
        />
      )}

      {actionData?.stage === "problem" ? <ProblemReport problem={actionData.problem} headingRef={resultHeading} /> : null}
      {actionData?.stage === "preview" ? (
        <PreviewReport preview={actionData.preview} token={actionData.token} notice={actionData.notice} importing={busyIntent === "confirm"} headingRef={resultHeading} />
      ) : null}

      <details className="card">
        <summary>{t("awardImport.columns.title")}</summary>
        <div className="stack">
          <p className="meta">{t("awardImport.columns.intro")}</p>
          <ImportColumnsTable
            headings={{ column: t("awardImport.columns.column"), names: t("awardImport.columns.names"), rule: t("awardImport.columns.rule") }}
            columns={columns.map(({ column, names }) => ({ key: column, label: t(`awardImport.field.${column}`), names, rule: t(`awardImport.rule.${column}`) }))}
          />
          <h3 id="award-import-example">{t("awardImport.columns.example")}</h3>
          {/* a long line scrolls inside its box on a phone; focusable so a keyboard can scroll it too */}
          <pre className="table-wrap" style={{ padding: ".75rem", margin: 0 }} tabIndex={0} aria-labelledby="award-import-example" lang="zh-CN">
            {EXAMPLE_CSV}
          </pre>
          <h3>{t("awardImport.categories.title")}</h3>
          {categories.length ? (
            <ul data-testid="award-import-categories">
              {categories.map((category) => (
                <li key={category.id}>
                  <span lang="zh-CN">{category.zh}</span> <span className="meta">{category.en}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="meta">{t("awardImport.categories.none")}</p>
          )}
        </div>
      </details>
    </div>
  );
}

function ProblemReport({ problem, headingRef }: { problem: ProblemView; headingRef: RefObject<HTMLHeadingElement> }) {
  const t = useT();
  const columns = problem.columns.map((column) => t(`awardImport.field.${column}`)).join(t("awardImport.listSeparator"));
  return (
    <section className="alert error stack" aria-labelledby="award-import-problem-heading" data-testid="award-import-problem">
      <h2 id="award-import-problem-heading" ref={headingRef} tabIndex={-1} style={{ marginTop: 0 }}>
        {t("awardImport.problem.title")}
      </h2>
      <p>{t(problem.messageKey, { ...problem.params, columns })}</p>
      <p style={{ marginBottom: 0 }}>{t("awardImport.problem.nothingWritten")}</p>
    </section>
  );
}

function PreviewReport({
  preview,
  token,
  notice,
  importing,
  headingRef,
}: {
  preview: PreviewView;
  token: string | null;
  notice: MessageKey | null;
  importing: boolean;
  headingRef: RefObject<HTMLHeadingElement>;
}) {
  const t = useT();
  const { counts } = preview;
  const tiles = [
    [counts.errors ? "valid" : "awards", counts.awards],
    ["individuals", counts.individuals],
    ["teams", counts.teams],
    ["departments", counts.departments],
    ["already", counts.already],
    ["errors", counts.errors],
  ] as const;
  return (
    <section className="stack" aria-labelledby="award-import-preview-heading" data-testid="award-import-preview">
      <h2 id="award-import-preview-heading" ref={headingRef} tabIndex={-1}>
        {t("awardImport.preview.title", { file: preview.fileName })}
      </h2>
      {notice ? (
        <div className="alert error" role="alert">
          {t(notice)}
        </div>
      ) : null}
      <p className="meta">
        {t("awardImport.preview.notSaved")}
        {preview.sheetName ? ` ${t("awardImport.preview.sheet", { sheet: preview.sheetName })}` : ""}
        {preview.ignoredColumns.length ? ` ${t("awardImport.preview.ignored", { columns: preview.ignoredColumns.join(t("awardImport.listSeparator")) })}` : ""}
      </p>
      <ul className="count-tiles" aria-label={t("awardImport.preview.countsLabel")}>
        {tiles.map(([key, count]) => (
          <li key={key} className="card" data-testid={`award-import-count-${key}`}>
            <span className="count">{count}</span> {t(`awardImport.count.${key}`)}
          </li>
        ))}
      </ul>

      {preview.issues.length ? (
        <div className="alert error stack" data-testid="award-import-issues">
          <h3 style={{ marginTop: 0 }}>{t("awardImport.issues.title", { count: counts.errors })}</h3>
          <div className="table-wrap">
            <table className="stacked">
              <caption className="visually-hidden">{t("awardImport.issues.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("awardImport.col.line")}</th>
                  <th scope="col">{t("awardImport.col.column")}</th>
                  <th scope="col">{t("awardImport.col.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.issues.map((issue, i) => (
                  <tr key={`${issue.line}-${issue.column}-${i}`}>
                    <td data-label={t("awardImport.col.line")}>{issue.line}</td>
                    <td data-label={t("awardImport.col.column")}>{issue.column}</td>
                    <td data-label={t("awardImport.col.problem")}>{t(issue.messageKey, issue.params)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      <p data-testid="award-import-choice">
        <strong>
          {counts.errors > 0 ? t("awardImport.choice.errors") : counts.awards === 0 ? t("awardImport.choice.nothingNew") : t("awardImport.choice.ready", { awards: counts.awards })}
        </strong>
      </p>

      {token ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="token" value={token} />
          <div>
            <button type="submit" disabled={importing}>
              {importing ? t("awardImport.confirm.importing") : t("awardImport.confirm.submit", { count: counts.awards })}
            </button>
          </div>
        </Form>
      ) : null}

      {preview.categories.length ? (
        <div className="stack award-categories">
          <h3 className="visually-hidden">{t("awardImport.preview.treeTitle")}</h3>
          {counts.errors ? <p className="meta">{t("awardImport.preview.validOnly")}</p> : null}
          {preview.categories.map((category) => (
            <section key={category.id} className="award-category" aria-labelledby={`import-category-${category.id}`}>
              <h3 id={`import-category-${category.id}`}>
                {category.name}
                {category.level ? <span className="award-level"> · {category.level}</span> : null}
              </h3>
              <ol className="award-items">
                {category.awards.map((award) => (
                  <li key={award.line} className="card award-item" data-testid={`award-import-line-${award.line}`}>
                    <p className="meta">
                      {t("awardImport.line", { line: award.line })}
                      {award.already ? (
                        <>
                          {" · "}
                          <strong>{t("awardImport.already")}</strong>
                        </>
                      ) : null}
                    </p>
                    <p className="award-name">
                      <span lang="zh-CN">{award.nameZh}</span> <span lang="en" className="award-name-en">{award.nameEn}</span>
                      <span className="tag">{t(`awards.kind.${award.kind}`)}</span>
                    </p>
                    {award.kind === "INDIVIDUAL" ? <p className="meta">{award.detail ?? t("awardImport.noDepartment")}</p> : null}
                    {award.kind === "DEPARTMENT" ? <p className="meta">{award.detail}</p> : null}
                    {award.members.length ? (
                      <ul className="award-members" aria-label={t("awards.members")}>
                        {award.members.map((member) => (
                          <li key={member.id}>
                            <span lang="zh-CN">{member.nameZh}</span> <span className="meta">{[member.nameEn, member.department].filter(Boolean).join(" · ")}</span>
                            {member.isLead ? (
                              <>
                                {" "}
                                <span className="tag">{t("awards.lead")}</span>
                              </>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {award.citationZh ? (
                      <p className="award-citation" lang="zh-CN">
                        {award.citationZh}
                      </p>
                    ) : null}
                    {award.citationEn ? (
                      <p className="award-citation meta" lang="en">
                        {award.citationEn}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </div>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];
