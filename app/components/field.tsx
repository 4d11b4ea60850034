import type { ReactNode } from "react";

import { isMessageKey, useT } from "~/utils/i18n";

/** A labelled form control with its translated errors; error messages travel as catalog keys. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  errors?: string[];
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {errors?.length ? (
        <p className="field-error" id={`${id}-error`}>
          {errors.map((key) => (isMessageKey(key) ? t(key) : t("form.invalid"))).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(id: string, { hint, errors }: { hint?: boolean; errors?: string[] }) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}
