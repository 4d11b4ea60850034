import { useT } from "~/utils/i18n";

export type GuestLinkProblemKind = "malformed" | "unknown" | "revoked" | "expired";

/**
 * The page a guest sees for a link that does not work: a plain explanation and what to do, never an error code
 * or a stack. Malformed and unknown read alike, so a guess learns nothing; neither page names the visit.
 */
export function GuestLinkProblem({ problem }: { problem: GuestLinkProblemKind }) {
  const t = useT();
  const which = problem === "revoked" || problem === "expired" ? problem : "invalid";
  return (
    <div className="guest-problem stack" data-testid={`guest-problem-${which}`}>
      <h1>{t(`guestLink.bad.${which}.title`)}</h1>
      <p>{t(`guestLink.bad.${which}.body`)}</p>
    </div>
  );
}
