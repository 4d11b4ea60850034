import { Form, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { MAX_SIZE_LABEL } from "~/utils/upload-limits";

const SPREADSHEET_TYPES = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The first step of every import (cohort, awards, delegation): choose a CSV or Excel file and ask for a preview. The
 * form is keyed by the location, so after a preview it comes back empty for the next file. Texts come from the page,
 * already translated; `hint` gets the size limit as `max`.
 */
export function SpreadsheetUploadForm({
  id,
  label,
  hint,
  submit,
  reading,
}: {
  id: string;
  label: string;
  hint: (values: { max: string }) => string;
  submit: string;
  reading: string;
}) {
  const { key } = useLocation();
  const busy = useImportIntent() === "preview";
  return (
    <Form key={key} method="post" encType="multipart/form-data" className="form card" aria-busy={busy}>
      <input type="hidden" name="intent" value="preview" />
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} name="file" type="file" required accept={SPREADSHEET_TYPES} aria-describedby={`${id}-hint`} />
        <span className="hint" id={`${id}-hint`}>
          {hint({ max: MAX_SIZE_LABEL })}
        </span>
      </div>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? reading : submit}
        </button>
      </div>
    </Form>
  );
}

/** The intent of the import form being sent ("preview" or "confirm"), or null while nothing is. */
export function useImportIntent() {
  const navigation = useNavigation();
  return navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
}

/**
 * A new preview or problem replaces the page below the form: the returned ref goes on its heading, which takes the
 * focus (and so the screen reader) whenever a new result arrives.
 */
export function useResultHeading(result: unknown) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (result) heading.current?.focus();
  }, [result]);
  return heading;
}

/**
 * The reference of the columns an import reads, under the form: each column's name on the page, the headers it is
 * recognised by (the first in code type, the other spellings after it) and the rule for its cells. Texts come from
 * the page, already translated.
 */
export function ImportColumnsTable({
  headings,
  columns,
}: {
  headings: { column: string; names: string; rule: string };
  columns: Array<{ key: string; label: string; names: readonly string[]; rule: string }>;
}) {
  return (
    <div className="table-wrap">
      <table className="stacked">
        <thead>
          <tr>
            <th scope="col">{headings.column}</th>
            <th scope="col">{headings.names}</th>
            <th scope="col">{headings.rule}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map(({ key, label, names, rule }) => (
            <tr key={key}>
              <td>
                <strong>{label}</strong>
              </td>
              <td data-label={headings.names}>
                <code>{names[0]}</code>
                {names.length > 1 ? <span className="meta"> / {names.slice(1).join(" / ")}</span> : null}
              </td>
              <td data-label={headings.rule}>{rule}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
