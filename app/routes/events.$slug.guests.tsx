import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";

import { qrSvg } from "~/models/badge.server";
import { GuestLinkActionSchema, getVisit, guestLinkPath, issueGuestLink, listGuestLinks, revokeGuestLinks } from "~/models/guest-link.server";
import guestStylesHref from "~/styles/guest.css";
import { agendaFormatter } from "~/utils/agenda-display";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT, type MessageKey } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: guestStylesHref }];

/** Organizers (update:visit on the event) and admins; 404 for events that are not visits. */
async function requireVisitOrganizer(request: Request, slug: string | undefined) {
  const { user, eventId } = await requireEventPermission(request, slug, "update:visit");
  const visit = await getVisit(eventId);
  if (!visit) throw notFound("guestLink.notVisit");
  return { user, eventId, visit, locale: await resolveLocale(request, user.locale) };
}

type StateKind = "none" | "active" | "confirmed" | "revoked" | "expired";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId, visit, locale } = await requireVisitOrganizer(request, params.slug);
  const overview = await listGuestLinks(eventId);
  const format = agendaFormatter(locale, visit.timeZone);
  const revokedId = new URL(request.url).searchParams.get("revoked");
  const members = (overview?.members ?? []).map((member) => {
    const { link } = member;
    const lines: string[] = [];
    let kind: StateKind = "none";
    if (!link) lines.push(translate(locale, "guestLink.state.none"));
    else {
      kind = link.state === "active" && link.confirmedAt ? "confirmed" : link.state;
      if (link.confirmedAt) lines.push(translate(locale, "guestLink.state.confirmed", { at: format.dateTime(link.confirmedAt) }));
      if (link.state === "active") lines.push(translate(locale, "guestLink.state.active", { until: format.dateTime(link.expiresAt) }));
      if (link.state === "revoked" && link.revokedAt) lines.push(translate(locale, "guestLink.state.revoked", { at: format.dateTime(link.revokedAt) }));
      if (link.state === "expired") lines.push(translate(locale, "guestLink.state.expired", { at: format.dateTime(link.expiresAt) }));
      if (link.state === "active" && link.outdated) lines.push(translate(locale, "guestLink.state.outdated"));
    }
    return {
      id: member.id,
      precedence: member.precedence,
      name: pick(locale, member.nameZh, member.nameEn),
      title: pick(locale, member.titleZh, member.titleEn),
      leader: member.isLeader,
      kind,
      active: link?.state === "active",
      confirmed: Boolean(link?.confirmedAt),
      lines,
    };
  });
  const revoked = revokedId ? members.find((member) => member.id === revokedId) : undefined;
  return {
    title: `${translate(locale, "guestLink.title")} · ${pick(locale, visit.titleZh, visit.titleEn)}`,
    visit: { slug: visit.slug, title: pick(locale, visit.titleZh, visit.titleEn) },
    hasDelegation: overview !== null,
    expiryRule: translate(locale, "guestLink.expiryRule", { zone: visit.timeZone, until: format.dateTime(overview?.expiresAt ?? visit.endsAt) }),
    summary: translate(locale, "guestLink.summary", {
      confirmed: members.filter((m) => m.confirmed).length,
      active: members.filter((m) => m.active).length,
      total: members.length,
    }),
    revokedName: revoked?.name ?? null,
    members,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId, visit, locale } = await requireVisitOrganizer(request, params.slug);
  const parsed = GuestLinkActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw badRequest();
  const { intent, memberId } = parsed.data;
  if (intent === "revoke") {
    const outcome = await revokeGuestLinks(user.id, eventId, memberId);
    if (!outcome.ok) return data({ error: outcome.messageKey, issued: null }, { status: outcome.status });
    return redirect(`/events/${visit.slug}/guests?revoked=${encodeURIComponent(memberId)}`);
  }
  const outcome = await issueGuestLink(user.id, eventId, memberId, { replace: intent === "reissue" });
  if (!outcome.ok) return data({ error: outcome.messageKey, issued: null }, { status: outcome.status });
  const url = `${new URL(request.url).origin}${guestLinkPath(outcome.token)}`;
  const name = pick(locale, outcome.member.nameZh, outcome.member.nameEn);
  // the secret is in this one response and stored nowhere, so nothing may keep a copy of it
  return data(
    { error: null, issued: { memberId, name, url, replaced: outcome.revoked > 0, qr: await qrSvg(url) } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

/** The new link with a copy button; without JavaScript it can still be selected and copied. */
function IssuedLink({ issued }: { issued: { name: string; url: string; replaced: boolean; qr: string } }) {
  const t = useT();
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // the link appears at the top of the page, far from the row's button: take the reader (and screen reader) there
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: "start" });
  }, []);
  const copy = () => {
    navigator.clipboard.writeText(issued.url).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };
  return (
    <section className="card stack guest-issued" aria-labelledby={`${id}-heading`} data-testid="issued-link">
      <h2 id={`${id}-heading`} className="guest-issued-heading" ref={heading} tabIndex={-1}>
        {t("guestLink.issued", { name: issued.name })}
      </h2>
      {issued.replaced ? <p className="alert success">{t("guestLink.oldRevoked")}</p> : null}
      <div className="guest-issued-body">
        <div className="field">
          <label htmlFor={id}>{t("guestLink.url")}</label>
          <div className="inline-form">
            <input id={id} type="url" readOnly value={issued.url} data-testid="issued-url" onFocus={(event) => event.currentTarget.select()} />
            <button type="button" className="secondary small" onClick={copy} aria-label={t("guestLink.copyLabel")}>
              {t("guestLink.copy")}
            </button>
          </div>
          <span className="hint" role="status">
            {copied === "yes" ? t("guestLink.copied") : copied === "failed" ? t("guestLink.copyFailed") : ""}
          </span>
        </div>
        <figure className="guest-issued-qr">
          {/* qrcode's own SVG markup, generated on the server from the link we just made */}
          <div role="img" aria-label={t("guestLink.qrAlt", { name: issued.name })} dangerouslySetInnerHTML={{ __html: issued.qr }} />
          <figcaption className="meta">{t("guestLink.qrHint")}</figcaption>
        </figure>
      </div>
    </section>
  );
}

