import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";

import { describedBy, Field } from "~/components/field";
import { Options, type Option } from "~/components/options";
import { isMessageKey, useT } from "~/utils/i18n";

type Name =
  | "kind"
  | "titleZh"
  | "titleEn"
  | "descriptionZh"
  | "descriptionEn"
  | "timeZone"
  | "startsAt"
  | "endsAt"
  | "venueId"
  | "coverImageUrl"
  | "audience"
  | "audienceDepartmentIds"
  | "isPublic";
export type EventFormFields = Record<Name, FieldMetadata<unknown>>;

/** The fields of an event, shared by "new" and "edit". The kind is fixed once the event exists. */
export function EventFields({
  fields,
  kinds,
  venues,
  departments,
  audiences,
  kindLocked = false,
}: {
  fields: EventFormFields;
  kinds: Option[];
  venues: Option[];
  departments: Option[];
  audiences: Option[];
  kindLocked?: boolean;
}) {
  const t = useT();
  const text = (name: Name, type: "text" | "datetime-local" | "url" = "text", hint = false) =>
    getInputProps(fields[name], { type, ariaDescribedBy: describedBy(fields[name].id, { errors: fields[name].errors, hint }) });
  const chosenDepartments = new Set([fields.audienceDepartmentIds.initialValue ?? []].flat().map(String));
  return (
    <>
      <Field id={fields.kind.id} label={t("event.field.kind")} errors={fields.kind.errors} hint={kindLocked ? undefined : t("event.new.templateHint")}>
        <select {...getSelectProps(fields.kind)} disabled={kindLocked}>
          <Options options={kinds} />
        </select>
      </Field>
      {kindLocked ? <input type="hidden" name={fields.kind.name} value={String(fields.kind.initialValue ?? "")} /> : null}
      <div className="form-row">
        <Field id={fields.titleZh.id} label={t("event.field.titleZh")} errors={fields.titleZh.errors}>
          <input {...text("titleZh")} lang="zh-CN" />
        </Field>
        <Field id={fields.titleEn.id} label={t("event.field.titleEn")} errors={fields.titleEn.errors}>
          <input {...text("titleEn")} lang="en" />
        </Field>
      </div>
      <div className="form-row">
        <Field id={fields.startsAt.id} label={t("event.field.startsAt")} errors={fields.startsAt.errors} hint={t("event.field.timesHint")}>
          <input {...text("startsAt", "datetime-local", true)} />
        </Field>
        <Field id={fields.endsAt.id} label={t("event.field.endsAt")} errors={fields.endsAt.errors}>
          <input {...text("endsAt", "datetime-local")} />
        </Field>
        <Field id={fields.timeZone.id} label={t("event.field.timeZone")} errors={fields.timeZone.errors}>
          <input {...text("timeZone")} list="time-zones" />
        </Field>
      </div>
      <datalist id="time-zones">
        {["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Asia/Tokyo", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "UTC"].map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <Field id={fields.venueId.id} label={t("event.field.venue")} errors={fields.venueId.errors}>
        <select {...getSelectProps(fields.venueId)}>
          <Options options={venues} empty={t("event.field.venueNone")} />
        </select>
      </Field>
      <div className="form-row">
        <Field id={fields.audience.id} label={t("event.field.audience")} errors={fields.audience.errors}>
          <select {...getSelectProps(fields.audience)}>
            <Options options={audiences} />
          </select>
        </Field>
        <div className="field" style={{ justifyContent: "end" }}>
          <label style={{ display: "inline-flex", gap: ".5rem", alignItems: "center", fontWeight: 600, minHeight: "2.75rem" }}>
            <input type="checkbox" name={fields.isPublic.name} defaultChecked={fields.isPublic.initialValue === "on" || fields.isPublic.initialValue === true} />
            {t("event.field.isPublic")}
          </label>
        </div>
      </div>
      <fieldset className="choices" aria-describedby={fields.audienceDepartmentIds.errors?.length ? `${fields.audienceDepartmentIds.id}-error` : undefined}>
        <legend>{t("event.field.audienceDepartments")}</legend>
        <div className="checkbox-row">
          {departments.map((department) => (
            <label key={department.value}>
              <input type="checkbox" name={fields.audienceDepartmentIds.name} value={department.value} defaultChecked={chosenDepartments.has(department.value)} />
              {department.label}
            </label>
          ))}
        </div>
        {fields.audienceDepartmentIds.errors?.length ? (
          <p className="field-error" id={`${fields.audienceDepartmentIds.id}-error`}>
            {fields.audienceDepartmentIds.errors.map((key) => (isMessageKey(key) ? t(key) : t("form.invalid"))).join(" ")}
          </p>
        ) : null}
      </fieldset>
      <Field id={fields.descriptionZh.id} label={t("event.field.descriptionZh")} errors={fields.descriptionZh.errors} hint={t("event.field.descriptionHint")}>
        <textarea {...getTextareaProps(fields.descriptionZh, { ariaDescribedBy: describedBy(fields.descriptionZh.id, { errors: fields.descriptionZh.errors, hint: true }) })} lang="zh-CN" rows={6} />
      </Field>
      <Field id={fields.descriptionEn.id} label={t("event.field.descriptionEn")} errors={fields.descriptionEn.errors}>
        <textarea {...getTextareaProps(fields.descriptionEn)} lang="en" rows={6} />
      </Field>
      <Field id={fields.coverImageUrl.id} label={t("event.field.cover")} errors={fields.coverImageUrl.errors}>
        <input {...text("coverImageUrl", "url")} />
      </Field>
    </>
  );
}
