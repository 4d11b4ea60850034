export type Option = { value: string; label: string };

/** The <option>s of a select, with an optional empty first choice. */
export function Options({ options, empty }: { options: Option[]; empty?: string }) {
  return (
    <>
      {empty !== undefined ? <option value="">{empty}</option> : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}
