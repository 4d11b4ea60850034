import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { AwardList } from "~/components/award-list";
import { Field } from "~/components/field";
import { Options } from "~/components/options";
import {
  addAward,
  addCategory,
  awardSchema,
  categorySchema,
  changeProgrammeStatus,
  isAnnounced,
  MAX_PHOTO_BYTES,
  programmeContents,
  removeAward,
  requireProgramme,
  setAnnounceAsRevealed,
  setAwardPhoto,
} from "~/models/award.server";
import { listDepartments } from "~/models/user.server";
import awardStylesHref from "~/styles/awards.css";
import { displayContents } from "~/utils/award-display";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { parseZonedInput, toZonedInput } from "~/utils/zoned-time.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: awardStylesHref }];

/** Running a programme: its status and announcement, its categories, and the awards in them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { programme, user } = await requireProgramme(request, params.slug, { manage: true });
  const locale = await resolveLocale(request, user?.locale);
  const timeZone = programme.event?.timeZone ?? "Asia/Shanghai";
  const [contents, departments] = await Promise.all([programmeContents(programme.id), listDepartments()]);
  const when = (date: Date) => new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "zh-CN", { dateStyle: "long", timeStyle: "short", timeZone }).format(date);
  const announced = isAnnounced(programme);
  return {
    title: `${translate(locale, "awards.manage.title")} · ${pick(locale, programme.nameZh, programme.nameEn)}`,
    programme: {
      slug: programme.slug,
      name: pick(locale, programme.nameZh, programme.nameEn),
      status: announced ? "ANNOUNCED" : programme.status,
      statusLabel: translate(locale, `awards.status.${announced ? "ANNOUNCED" : programme.status}`),
      announced: announced && programme.announcedBy ? translate(locale, "awards.announcedBy", { name: pick(locale, programme.announcedBy.nameZh, programme.announcedBy.nameEn), date: when(programme.announcedAt ?? programme.announceAt!) }) : null,
      scheduled: !announced && programme.announceAt ? translate(locale, "awards.scheduledFor", { date: when(programme.announceAt) }) : null,
      announceAt: programme.announceAt ? toZonedInput(programme.announceAt, timeZone) : "",
      announceAsRevealed: programme.announceAsRevealed,
      timeZone,
    },
    categories: displayContents(locale, contents),
    categoryOptions: contents.map((category) => ({ value: category.id, label: [pick(locale, category.nameZh, category.nameEn), pick(locale, category.levelZh, category.levelEn)].filter(Boolean).join(" · ") })),
    departments: departments.map((department) => ({ value: department.id, label: pick(locale, department.nameZh, department.nameEn) })),
  };
}

type Failure = { form: string; errors: Record<string, string[]>; message?: string };
const fail = (form: string, errors: Record<string, string[]>, status = 400, message?: string) => data<Failure>({ form, errors, message }, { status });

function fieldErrors(issues: Array<{ path: PropertyKey[]; message: string }>) {
  const errors: Record<string, string[]> = {};
  for (const issue of issues) (errors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return errors;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { programme, user } = await requireProgramme(request, params.slug, { manage: true });
  const actor = user!.id;
  const locale = await resolveLocale(request, user?.locale);
  // a photo is the only large part a manager posts: refuse an oversized body before reading it
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_PHOTO_BYTES + 64 * 1024) return fail("photo", { photo: ["awards.form.photoInvalid"] });
  const form = Object.fromEntries(await request.formData());
  switch (form.intent) {
    case "status": {
      const to = String(form.to ?? "");
      if (to === "SCHEDULED") {
        const announceAt = parseZonedInput(String(form.announceAt ?? ""), programme.event?.timeZone ?? "Asia/Shanghai");
        if (!announceAt) return fail("status", { announceAt: ["awards.form.announceAt"] });
        await changeProgrammeStatus(actor, programme.id, { to, announceAt });
      } else if (to === "DRAFT" || to === "APPROVED" || to === "ANNOUNCED") {
        await changeProgrammeStatus(actor, programme.id, { to });
      } else throw badRequest();
      return { form: "status", done: translate(locale, `awards.status.${to}`) };
    }
    case "announceAsRevealed": {
      await setAnnounceAsRevealed(actor, programme.id, form.value === "on");
      return { form: "announceAsRevealed", done: "" };
    }
    case "category": {
      const parsed = categorySchema.safeParse(form);
      if (!parsed.success) return fail("category", fieldErrors(parsed.error.issues));
      await addCategory(actor, programme.id, parsed.data);
      return { form: "category", done: "" };
    }
    case "award": {
      const parsed = awardSchema.safeParse(form);
      if (!parsed.success) return fail("award", fieldErrors(parsed.error.issues));
      const outcome = await addAward(actor, programme.id, parsed.data);
      if (!outcome.ok) return fail("award", { [outcome.field]: [outcome.messageKey] }, 400, translate(locale, outcome.messageKey, { unknown: outcome.unknown.join(", ") }));
      return { form: "award", done: "" };
    }
    case "photo": {
      const file = form.photo;
      if (!(file instanceof File) || file.size === 0) return fail("photo", { photo: ["awards.form.photoInvalid"] });
      const outcome = await setAwardPhoto(actor, programme.id, String(form.awardId ?? ""), new Uint8Array(await file.arrayBuffer()));
      if (outcome === "missing") throw notFound("awards.notFound");
      if (outcome === "invalid") return fail("photo", { photo: ["awards.form.photoInvalid"] }, 400, translate(locale, "awards.form.photoInvalid"));
      return { form: "photo", done: "" };
    }
    case "remove": {
      if (!(await removeAward(actor, programme.id, String(form.awardId ?? "")))) throw notFound("awards.notFound");
      return { form: "remove", done: "" };
    }
    default:
      throw badRequest();
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function ManageProgramme() {
  const { programme, categories, categoryOptions, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errorsOf = (form: string) => (result && "errors" in result && result.form === form ? result.errors : {});
  const busy = navigation.state !== "idle";
  const status = programme.status;
  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/awards/${programme.slug}`}>{programme.name}</Link>
      </p>
      <h1>{t("awards.manage.title")}</h1>
      {result && "message" in result && result.message ? (
        <p className="alert error" role="alert">
          {result.message}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="status-heading">
        <h2 id="status-heading">{t("awards.manage.status")}</h2>
        <p data-testid="programme-status">
          <strong>{programme.statusLabel}</strong> {programme.announced ?? programme.scheduled}
        </p>
        {status !== "ANNOUNCED" ? (
          <>
            <p className="meta">{t("awards.manage.embargoHint")}</p>
            <div className="award-status-actions">
              {status === "DRAFT" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="status" />
                  <button type="submit" name="to" value="APPROVED" className="secondary" disabled={busy}>
                    {t("awards.action.approve")}
                  </button>
                </Form>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="status" />
                  <button type="submit" name="to" value="DRAFT" className="secondary" disabled={busy}>
                    {t("awards.action.draft")}
                  </button>
                </Form>
              )}
              {status !== "DRAFT" ? (
                <Form method="post" className="award-status-actions">
                  <input type="hidden" name="intent" value="status" />
                  <input type="hidden" name="to" value="SCHEDULED" />
                  <Field id="announce-at" label={t("awards.form.announceAtLabel", { zone: programme.timeZone })} errors={errorsOf("status").announceAt}>
                    <input id="announce-at" name="announceAt" type="datetime-local" defaultValue={programme.announceAt} required />
                  </Field>
                  <button type="submit" className="secondary" disabled={busy}>
                    {t("awards.action.schedule")}
                  </button>
                </Form>
              ) : null}
              <Form method="post" onSubmit={(event) => (window.confirm(t("awards.action.announceConfirm")) ? undefined : event.preventDefault())}>
                <input type="hidden" name="intent" value="status" />
                <button type="submit" name="to" value="ANNOUNCED" disabled={busy}>
                  {t("awards.action.announce")}
                </button>
              </Form>
            </div>
            <Form method="post" className="checkbox-row">
              <input type="hidden" name="intent" value="announceAsRevealed" />
              <label>
                <input type="checkbox" name="value" defaultChecked={programme.announceAsRevealed} onChange={(event) => event.currentTarget.form?.requestSubmit()} />{" "}
                {t("awards.form.announceAsRevealed")}
              </label>
              <noscript>
                <button type="submit" className="secondary">
                  {t("awards.form.save")}
                </button>
              </noscript>
            </Form>
          </>
        ) : null}
        <p>
          <Link to={`/awards/${programme.slug}/reveal`}>{t("awards.revealLink")}</Link>
        </p>
      </section>

      <section className="card stack" aria-labelledby="category-heading">
        <h2 id="category-heading">{t("awards.manage.addCategory")}</h2>
        <Form method="post" className="form-row" style={{ alignItems: "end" }}>
          <input type="hidden" name="intent" value="category" />
          <Field id="category-zh" label={t("awards.form.categoryZh")} errors={errorsOf("category").nameZh}>
            <input type="text" id="category-zh" name="nameZh" required maxLength={80} />
          </Field>
          <Field id="category-en" label={t("awards.form.categoryEn")} errors={errorsOf("category").nameEn}>
            <input type="text" id="category-en" name="nameEn" required maxLength={120} />
          </Field>
          <Field id="level-zh" label={t("awards.form.levelZh")}>
            <input type="text" id="level-zh" name="levelZh" maxLength={40} />
          </Field>
          <Field id="level-en" label={t("awards.form.levelEn")}>
            <input type="text" id="level-en" name="levelEn" maxLength={60} />
          </Field>
          <div>
            <button type="submit" className="secondary" disabled={busy}>
              {t("awards.form.addCategory")}
            </button>
          </div>
        </Form>
      </section>

      {categoryOptions.length ? (
        <section className="card stack" aria-labelledby="award-heading">
          <h2 id="award-heading">{t("awards.manage.addAward")}</h2>
          <p>
            <Link to={`/awards/${programme.slug}/import`}>{t("awards.manage.import")}</Link>
          </p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="award" />
            <div className="form-row">
              <Field id="award-category" label={t("awards.form.category")}>
                <select id="award-category" name="categoryId" required>
                  <Options options={categoryOptions} />
                </select>
              </Field>
              <Field id="award-kind" label={t("awards.form.kind")}>
                <select id="award-kind" name="kind" defaultValue="INDIVIDUAL">
                  <option value="INDIVIDUAL">{t("awards.kind.INDIVIDUAL")}</option>
                  <option value="TEAM">{t("awards.kind.TEAM")}</option>
                  <option value="DEPARTMENT">{t("awards.kind.DEPARTMENT")}</option>
                </select>
              </Field>
            </div>
            <Field id="award-people" label={t("awards.form.people")} hint={t("awards.form.peopleHint")} errors={errorsOf("award").people}>
              <textarea id="award-people" name="people" rows={3} aria-describedby="award-people-hint" />
            </Field>
            <div className="form-row">
              <Field id="team-zh" label={t("awards.form.teamZh")} errors={errorsOf("award").teamNameZh}>
                <input type="text" id="team-zh" name="teamNameZh" maxLength={120} />
              </Field>
              <Field id="team-en" label={t("awards.form.teamEn")} errors={errorsOf("award").teamNameEn}>
                <input type="text" id="team-en" name="teamNameEn" maxLength={160} />
              </Field>
              <Field id="award-department" label={t("awards.form.department")} errors={errorsOf("award").departmentId}>
                <select id="award-department" name="departmentId" defaultValue="">
                  <Options options={departments} empty="—" />
                </select>
              </Field>
            </div>
            <Field id="citation-zh" label={t("awards.form.citationZh")}>
              <textarea id="citation-zh" name="citationZh" rows={3} maxLength={2000} />
            </Field>
            <Field id="citation-en" label={t("awards.form.citationEn")}>
              <textarea id="citation-en" name="citationEn" rows={3} maxLength={3000} />
            </Field>
            <div>
              <button type="submit" disabled={busy}>
                {t("awards.form.addAward")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <AwardList
        categories={categories}
        actions={(awardId) => (
          <div className="actions">
            <Form method="post" encType="multipart/form-data" className="inline-form">
              <input type="hidden" name="intent" value="photo" />
              <input type="hidden" name="awardId" value={awardId} />
              <label htmlFor={`photo-${awardId}`}>{t("awards.form.photo")}</label>
              <input id={`photo-${awardId}`} name="photo" type="file" accept="image/jpeg,image/png,image/webp" required />
              <button type="submit" className="secondary" disabled={busy}>
                {t("awards.form.upload")}
              </button>
            </Form>
            <Form method="post" onSubmit={(event) => (window.confirm(t("awards.action.removeConfirm")) ? undefined : event.preventDefault())}>
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="awardId" value={awardId} />
              <button type="submit" className="secondary" disabled={busy}>
                {t("awards.action.remove")}
              </button>
            </Form>
          </div>
        )}
      />
    </div>
  );
}

