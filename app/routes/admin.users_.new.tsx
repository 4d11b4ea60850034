import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";

import { describedBy, Field } from "~/components/field";
import { Options } from "~/components/options";
import { createStaffMember, listDepartments, NewStaffSchema } from "~/models/user.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUserWithPermission } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireUserWithPermission(request, "create:user");
  const locale = await resolveLocale(request, admin.locale);
  const departments = await listDepartments();
  return {
    title: translate(locale, "admin.users.new.title"),
    departments: departments.map((d) => ({ value: d.id, label: pick(locale, d.nameZh, d.nameEn) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUserWithPermission(request, "create:user");
  const submission = parseWithZod(await request.formData(), { schema: NewStaffSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await createStaffMember(admin.id, submission.value);
  if (!outcome.ok) {
    const message = outcome.reason === "taken" ? `admin.users.new.${outcome.field}Taken` : "form.invalidChoice";
    return data(
      { result: submission.reply({ fieldErrors: { [outcome.field]: [message] } }) },
      { status: outcome.reason === "taken" ? 409 : 400 },
    );
  }
  return redirect(`/admin/users?${new URLSearchParams({ q: submission.value.email })}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function NewStaffMember() {
  const { departments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm<z.input<typeof NewStaffSchema>>({ lastResult: actionData?.result });
  const input = (name: "email" | "nameZh" | "nameEn" | "employeeNo", type: "text" | "email" = "text") =>
    getInputProps(fields[name], { type, ariaDescribedBy: describedBy(fields[name].id, { errors: fields[name].errors }) });
  return (
    <div className="stack">
      <p className="meta">
        <Link to="/admin/users">{t("admin.users.title")}</Link>
      </p>
      <h1>{t("admin.users.new.title")}</h1>
      <p className="meta">{t("admin.users.new.intro")}</p>
      <Form method="post" className="form card" {...getFormProps(form)}>
        <Field id={fields.email.id} label={t("profile.email")} errors={fields.email.errors}>
          <input {...input("email", "email")} autoComplete="off" />
        </Field>
        <div className="form-row">
          <Field id={fields.nameZh.id} label={t("profile.nameZh")} errors={fields.nameZh.errors}>
            <input {...input("nameZh")} lang="zh-CN" />
          </Field>
          <Field id={fields.nameEn.id} label={t("profile.nameEn")} errors={fields.nameEn.errors}>
            <input {...input("nameEn")} lang="en" />
          </Field>
        </div>
        <div className="form-row">
          <Field id={fields.employeeNo.id} label={t("profile.employeeNo")} errors={fields.employeeNo.errors}>
            <input {...input("employeeNo")} />
          </Field>
          <Field id={fields.departmentId.id} label={t("profile.department")} errors={fields.departmentId.errors}>
            <select {...getSelectProps(fields.departmentId)}>
              <Options options={departments} empty={t("common.none")} />
            </select>
          </Field>
        </div>
        <div>
          <button type="submit">{t("admin.users.new.submit")}</button>
        </div>
      </Form>
    </div>
  );
}
