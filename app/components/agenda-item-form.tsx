import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";

import { describedBy, Field } from "~/components/field";
import { Options, type Option } from "~/components/options";
import { useT } from "~/utils/i18n";

type Name = "kind" | "roomId" | "titleZh" | "titleEn" | "startsAt" | "endsAt" | "notesZh" | "notesEn" | "cueNotes" | "needsAttendance" | "attendanceGraceMinutes";
export type AgendaItemFormFields = Record<Name, FieldMetadata<unknown>>;

/** The fields of an agenda item, shared by the builder's "add" form and the item's own page. */
export function AgendaItemFields({ fields, kinds, rooms }: { fields: AgendaItemFormFields; kinds: Option[]; rooms: Option[] }) {
  const t = useT();
  const input = (name: "titleZh" | "titleEn" | "startsAt" | "endsAt", type: "text" | "datetime-local" = "text") =>
    getInputProps(fields[name], { type, ariaDescribedBy: describedBy(fields[name].id, { errors: fields[name].errors }) });
  const textarea = (name: "notesZh" | "notesEn" | "cueNotes", hint = false) =>
    getTextareaProps(fields[name], { ariaDescribedBy: describedBy(fields[name].id, { errors: fields[name].errors, hint }) });
  return (
    <>
      <div className="form-row">
        <Field id={fields.kind.id} label={t("agenda.field.kind")} errors={fields.kind.errors}>
          <select {...getSelectProps(fields.kind)}>
            <Options options={kinds} />
          </select>
        </Field>
        <Field id={fields.roomId.id} label={t("agenda.field.room")} errors={fields.roomId.errors}>
          <select {...getSelectProps(fields.roomId)}>
            <Options options={rooms} empty={t("agenda.field.roomNone")} />
          </select>
        </Field>
      </div>
      <div className="form-row">
        <Field id={fields.titleZh.id} label={t("agenda.field.titleZh")} errors={fields.titleZh.errors}>
          <input {...input("titleZh")} lang="zh-CN" />
        </Field>
        <Field id={fields.titleEn.id} label={t("agenda.field.titleEn")} errors={fields.titleEn.errors}>
          <input {...input("titleEn")} lang="en" />
        </Field>
      </div>
      <div className="form-row">
        <Field id={fields.startsAt.id} label={t("agenda.field.startsAt")} errors={fields.startsAt.errors}>
          <input {...input("startsAt", "datetime-local")} />
        </Field>
        <Field id={fields.endsAt.id} label={t("agenda.field.endsAt")} errors={fields.endsAt.errors}>
          <input {...input("endsAt", "datetime-local")} />
        </Field>
      </div>
      <div className="form-row">
        <Field id={fields.notesZh.id} label={t("agenda.field.notesZh")} errors={fields.notesZh.errors}>
          <textarea {...textarea("notesZh")} lang="zh-CN" rows={2} />
        </Field>
        <Field id={fields.notesEn.id} label={t("agenda.field.notesEn")} errors={fields.notesEn.errors}>
          <textarea {...textarea("notesEn")} lang="en" rows={2} />
        </Field>
      </div>
      <Field id={fields.cueNotes.id} label={t("agenda.field.cueNotes")} errors={fields.cueNotes.errors} hint={t("agenda.field.cueNotesHint")}>
        <textarea {...textarea("cueNotes", true)} rows={2} />
      </Field>
      <fieldset className="choices">
        <legend>{t("attendance.field.legend")}</legend>
        <label className="checkbox-line">
          <input {...getInputProps(fields.needsAttendance, { type: "checkbox" })} />
          {t("attendance.field.needsAttendance")}
        </label>
        <Field
          id={fields.attendanceGraceMinutes.id}
          label={t("attendance.field.graceMinutes")}
          errors={fields.attendanceGraceMinutes.errors}
          hint={t("attendance.field.graceHint")}
        >
          <input
            {...getInputProps(fields.attendanceGraceMinutes, {
              type: "number",
              ariaDescribedBy: describedBy(fields.attendanceGraceMinutes.id, { errors: fields.attendanceGraceMinutes.errors, hint: true }),
            })}
            min={0}
            max={120}
            step={1}
            inputMode="numeric"
            style={{ maxWidth: "8rem" }}
          />
        </Field>
      </fieldset>
    </>
  );
}
