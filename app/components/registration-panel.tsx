import { Form, useNavigation, useSearchParams } from "@remix-run/react";

import { isMessageKey, useT } from "~/utils/i18n";

export type RegistrationQuestionData = {
  id: string;
  kind: "TEXT" | "CHOICE" | "YES_NO";
  label: string;
  required: boolean;
  options: Array<{ value: string; label: string }>;
  answer: string;
};

export type RegistrationPanelData = {
  status: "CONFIRMED" | "WAITLISTED" | "PENDING" | "DECLINED" | "CANCELLED" | null;
  position: number | null;
  promoted: boolean;
  seats: { taken: number; capacity: number } | null;
  window: { opens: string; closes: string } | null;
  /** Why registering is not possible now, as a catalog key; null when it is. */
  blockedKey: string | null;
  declineReason: string | null;
  questions: RegistrationQuestionData[];
};

/** The person's own calendar file: the invitation while registered, the cancellation once they have cancelled. */
export type InvitationLink = { href: string; method: "REQUEST" | "CANCEL" };

/**
 * The registrant's own status, place in the queue, answers, the calendar file that goes with it, and the one
 * button that applies. Works without JS; every rule is decided again on the server.
 */
export function RegistrationPanel({
  registration,
  invitation,
  error,
  answerErrors,
}: {
  registration: RegistrationPanelData;
  invitation?: InvitationLink | null;
  error?: string | null;
  answerErrors?: Record<string, string> | null;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  const { status, position, seats, window, blockedKey, questions } = registration;
  const active = status === "CONFIRMED" || status === "WAITLISTED" || status === "PENDING";
  const canRegister = !active && !blockedKey && status !== "DECLINED";
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
          {registration.declineReason ? ` ${t("registration.declinedReason", { reason: registration.declineReason })}` : null}
        </p>
      ) : null}
      {invitation ? (
        <p className="registration-invitation">
          <a href={invitation.href} download>
            {t(invitation.method === "REQUEST" ? "calendar.invitation.add" : "calendar.invitation.remove")}
          </a>
          {invitation.method === "CANCEL" ? <span className="meta"> {t("calendar.invitation.removeHint")}</span> : null}
        </p>
      ) : null}
      {searchParams.get("answers") === "saved" ? <p className="meta">{t("registration.answersSaved")}</p> : null}
      {error && isMessageKey(error) ? (
        <div className="alert error" role="alert">
          {t(error)}
        </div>
      ) : null}
      {canRegister || (active && questions.length) ? (
        <Form method="post" className="form">
          <input type="hidden" name="intent" value={active ? "answers" : "register"} />
          {active && questions.length ? <h3 style={{ margin: 0, fontSize: "1rem" }}>{t("registration.answers")}</h3> : null}
          {questions.map((question) => (
            <QuestionField key={question.id} question={question} error={answerErrors?.[question.id]} disabled={active && Boolean(blockedKey)} />
          ))}
          {!active && seats && seats.taken >= seats.capacity ? <p className="meta">{t("registration.full")}</p> : null}
          {active && blockedKey ? (
            <p className="meta">{t("registration.answersFixed")}</p>
          ) : (
            <div>
              <button type="submit" className={active ? "secondary" : undefined} disabled={busy}>
                {t(active ? "registration.saveAnswers" : "registration.register")}
              </button>
            </div>
          )}
        </Form>
      ) : blockedKey && isMessageKey(blockedKey) && !active ? (
        <p className="meta">{t(blockedKey)}</p>
      ) : null}
      {active ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="secondary danger" disabled={busy}>
            {t("registration.cancel")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function QuestionField({ question, error, disabled }: { question: RegistrationQuestionData; error?: string; disabled: boolean }) {
  const t = useT();
  const id = `answer-${question.id}`;
  const name = `answer.${question.id}`;
  const describedBy = error ? `${id}-error` : undefined;
  const label = `${question.label}${question.required ? "" : ` ${t("registration.optional")}`}`;
  const errorText = error ? <p className="field-error" id={`${id}-error`}>{isMessageKey(error) ? t(error) : t("form.invalid")}</p> : null;
  if (question.kind === "YES_NO") {
    return (
      <fieldset className="choices" aria-describedby={describedBy} disabled={disabled}>
        <legend>{label}</legend>
        <div className="checkbox-row">
          {(["yes", "no"] as const).map((value) => (
            <label key={value}>
              <input type="radio" name={name} value={value} defaultChecked={question.answer === value} required={question.required} />
              {t(value === "yes" ? "registration.yes" : "registration.no")}
            </label>
          ))}
        </div>
        {errorText}
      </fieldset>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {question.kind === "CHOICE" ? (
        <select id={id} name={name} defaultValue={question.answer} aria-describedby={describedBy} aria-invalid={error ? true : undefined} disabled={disabled}>
          <option value="">{t("registration.choose")}</option>
          {question.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} name={name} type="text" maxLength={1000} defaultValue={question.answer} aria-describedby={describedBy} aria-invalid={error ? true : undefined} disabled={disabled} />
      )}
      {errorText}
    </div>
  );
}
