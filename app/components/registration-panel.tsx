import { Form, useNavigation } from "@remix-run/react";

import { isMessageKey, useT } from "~/utils/i18n";

export type RegistrationPanelData = {
  status: "CONFIRMED" | "WAITLISTED" | "PENDING" | "DECLINED" | "CANCELLED" | null;
  position: number | null;
  promoted: boolean;
  seats: { taken: number; capacity: number } | null;
  window: { opens: string; closes: string } | null;
  /** Why registering is not possible now, as a catalog key; null when it is. */
  blockedKey: string | null;
};

/** The registrant's own status, place in the queue, and the one button that applies. Works without JS. */
export function RegistrationPanel({ registration, error }: { registration: RegistrationPanelData; error?: string | null }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { status, position, seats, window, blockedKey } = registration;
  const active = status === "CONFIRMED" || status === "WAITLISTED" || status === "PENDING";
  return (
    <section className="card stack registration-panel" aria-labelledby="registration-heading">
      <h2 id="registration-heading" style={{ marginTop: 0 }}>
        {t("registration.heading")}
      </h2>
      {seats ? <p className="meta">{t("registration.seats", { taken: seats.taken, capacity: seats.capacity })}</p> : null}
      {window ? <p className="meta">{t("registration.window", window)}</p> : null}
      {status ? (
        <p className={`registration-status status-${status.toLowerCase()}`} role="status" data-testid="registration-status">
          {t(`registration.status.${status}`, { position: position ?? "" })}
          {registration.promoted && status === "CONFIRMED" ? ` ${t("registration.promoted")}` : null}
        </p>
      ) : null}
      {error && isMessageKey(error) ? (
        <div className="alert error" role="alert">
          {t(error)}
        </div>
      ) : null}
      {active ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="secondary" disabled={busy}>
            {t("registration.cancel")}
          </button>
        </Form>
      ) : blockedKey && isMessageKey(blockedKey) ? (
        <p className="meta">{t(blockedKey)}</p>
      ) : status !== "DECLINED" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="register" />
          {seats && seats.taken >= seats.capacity ? <p className="meta">{t("registration.full")}</p> : null}
          <button type="submit" disabled={busy}>
            {t("registration.register")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
