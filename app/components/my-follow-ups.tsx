import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";

import { useT } from "~/utils/i18n";

type StatusTarget = { id: string; title: string; status: "OPEN" | "DONE" };

/**
 * "Mark done" for an open action, "Reopen" for a done one. It posts to the visit's outcomes page, which checks
 * again that the person owns the action (or organizes the visit); with `redirectTo` it comes back where it was.
 */
export function FollowUpStatusButton({ slug, action, busy, redirectTo }: { slug: string; action: StatusTarget; busy: boolean; redirectTo?: string }) {
  const t = useT();
  const done = action.status === "DONE";
  return (
    <Form method="post" action={`/events/${slug}/outcomes`} className="follow-up-status-form" style={{ margin: 0 }}>
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="actionId" value={action.id} />
      <input type="hidden" name="status" value={done ? "OPEN" : "DONE"} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      <button
        type="submit"
        className={done ? "secondary small" : "small"}
        disabled={busy}
        aria-label={t(done ? "outcomes.action.reopenLabel" : "outcomes.action.markDoneLabel", { title: action.title })}
      >
        {t(done ? "outcomes.action.reopen" : "outcomes.action.markDone")}
      </button>
    </Form>
  );
}

export type MyFollowUpRow = StatusTarget & {
  eventSlug: string;
  eventTitle: string;
  due: string | null;
  overdue: boolean;
  doneLine: string | null;
};

function FollowUpItem({ followUp, busy }: { followUp: MyFollowUpRow; busy: boolean }) {
  const t = useT();
  return (
    <li
      className={`card my-follow-up${followUp.overdue ? " is-overdue" : ""}`}
      data-testid={`my-follow-up-${followUp.id}`}
      // the home page links no stylesheet of this feature's, so its little layout travels with it
      style={{ display: "flex", flexWrap: "wrap", gap: ".5rem 1rem", alignItems: "center", justifyContent: "space-between" }}
    >
      <div className="my-follow-up-text" style={{ flex: "1 1 16rem", minWidth: 0 }}>
        <strong>{followUp.title}</strong>
        <div className="meta">
          <Link to={`/events/${followUp.eventSlug}/outcomes`}>{followUp.eventTitle}</Link>
          {" · "}
          {followUp.due ? t("home.followUpsDue", { date: followUp.due }) : t("outcomes.action.noDue")}
          {followUp.overdue ? <span className="tag cancelled outcomes-overdue-tag" style={{ marginInlineStart: ".5rem" }}>{t("outcomes.action.overdue")}</span> : null}
        </div>
        {followUp.doneLine ? <div className="meta">{followUp.doneLine}</div> : null}
      </div>
      <FollowUpStatusButton slug={followUp.eventSlug} action={followUp} busy={busy} redirectTo="/" />
    </li>
  );
}

/** The home page's "My follow-up actions": open ones first, soonest due first, then the recently done. */
export function MyFollowUps({ followUps }: { followUps: MyFollowUpRow[] }) {
  const t = useT();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  if (!followUps.length) return null;
  const busy = navigation.state !== "idle";
  const open = followUps.filter((followUp) => followUp.status === "OPEN");
  const done = followUps.filter((followUp) => followUp.status === "DONE");
  const notice = searchParams.get("followUp");
  return (
    <section className="my-follow-ups" aria-labelledby="follow-ups-heading" data-testid="my-follow-ups">
      <h2 id="follow-ups-heading">{t("home.followUps")}</h2>
      {notice === "markedDone" || notice === "reopened" ? (
        <p className="alert success" role="status">
          {t(notice === "markedDone" ? "home.followUpsMarkedDone" : "home.followUpsReopened")}
        </p>
      ) : null}
      {open.length ? (
        <ul className="my-follow-up-list stack" style={{ listStyle: "none", padding: 0 }} data-testid="my-follow-ups-open">
          {open.map((followUp) => (
            <FollowUpItem key={followUp.id} followUp={followUp} busy={busy} />
          ))}
        </ul>
      ) : (
        <p className="empty">{t("home.followUpsNoneOpen")}</p>
      )}
      {done.length ? (
        <>
          <h3>{t("home.followUpsRecentlyDone")}</h3>
          <ul className="my-follow-up-list stack" style={{ listStyle: "none", padding: 0 }} data-testid="my-follow-ups-done">
            {done.map((followUp) => (
              <FollowUpItem key={followUp.id} followUp={followUp} busy={busy} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
