import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";

import { describedBy, Field } from "~/components/field";
import { Options } from "~/components/options";
import {
  addQuestion,
  deleteQuestion,
  invite,
  InviteSchema,
  listInvitations,
  listQuestions,
  QUESTION_KINDS,
  QuestionSchema,
  RegistrationSettingsSchema,
  removeInvitation,
  updateRegistrationSettings,
} from "~/models/registration.server";
import { listDepartments } from "~/models/user.server";
import { prisma } from "~/utils/db.server";
import { badRequest, notFound } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { toZonedInput } from "~/utils/zoned-time.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:registration");
  const locale = await resolveLocale(request, user.locale);
  const [event, questions, invitations, departments] = await Promise.all([
    prisma.event.findUnique({
      where: { id: eventId },
      select: { slug: true, titleZh: true, titleEn: true, timeZone: true, audience: true, capacity: true, registrationOpensAt: true, registrationClosesAt: true, requiresApproval: true },
    }),
    listQuestions(eventId),
    listInvitations(eventId),
    listDepartments(),
  ]);
  if (!event) throw notFound("event.notFound");
  return {
    title: `${translate(locale, "settings.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    event: { slug: event.slug, title: pick(locale, event.titleZh, event.titleEn), inviteOnly: event.audience === "INVITE_ONLY" },
    settings: {
      capacity: event.capacity === null ? "" : String(event.capacity),
      opensAt: event.registrationOpensAt ? toZonedInput(event.registrationOpensAt, event.timeZone) : "",
      closesAt: event.registrationClosesAt ? toZonedInput(event.registrationClosesAt, event.timeZone) : "",
      requiresApproval: event.requiresApproval ? "on" : "",
    },
    questions: questions.map((q) => ({
      id: q.id,
      label: pick(locale, q.labelZh, q.labelEn),
      kind: translate(locale, `settings.questionKind.${q.kind}`),
      required: q.required,
      options: q.options.map((o) => pick(locale, o.labelZh, o.labelEn)),
    })),
    kinds: QUESTION_KINDS.map((kind) => ({ value: kind, label: translate(locale, `settings.questionKind.${kind}`) })),
    invitations: invitations.map((i) => ({
      id: i.id,
      name: i.user ? `${pick(locale, i.user.nameZh, i.user.nameEn)} (${i.user.email})` : i.department ? pick(locale, i.department.nameZh, i.department.nameEn) : "",
    })),
    departments: departments.map((d) => ({ value: d.id, label: pick(locale, d.nameZh, d.nameEn) })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:registration");
  const formData = await request.formData();
  const intent = formData.get("intent");
  const back = `/events/${params.slug}/registration-settings`;
  switch (intent) {
    case "settings": {
      const submission = parseWithZod(formData, { schema: RegistrationSettingsSchema });
      if (submission.status !== "success") return data({ intent: "settings" as const, result: submission.reply() }, { status: 400 });
      const outcome = await updateRegistrationSettings(user.id, eventId, submission.value);
      if (!outcome.ok && outcome.status === 404) throw notFound();
      if (!outcome.ok) return data({ intent: "settings" as const, result: submission.reply({ fieldErrors: outcome.fieldErrors as Record<string, string[]> }) }, { status: 400 });
      return redirect(`${back}?saved=1&promoted=${outcome.promoted.length}`);
    }
    case "addQuestion": {
      const submission = parseWithZod(formData, { schema: QuestionSchema });
      if (submission.status !== "success") return data({ intent: "addQuestion" as const, result: submission.reply() }, { status: 400 });
      await addQuestion(user.id, eventId, submission.value);
      return redirect(`${back}#questions`);
    }
    case "deleteQuestion": {
      if (!(await deleteQuestion(user.id, eventId, String(formData.get("questionId") ?? "")))) throw notFound();
      return redirect(`${back}#questions`);
    }
    case "invite": {
      const parsed = InviteSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) throw badRequest();
      const outcome = await invite(user.id, eventId, parsed.data);
      if (!outcome.ok) return data({ intent: "invite" as const, unknown: outcome.unknown, invited: outcome.invited }, { status: 400 });
      return redirect(`${back}?invited=${outcome.invited}#invitations`);
    }
    case "uninvite": {
      if (!(await removeInvitation(user.id, eventId, String(formData.get("invitationId") ?? "")))) throw notFound();
      return redirect(`${back}#invitations`);
    }
    default:
      throw badRequest();
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function RegistrationSettings() {
  const { event, settings, questions, kinds, invitations, departments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const t = useT();
  const [settingsForm, settingsFields] = useForm<z.input<typeof RegistrationSettingsSchema>>({
    id: "registration-settings",
    lastResult: actionData?.intent === "settings" ? actionData.result : undefined,
    defaultValue: settings,
  });
  const [questionForm, questionFields] = useForm<z.input<typeof QuestionSchema>>({
    id: "new-question",
    lastResult: actionData?.intent === "addQuestion" ? actionData.result : undefined,
    defaultValue: { kind: "TEXT" },
  });
  const promoted = searchParams.get("promoted");
  const invited = searchParams.get("invited");
  const input = (name: "capacity" | "opensAt" | "closesAt", type: "number" | "datetime-local", hint = false) =>
    getInputProps(settingsFields[name], { type, ariaDescribedBy: describedBy(settingsFields[name].id, { errors: settingsFields[name].errors, hint }) });
  const questionText = (name: "labelZh" | "labelEn") =>
    getInputProps(questionFields[name], { type: "text", ariaDescribedBy: describedBy(questionFields[name].id, { errors: questionFields[name].errors }) });

  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${event.slug}/registrations`}>{t("registrations.title")}</Link> · <Link to={`/events/${event.slug}`}>{event.title}</Link>
      </p>
      <h1>{t("settings.title")}</h1>
      {searchParams.get("saved") && !actionData ? (
        <div className="alert success" role="status">
          {t("settings.saved")} {promoted && promoted !== "0" ? t("registrations.promoted", { count: promoted }) : null}
        </div>
      ) : null}

      <Form method="post" className="form card" {...getFormProps(settingsForm)}>
        <input type="hidden" name="intent" value="settings" />
        <Field id={settingsFields.capacity.id} label={t("registrations.capacity")} errors={settingsFields.capacity.errors} hint={t("registrations.capacityHint")}>
          <input {...input("capacity", "number", true)} min={0} max={100000} step={1} />
        </Field>
        <div className="form-row">
          <Field id={settingsFields.opensAt.id} label={t("settings.opensAt")} errors={settingsFields.opensAt.errors} hint={t("settings.windowHint")}>
            <input {...input("opensAt", "datetime-local", true)} />
          </Field>
          <Field id={settingsFields.closesAt.id} label={t("settings.closesAt")} errors={settingsFields.closesAt.errors}>
            <input {...input("closesAt", "datetime-local")} />
          </Field>
        </div>
        <label className="checkbox-line">
          <input type="checkbox" name={settingsFields.requiresApproval.name} defaultChecked={settings.requiresApproval === "on"} />
          {t("settings.requiresApproval")}
        </label>
        <div>
          <button type="submit">{t("settings.save")}</button>
        </div>
      </Form>

      <section className="card stack" id="questions" aria-labelledby="questions-heading">
        <h2 id="questions-heading" style={{ marginTop: 0 }}>
          {t("settings.questions")}
        </h2>
        {questions.length ? (
          <ol className="stack">
            {questions.map((question) => (
              <li key={question.id}>
                <strong>{question.label}</strong> <span className="tag">{question.kind}</span>{" "}
                {question.required ? <span className="tag">{t("settings.questionRequired")}</span> : null}
                {question.options.length ? <div className="meta">{question.options.join(" / ")}</div> : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="deleteQuestion" />
                  <input type="hidden" name="questionId" value={question.id} />
                  <button type="submit" className="link">
                    {t("settings.removeQuestion", { label: question.label })}
                  </button>
                </Form>
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">{t("settings.noQuestions")}</p>
        )}
        <Form method="post" className="form" {...getFormProps(questionForm)}>
          <input type="hidden" name="intent" value="addQuestion" />
          <div className="form-row">
            <Field id={questionFields.labelZh.id} label={t("settings.questionLabelZh")} errors={questionFields.labelZh.errors}>
              <input {...questionText("labelZh")} lang="zh-CN" />
            </Field>
            <Field id={questionFields.labelEn.id} label={t("settings.questionLabelEn")} errors={questionFields.labelEn.errors}>
              <input {...questionText("labelEn")} lang="en" />
            </Field>
          </div>
          <Field id={questionFields.kind.id} label={t("settings.questionKind")} errors={questionFields.kind.errors}>
            <select {...getSelectProps(questionFields.kind)}>
              <Options options={kinds} />
            </select>
          </Field>
          <Field id={questionFields.choices.id} label={t("settings.questionChoices")} errors={questionFields.choices.errors}>
            <textarea {...getTextareaProps(questionFields.choices, { ariaDescribedBy: describedBy(questionFields.choices.id, { errors: questionFields.choices.errors }) })} rows={3} />
          </Field>
          <label className="checkbox-line">
            <input type="checkbox" name={questionFields.required.name} />
            {t("settings.questionRequired")}
          </label>
          <div>
            <button type="submit" className="secondary">
              {t("settings.addQuestion")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card stack" id="invitations" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading" style={{ marginTop: 0 }}>
          {t("settings.invitations")}
        </h2>
        <p className="meta">{t("settings.invitationsHint")}</p>
        {invited && !actionData ? (
          <div className="alert success" role="status">
            {t("settings.invited", { count: invited })}
          </div>
        ) : null}
        {actionData?.intent === "invite" ? (
          <div className="alert error" role="alert">
            {t("settings.invited", { count: actionData.invited })} {t("settings.unknownPeople", { list: actionData.unknown.join(", ") })}
          </div>
        ) : null}
        {invitations.length ? (
          <ul className="stack">
            {invitations.map((invitation) => (
              <li key={invitation.id} style={{ display: "flex", flexWrap: "wrap", gap: ".5rem", alignItems: "center" }}>
                <span>{invitation.name}</span>
                <Form method="post">
                  <input type="hidden" name="intent" value="uninvite" />
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <button type="submit" className="link">
                    {t("settings.removeInvitation", { name: invitation.name })}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t("settings.noInvitations")}</p>
        )}
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="invite" />
          <div className="field">
            <label htmlFor="invite-people">{t("settings.invitePeople")}</label>
            <textarea id="invite-people" name="people" rows={3} />
          </div>
          <div className="field">
            <label htmlFor="invite-department">{t("settings.inviteDepartment")}</label>
            <select id="invite-department" name="departmentId">
              <Options options={departments} empty={t("common.none")} />
            </select>
          </div>
          <div>
            <button type="submit" className="secondary">
              {t("settings.invite")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