export default function GuestLinks() {
  const { visit, hasDelegation, expiryRule, summary, revokedName, members } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const busy = navigation.state !== "idle";
  const issued = actionData?.issued ?? null;
  const error: MessageKey | null = actionData?.error ?? null;
  return (
    <div className="stack guest-links">
      <p className="meta">
        <Link to={`/events/${visit.slug}`}>{t("guestLink.back")}</Link>
      </p>
      <h1>{t("guestLink.title")}</h1>
      <p className="meta">{visit.title}</p>
      <p className="prose">{t("guestLink.intro")}</p>
      <p className="prose">{expiryRule}</p>
      <p>
        <Link to={`/events/${visit.slug}/itinerary`}>{t("guestLink.itinerary")}</Link>
      </p>
      {error ? (
        <p className="alert error" role="alert">
          {t(error)}
        </p>
      ) : null}
      {revokedName && !issued && !error ? (
        <p className="alert success" role="status">
          {t("guestLink.revokedDone", { name: revokedName })}
        </p>
      ) : null}
      {issued ? <IssuedLink key={issued.url} issued={issued} /> : null}
      {!hasDelegation ? (
        <p className="empty">{t("guestLink.noDelegation")}</p>
      ) : (
        <>
          <p className="registration-status" data-testid="guest-summary">
            {summary}
          </p>
          <div className="table-wrap">
            <table className="stacked guest-table">
              <thead>
                <tr>
                  <th scope="col">{t("guestLink.column.precedence")}</th>
                  <th scope="col">{t("guestLink.column.member")}</th>
                  <th scope="col">{t("guestLink.column.status")}</th>
                  <th scope="col">{t("guestLink.column.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <tr key={member.id} data-testid={`guest-${member.id}`}>
                    <td data-label={t("guestLink.column.precedence")} className="guest-precedence">
                      {member.precedence}
                    </td>
                    <td data-label={t("guestLink.column.member")} className="guest-member-cell">
                      <span className="guest-precedence-inline">
                        {member.precedence}.{" "}
                      </span>
                      <strong>{member.name}</strong>
                      {member.leader ? <span className="tag guest-leader">{t("guestLink.leader")}</span> : null}
                      {member.title ? <div className="meta">{member.title}</div> : null}
                    </td>
                    <td data-label={t("guestLink.column.status")}>
                      <span className={`guest-state state-${member.kind}`} data-testid="link-state">
                        {member.lines.map((line) => (
                          <span key={line} className="guest-state-line">
                            {line}
                          </span>
                        ))}
                      </span>
                    </td>
                    <td data-label={t("guestLink.column.actions")}>
                      <div className="guest-actions">
                        <Form method="post">
                          <input type="hidden" name="memberId" value={member.id} />
                          <input type="hidden" name="intent" value={member.active ? "reissue" : "create"} />
                          <button
                            type="submit"
                            className={member.active ? "secondary small" : "small"}
                            disabled={busy}
                            aria-label={t(member.active ? "guestLink.reissueLabel" : "guestLink.createLabel", { name: member.name })}
                          >
                            {t(member.active ? "guestLink.reissue" : "guestLink.create")}
                          </button>
                        </Form>
                        {member.active ? (
                          <Form method="post">
                            <input type="hidden" name="memberId" value={member.id} />
                            <input type="hidden" name="intent" value="revoke" />
                            <button type="submit" className="secondary small danger" disabled={busy} aria-label={t("guestLink.revokeLabel", { name: member.name })}>
                              {t("guestLink.revoke")}
                            </button>
                          </Form>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
