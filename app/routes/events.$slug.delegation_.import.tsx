import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { RefObject } from "react";
import { z } from "zod";

import { Bilingual } from "~/components/bilingual";
import { ImportColumnsTable, SpreadsheetUploadForm, useImportIntent, useResultHeading } from "~/components/spreadsheet-upload";
import { requireDelegationEditor } from "~/models/delegation.server";
import {
  confirmDelegationImport,
  DELEGATION_COLUMNS,
  DELEGATION_HEADERS,
  previewDelegationImport,
  type DelegationImportPreview,
} from "~/models/delegation-import.server";
import delegationStylesHref from "~/styles/delegation.css";
import { pick, translate, useT, type Locale, type MessageKey } from "~/utils/i18n";
import { readUploadedSpreadsheet } from "~/utils/spreadsheet-upload.server";
import { MAX_SIZE_LABEL } from "~/utils/upload-limits";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: delegationStylesHref }];

/** A small file in the documented shape, shown on the page: the leader, a member, and a member without email. */
const EXAMPLE_CSV = [
  "中文名/Chinese name,英文名/English name,职务/Title (Chinese),英文职务/Title (English),单位/Organisation (Chinese),英文单位/Organisation (English),邮箱/Email,电话/Phone,饮食/Dietary needs,翻译/Interpreter needs,团长/Leader",
  "吴朝晖,Wu Zhaohui,校长,President,浙江大学,Zhejiang University,wu.zhaohui@zju.example,+86 571 8795 0000,,,是",
  "王立忠,Wang Lizhong,副校长,Vice President,浙江大学,Zhejiang University,wang.lizhong@zju.example,,清真,,",
  ",Anna Schmidt,,Visiting Professor,,Zhejiang University,,,素食 vegetarian,英语 English,",
].join("\n");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { visit, locale } = await requireDelegationEditor(request, params.slug);
  const done = z.coerce.number().int().min(0).max(10_000).safeParse(new URL(request.url).searchParams.get("added"));
  return {
    title: `${translate(locale, "delegation.import.title")} · ${pick(locale, visit.titleZh, visit.titleEn)}`,
    visit: { slug: visit.slug, title: pick(locale, visit.titleZh, visit.titleEn) },
    added: new URL(request.url).searchParams.has("added") && done.success ? done.data : null,
    columns: DELEGATION_COLUMNS.map((column) => ({ column, names: DELEGATION_HEADERS[column] })),
  };
}

type IssueView = { line: number; column: string; message: string };
type MemberView = {
  line: number;
  precedence: number;
  nameZh: string;
  nameEn: string;
  titleZh: string;
  titleEn: string;
  organisationZh: string;
  organisationEn: string;
  email: string;
  phone: string;
  dietaryNeeds: string;
  interpreterNeeds: string;
  isLeader: boolean;
  linked: boolean;
};
type PreviewView = {
  fileName: string;
  sheetName: string | null;
  ignoredColumns: string[];
  counts: DelegationImportPreview["counts"];
  issues: IssueView[];
  members: MemberView[];
  replacesLeader: string | null;
};
type ActionData = { stage: "problem"; message: string } | { stage: "preview"; preview: PreviewView; token: string | null; notice: MessageKey | null };

const fail = (locale: Locale, status: 400 | 409, messageKey: MessageKey, params: Record<string, string | number> = {}) =>
  data<ActionData>({ stage: "problem", message: translate(locale, messageKey, params) }, { status });

/** Only what the page shows, issues already in the reader's language. */
function previewView(locale: Locale, preview: DelegationImportPreview): PreviewView {
  return {
    fileName: preview.fileName,
    sheetName: preview.sheetName,
    ignoredColumns: preview.ignoredColumns,
    counts: preview.counts,
    issues: preview.issues.map((issue) => ({ line: issue.line, column: issue.column, message: translate(locale, issue.messageKey, issue.params) })),
    members: preview.members.map(({ account, ...member }) => ({ ...member, linked: account === "link" })),
    replacesLeader: preview.replacesLeader ? pick(locale, preview.replacesLeader.nameZh, preview.replacesLeader.nameEn) : null,
  };
}

