import { Link } from "@remix-run/react";

import { useT } from "~/utils/i18n";

type SummaryRow = { id: string; title: string; owner: string; due: string | null; overdue: boolean; doneLine: string | null };
export type OutcomesSummaryData = { counts: string; open: SummaryRow[]; done: SummaryRow[] };

/** On a visit's own page: "Outcomes: 3 open · 1 done", the actions by state, and the way to the outcomes page. */
export function VisitOutcomesSummary({ slug, summary }: { slug: string; summary: OutcomesSummaryData }) {
  const t = useT();
  const list = (rows: SummaryRow[], testId: string) => (
    <ul className="outcomes-summary-list" style={{ margin: 0, paddingInlineStart: "1.25rem" }} data-testid={testId}>
      {rows.map((row) => (
        <li key={row.id}>
          {row.title}
          <span className="meta">
            {" · "}
            {row.owner}
            {row.due ? ` · ${row.due}` : null}
            {row.doneLine ? ` · ${row.doneLine}` : null}
          </span>
          {row.overdue ? <span className="tag cancelled outcomes-overdue-tag" style={{ marginInlineStart: ".5rem" }}>{t("outcomes.action.overdue")}</span> : null}
        </li>
      ))}
    </ul>
  );
  return (
    <section className="card stack outcomes-summary" aria-labelledby="outcomes-summary-heading" data-testid="outcomes-summary">
      <h2 id="outcomes-summary-heading" style={{ margin: 0 }}>{t("outcomes.summary.heading", { counts: summary.counts })}</h2>
      {summary.open.length ? (
        <>
          <h3 style={{ margin: 0, fontSize: "1rem" }}>{t("outcomes.summary.open")}</h3>
          {list(summary.open, "outcomes-summary-open")}
        </>
      ) : null}
      {summary.done.length ? (
        <>
          <h3 style={{ margin: 0, fontSize: "1rem" }}>{t("outcomes.summary.done")}</h3>
          {list(summary.done, "outcomes-summary-done")}
        </>
      ) : null}
      <p style={{ margin: 0 }}>
        <Link to={`/events/${slug}/outcomes`}>{t("outcomes.summary.link")}</Link>
      </p>
    </section>
  );
}
