import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { z } from "zod";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";

import { describedBy, Field } from "~/components/field";
import { awardHref, listMyAwards } from "~/models/honours.server";
import { getProfile, ProfileSchema, updateProfile } from "~/models/user.server";
import { formatDate } from "~/utils/datetime";
import { pick, translate, useT } from "~/utils/i18n";
import { localeCookie, resolveLocale } from "~/utils/i18n.server";
import { notFound } from "~/utils/http.server";
import { requirePermission } from "~/utils/permissions.server";
import { requireUser } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const sessionUser = await requireUser(request);
  await requirePermission(sessionUser, "read:user", { userId: sessionUser.id });
  const user = await getProfile(sessionUser.id);
  if (!user) throw notFound();
  const locale = await resolveLocale(request, user.locale);
  const profile = user.profile;
  const myAwards = await listMyAwards(sessionUser.id);
  return {
    title: translate(locale, "profile.title"),
    user: {
      email: user.email,
      nameZh: user.nameZh,
      nameEn: user.nameEn,
      pinyin: user.pinyin ?? "",
      locale: user.locale ?? locale,
      roles: user.roles.map((role) => translate(locale, `role.${role.name as "admin"}`)),
    },
    staff: profile && {
      employeeNo: profile.employeeNo,
      department: profile.department ? pick(locale, profile.department.nameZh, profile.department.nameEn) : null,
      hireDate: profile.hireDate ? formatDate(locale, "Asia/Shanghai", profile.hireDate) : null,
      recruitmentBatch: profile.recruitmentBatch,
      titleZh: profile.titleZh ?? "",
      titleEn: profile.titleEn ?? "",
      phone: profile.phone ?? "",
    },
    awards: myAwards.map((award) => {
      const name = pick(locale, award.nameZh, award.nameEn);
      return {
        recipientId: award.recipientId,
        href: awardHref(award.programme.slug, award.awardId),
        year: translate(locale, "honours.year", { year: award.programme.year }),
        programme: pick(locale, award.programme.nameZh, award.programme.nameEn),
        category: [pick(locale, award.category.nameZh, award.category.nameEn), pick(locale, award.category.levelZh, award.category.levelEn)]
          .filter(Boolean)
          .join(" · "),
        how:
          award.kind === "TEAM"
            ? translate(locale, award.isLead ? "profile.awards.teamLead" : "profile.awards.team", { team: name })
            : award.kind === "DEPARTMENT"
              ? translate(locale, "profile.awards.department", { department: name })
              : translate(locale, "profile.awards.individual"),
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  await requirePermission(sessionUser, "update:user", { userId: sessionUser.id });
  const submission = parseWithZod(await request.formData(), { schema: ProfileSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await updateProfile(sessionUser.id, submission.value);
  return redirect("/profile?saved=1", {
    headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function Profile() {
  const { user, staff, awards } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const t = useT();
  const [form, fields] = useForm<z.input<typeof ProfileSchema>>({
    lastResult: actionData?.result,
    defaultValue: { ...user, titleZh: staff?.titleZh, titleEn: staff?.titleEn, phone: staff?.phone },
  });
  const saved = searchParams.get("saved") === "1" && !actionData;
  const text = (name: "nameZh" | "nameEn" | "pinyin" | "titleZh" | "titleEn" | "phone", type: "text" | "tel" = "text") => {
    const field = fields[name];
    return getInputProps(field, { type, ariaDescribedBy: describedBy(field.id, { errors: field.errors }) });
  };

  return (
    <div className="stack">
      <h1>{t("profile.title")}</h1>
      {saved ? (
        <div className="alert success" role="status">
          {t("profile.saved")}
        </div>
      ) : null}
      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading" style={{ marginTop: 0 }}>
          {t("profile.account")}
        </h2>
        <dl className="facts">
          <dt>{t("profile.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("profile.roles")}</dt>
          <dd>{user.roles.join(t("list.separator"))}</dd>
          {staff ? (
            <>
              <dt>{t("profile.employeeNo")}</dt>
              <dd>{staff.employeeNo}</dd>
              <dt>{t("profile.department")}</dt>
              <dd>{staff.department ?? t("common.none")}</dd>
              <dt>{t("profile.hireDate")}</dt>
              <dd>{staff.hireDate ?? t("common.none")}</dd>
              <dt>{t("profile.batch")}</dt>
              <dd>{staff.recruitmentBatch ? t("profile.batchValue", { batch: staff.recruitmentBatch }) : t("common.none")}</dd>
            </>
          ) : null}
        </dl>
        <p className="hint meta">{t("profile.hrFieldsHint")}</p>
      </section>

      <section className="card" aria-labelledby="awards-heading" data-testid="my-awards">
        <h2 id="awards-heading" style={{ marginTop: 0 }}>
          {t("profile.awards.title")}
        </h2>
        {awards.length ? (
          <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {awards.map((award) => (
              <li key={award.recipientId}>
                <Link to={award.href} style={{ fontWeight: 600 }}>
                  {award.programme} · {award.category}
                </Link>
                <p className="meta">
                  {award.year} · {award.how}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t("profile.awards.empty")}</p>
        )}
        <p className="meta" style={{ marginTop: ".75rem" }}>
          <Link to="/awards/honours">{t("profile.awards.honoursLink")}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="edit-heading">
        <h2 id="edit-heading" style={{ marginTop: 0 }}>
          {t("profile.edit")}
        </h2>
        <Form method="post" className="form" {...getFormProps(form)}>
          <div className="form-row">
            <Field id={fields.nameZh.id} label={t("profile.nameZh")} errors={fields.nameZh.errors}>
              <input {...text("nameZh")} lang="zh-CN" autoComplete="name" />
            </Field>
            <Field id={fields.nameEn.id} label={t("profile.nameEn")} errors={fields.nameEn.errors}>
              <input {...text("nameEn")} lang="en" />
            </Field>
          </div>
          <Field id={fields.pinyin.id} label={t("profile.pinyin")} errors={fields.pinyin.errors}>
            <input {...text("pinyin")} lang="en" />
          </Field>
          {staff ? (
            <div className="form-row">
              <Field id={fields.titleZh.id} label={t("profile.titleZh")} errors={fields.titleZh.errors}>
                <input {...text("titleZh")} lang="zh-CN" />
              </Field>
              <Field id={fields.titleEn.id} label={t("profile.titleEn")} errors={fields.titleEn.errors}>
                <input {...text("titleEn")} lang="en" />
              </Field>
            </div>
          ) : null}
          {staff ? (
            <Field id={fields.phone.id} label={t("profile.phone")} errors={fields.phone.errors}>
              <input {...text("phone", "tel")} autoComplete="tel" />
            </Field>
          ) : null}
          <Field id={fields.locale.id} label={t("profile.language")} errors={fields.locale.errors}>
            <select {...getSelectProps(fields.locale)}>
              <option value="zh-CN" lang="zh-CN">
                中文（简体）
              </option>
              <option value="en" lang="en">
                English
              </option>
            </select>
          </Field>
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("form.save")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