/**
 * Two steps on one page, as the award import: a multipart POST (intent=preview) reads the file and answers with the
 * preview and, when every line is valid, a sealed copy of the members; nothing is written. A form POST
 * (intent=confirm) carries the seal back, appends the members, and redirects to the delegation.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, visit, locale } = await requireDelegationEditor(request, params.slug);

  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readUploadedSpreadsheet(request);
    if (!upload.ok) return fail(locale, 400, `delegation.import.problem.${upload.problem}`, upload.problem === "tooLarge" ? { max: MAX_SIZE_LABEL } : {});
    const outcome = await previewDelegationImport({ eventId: visit.id, actorId: user.id, fileName: upload.fileName, bytes: upload.bytes });
    if (!outcome.ok) return fail(locale, 400, outcome.problem.messageKey, outcome.problem.params);
    return data<ActionData>({ stage: "preview", preview: previewView(locale, outcome.preview), token: outcome.token, notice: null });
  }

  const form = await request.formData();
  const token = form.get("token");
  if (form.get("intent") !== "confirm" || typeof token !== "string" || !token) return fail(locale, 400, "delegation.import.expired");
  const outcome = await confirmDelegationImport({ eventId: visit.id, actorId: user.id, token });
  if (!outcome.ok) {
    if (outcome.reason === "expired") return fail(locale, 400, "delegation.import.expired");
    if (outcome.reason === "used") return fail(locale, 409, "delegation.import.used");
    return data<ActionData>({ stage: "preview", preview: previewView(locale, outcome.preview), token: outcome.token, notice: "delegation.import.changed" }, { status: 409 });
  }
  return redirect(`/events/${visit.slug}/delegation?done=imported&count=${outcome.summary.added}#members-heading`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function DelegationImport() {
  const { visit, columns } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // a new key after every submission clears the file input, so the corrected file is picked afresh
  const t = useT();
  const busyIntent = useImportIntent();
  const resultHeading = useResultHeading(actionData);

  return (
    <div className="stack delegation">
      <p className="meta">
        <Link to={`/events/${visit.slug}`}>{visit.title}</Link> / <Link to={`/events/${visit.slug}/delegation`}>{t("delegation.title")}</Link>
      </p>
      <h1>{t("delegation.import.title")}</h1>
      <p>{t("delegation.import.intro")}</p>
      <p>
        <a href={`/events/${visit.slug}/delegation/template.csv`} download>
          {t("delegation.template.link")}
        </a>
      </p>

      <SpreadsheetUploadForm
        id="delegation-file"
        label={actionData ? t("delegation.import.fileAgain") : t("delegation.import.file")}
        hint={(values) => t("delegation.import.fileHint", values)}
        submit={t("delegation.import.previewSubmit")}
        reading={t("delegation.import.reading")}
      />

      {actionData?.stage === "problem" ? (
        <section className="alert error stack" aria-labelledby="delegation-import-problem-heading" data-testid="delegation-import-problem">
          <h2 id="delegation-import-problem-heading" ref={resultHeading} tabIndex={-1} style={{ marginTop: 0 }}>
            {t("delegation.import.problem.title")}
          </h2>
          <p>{actionData.message}</p>
          <p style={{ marginBottom: 0 }}>{t("delegation.import.nothingWritten")}</p>
        </section>
      ) : null}
      {actionData?.stage === "preview" ? (
        <PreviewReport preview={actionData.preview} token={actionData.token} notice={actionData.notice} importing={busyIntent === "confirm"} headingRef={resultHeading} />
      ) : null}

      <details className="card">
        <summary>{t("delegation.import.columns.title")}</summary>
        <div className="stack">
          <p className="meta">{t("delegation.import.columns.intro")}</p>
          <ImportColumnsTable
            headings={{ column: t("delegation.import.columns.column"), names: t("delegation.import.columns.names"), rule: t("delegation.import.columns.rule") }}
            columns={columns.map(({ column, names }) => ({ key: column, label: t(`delegation.field.${column}`), names, rule: t(`delegation.import.rule.${column}`) }))}
          />
          <h3 id="delegation-import-example">{t("delegation.import.columns.example")}</h3>
          {/* a long line scrolls inside its box on a phone; focusable so a keyboard can scroll it too */}
          <pre className="table-wrap delegation-example" tabIndex={0} aria-labelledby="delegation-import-example" lang="zh-CN">
            {EXAMPLE_CSV}
          </pre>
        </div>
      </details>
    </div>
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
    [counts.errors ? "valid" : "members", counts.members],
    ["linked", counts.linked],
    ["errors", counts.errors],
  ] as const;
  return (
    <section className="stack" aria-labelledby="delegation-import-preview-heading" data-testid="delegation-import-preview">
      <h2 id="delegation-import-preview-heading" ref={headingRef} tabIndex={-1}>
        {t("delegation.import.previewTitle", { file: preview.fileName })}
      </h2>
      {notice ? (
        <div className="alert error" role="alert">
          {t(notice)}
        </div>
      ) : null}
      <p className="meta">
        {t("delegation.import.notSaved")}
        {preview.sheetName ? ` ${t("delegation.import.sheet", { sheet: preview.sheetName })}` : ""}
        {preview.ignoredColumns.length ? ` ${t("delegation.import.ignored", { columns: preview.ignoredColumns.join(t("delegation.import.listSeparator")) })}` : ""}
      </p>
      <ul className="count-tiles" aria-label={t("delegation.import.countsLabel")}>
        {tiles.map(([key, count]) => (
          <li key={key} className="card" data-testid={`delegation-import-count-${key}`}>
            <span className="count">{count}</span> {t(`delegation.import.count.${key}`)}
          </li>
        ))}
      </ul>

      {preview.issues.length ? (
        <div className="alert error stack" data-testid="delegation-import-issues">
          <h3 style={{ marginTop: 0 }}>{t("delegation.import.issuesTitle", { count: counts.errors })}</h3>
          <div className="table-wrap">
            <table className="stacked">
              <caption className="visually-hidden">{t("delegation.import.issuesCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("delegation.import.col.line")}</th>
                  <th scope="col">{t("delegation.import.col.column")}</th>
                  <th scope="col">{t("delegation.import.col.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.issues.map((issue, i) => (
                  <tr key={`${issue.line}-${issue.column}-${i}`}>
                    <td data-label={t("delegation.import.col.line")}>{issue.line}</td>
                    <td data-label={t("delegation.import.col.column")}>{issue.column}</td>
                    <td data-label={t("delegation.import.col.problem")}>{issue.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      <p data-testid="delegation-import-choice">
        <strong>{counts.errors > 0 ? t("delegation.import.choice.errors") : t("delegation.import.choice.ready", { count: counts.members })}</strong>
      </p>
      {preview.replacesLeader && counts.errors === 0 ? <p className="alert">{t("delegation.import.replacesLeader", { name: preview.replacesLeader })}</p> : null}

      {token ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="token" value={token} />
          <div>
            <button type="submit" disabled={importing}>
              {importing ? t("delegation.import.importing") : t("delegation.import.confirm", { count: counts.members })}
            </button>
          </div>
        </Form>
      ) : null}

      {preview.members.length ? (
        <div className="stack">
          {counts.errors ? <p className="meta">{t("delegation.import.validOnly")}</p> : null}
          <div className="table-wrap">
            <table className="stacked delegation-members" data-testid="delegation-import-members">
              <caption className="visually-hidden">{t("delegation.import.membersCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("delegation.col.precedence")}</th>
                  <th scope="col">{t("delegation.import.col.line")}</th>
                  <th scope="col">{t("delegation.col.name")}</th>
                  <th scope="col">{t("delegation.col.titleOrganisation")}</th>
                  <th scope="col">{t("delegation.col.contact")}</th>
                  <th scope="col">{t("delegation.col.dietary")}</th>
                  <th scope="col">{t("delegation.col.interpreter")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.members.map((member) => (
                  <tr key={member.line} data-testid={`delegation-import-line-${member.line}`}>
                    <td className="delegation-precedence">
                      <span className="visually-hidden">{t("delegation.col.precedence")} </span>
                      {member.precedence}
                    </td>
                    <td data-label={t("delegation.import.col.line")} className="delegation-line">
                      {member.line}
                    </td>
                    <td className="delegation-name">
                      <Bilingual zh={member.nameZh} en={member.nameEn} />
                      {member.isLeader ? <span className="tag delegation-leader">{t("delegation.leader")}</span> : null}
                      {member.linked ? <span className="tag">{t("delegation.import.linked")}</span> : null}
                    </td>
                    <td className="delegation-title">
                      <Bilingual zh={member.titleZh} en={member.titleEn} />
                      <span className="delegation-organisation-line">
                        <span className="visually-hidden">{t("delegation.col.organisation")}: </span>
                        {[member.organisationZh, member.organisationEn].filter(Boolean).join(" · ") || t("delegation.import.organisationDefault")}
                      </span>
                    </td>
                    <td data-label={t("delegation.col.contact")} className={`delegation-contact${member.email || member.phone ? "" : " is-empty"}`}>
                      {member.email ? <span>{member.email}</span> : null}
                      {member.phone ? <span>{member.phone}</span> : null}
                      {!member.email && !member.phone ? <span className="meta">—</span> : null}
                    </td>
                    <td data-label={t("delegation.col.dietary")} className={member.dietaryNeeds ? undefined : "is-empty"}>
                      {member.dietaryNeeds || <span className="meta">—</span>}
                    </td>
                    <td data-label={t("delegation.col.interpreter")} className={member.interpreterNeeds ? undefined : "is-empty"}>
                      {member.interpreterNeeds || <span className="meta">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </section>
  );
}
