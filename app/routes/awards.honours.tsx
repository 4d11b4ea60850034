import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";

import { Options } from "~/components/options";
import { awardHref, excerpt, HONOUR_KINDS, HonoursFilterSchema, listHonours, type Honour } from "~/models/honours.server";
import { listDepartments } from "~/models/user.server";
import honoursStylesHref from "~/styles/honours.css";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT, type Locale } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { getSessionUser } from "~/utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: honoursStylesHref },
  { rel: "alternate", type: "application/atom+xml", href: "/awards.atom", title: "获奖公告 · Award announcements" },
];

/** Public: anyone, signed in or not, may read the record of announced awards. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const parsed = HonoursFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw badRequest("honours.queryTooLong");
  const filter = parsed.data;
  const [roll, departments] = await Promise.all([listHonours(filter), listDepartments()]);
  // a page past the end is a link that cannot be right; page 1 of nothing is an honest empty roll
  if (roll.honours.length === 0 && filter.page > 1) throw notFound();
  const groups: Array<{ year: number; heading: string; honours: ReturnType<typeof toDisplay>[] }> = [];
  for (const honour of roll.honours) {
    const year = honour.programme.year;
    if (groups.at(-1)?.year !== year) groups.push({ year, heading: translate(locale, "honours.year", { year }), honours: [] });
    groups.at(-1)!.honours.push(toDisplay(locale, honour));
  }
  return {
    title: translate(locale, "honours.title"),
    filter: { q: filter.q ?? "", year: filter.year ? String(filter.year) : "", department: filter.department ?? "", kind: filter.kind ?? "" },
    filtered: Boolean(filter.q || filter.year || filter.department || filter.kind),
    years: roll.years.map((year) => ({ value: String(year), label: translate(locale, "honours.year", { year }) })),
    departments: departments.map((d) => ({ value: d.id, label: pick(locale, d.nameZh, d.nameEn) })),
    kinds: HONOUR_KINDS.map((kind) => ({ value: kind, label: translate(locale, `honours.kind.${kind}`) })),
    total: roll.total,
    page: roll.page,
    pageCount: roll.pageCount,
    groups,
  };
}

/** Only what the roll shows: names in the reader's language, a citation excerpt, no ids but the award's anchor. */
function toDisplay(locale: Locale, honour: Honour) {
  return {
    awardId: honour.awardId,
    href: awardHref(honour.programme.slug, honour.awardId),
    programme: pick(locale, honour.programme.nameZh, honour.programme.nameEn),
    category: [pick(locale, honour.category.nameZh, honour.category.nameEn), pick(locale, honour.category.levelZh, honour.category.levelEn)]
      .filter(Boolean)
      .join(" · "),
    citation: excerpt(pick(locale, honour.citationZh, honour.citationEn)),
    recipients: honour.recipients.map((recipient) => ({
      id: recipient.id,
      kind: recipient.kind,
      kindLabel: translate(locale, `honours.recipient.${recipient.kind}`),
      name: pick(locale, recipient.nameZh, recipient.nameEn),
      department: recipient.departmentZh || recipient.departmentEn ? pick(locale, recipient.departmentZh, recipient.departmentEn) : null,
      members: recipient.members.map((member) => ({ name: pick(locale, member.nameZh, member.nameEn), isLead: member.isLead })),
    })),
  };
}

export default function HonoursRoll() {
  const { filter, filtered, years, departments, kinds, total, page, pageCount, groups } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack honours">
      <div className="honours-head">
        <h1>{t("honours.title")}</h1>
        <a href="/awards.atom" type="application/atom+xml" className="honours-feed">
          {t("honours.feedLink")}
        </a>
      </div>
      <p className="meta">{t("honours.intro")}</p>
      <Form method="get" className="card filters" role="search" aria-label={t("honours.filter.label")}>
        <div className="form-row" style={{ alignItems: "end" }}>
          <div className="field honours-q">
            <label htmlFor="honours-q">{t("honours.filter.q")}</label>
            <input id="honours-q" type="search" name="q" defaultValue={filter.q} maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="honours-year">{t("honours.filter.year")}</label>
            <select id="honours-year" name="year" defaultValue={filter.year}>
              <Options options={years} empty={t("honours.filter.all")} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="honours-department">{t("honours.filter.department")}</label>
            <select id="honours-department" name="department" defaultValue={filter.department}>
              <Options options={departments} empty={t("honours.filter.all")} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="honours-kind">{t("honours.filter.kind")}</label>
            <select id="honours-kind" name="kind" defaultValue={filter.kind}>
              <Options options={kinds} empty={t("honours.filter.all")} />
            </select>
          </div>
          <div className="honours-actions">
            <button type="submit">{t("honours.filter.apply")}</button>
            {filtered ? (
              <Link to="/awards/honours" className="button secondary">
                {t("honours.filter.clear")}
              </Link>
            ) : null}
          </div>
        </div>
      </Form>

      {groups.length === 0 ? (
        <p className="empty" data-testid="honours-empty">
          {filtered ? t("honours.empty") : t("honours.none")}
        </p>
      ) : (
        <>
          <p className="meta" aria-live="polite">
            {total === 1 ? t("honours.countOne") : t("honours.count", { count: total })}
          </p>
          {groups.map((group) => (
            <section key={group.year} className="honours-year" aria-labelledby={`year-${group.year}`}>
              <h2 id={`year-${group.year}`}>{group.heading}</h2>
              <ol className="honours-list">
                {group.honours.map((honour) => (
                  <li key={honour.awardId}>
                    <HonourCard honour={honour} />
                  </li>
                ))}
              </ol>
            </section>
          ))}
          {pageCount > 1 ? <Pager page={page} pageCount={pageCount} /> : null}
        </>
      )}
    </div>
  );
}

type HonourDisplay = ReturnType<typeof useLoaderData<typeof loader>>["groups"][number]["honours"][number];

function HonourCard({ honour }: { honour: HonourDisplay }) {
  const t = useT();
  return (
    <article className="card honour" data-testid="honour">
      <p className="meta honour-programme">{honour.programme}</p>
      <h3>
        <Link to={honour.href}>{honour.category}</Link>
      </h3>
      <ul className="honour-recipients">
        {honour.recipients.map((recipient) => (
          <li key={recipient.id}>
            <span className={`tag honour-kind kind-${recipient.kind.toLowerCase()}`}>{recipient.kindLabel}</span>{" "}
            <strong className="honour-name">{recipient.name}</strong>
            {recipient.department ? <span className="meta honour-department"> · {recipient.department}</span> : null}
            {recipient.members.length ? (
              <p className="honour-members">
                <span className="honour-members-label">{t("honours.members")}</span>
                {recipient.members.map((member, index) => (
                  <span key={index} className="honour-member">
                    {member.name}
                    {member.isLead ? <span className="honour-lead">{t("honours.lead")}</span> : null}
                  </span>
                ))}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {honour.citation ? <p className="honour-citation">{honour.citation}</p> : null}
    </article>
  );
}

function Pager({ page, pageCount }: { page: number; pageCount: number }) {
  const t = useT();
  const [searchParams] = useSearchParams();
  const pageHref = (to: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(to));
    return `?${next.toString()}`;
  };
  return (
    <nav className="pager" aria-label={t("honours.pager.label")}>
      {page > 1 ? <Link to={pageHref(page - 1)}>{t("honours.pager.newer")}</Link> : null}
      <span className="meta">{t("honours.pager.position", { page, pageCount })}</span>
      {page < pageCount ? <Link to={pageHref(page + 1)}>{t("honours.pager.older")}</Link> : null}
    </nav>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];
