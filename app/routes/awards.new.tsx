import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { Field } from "~/components/field";
import { Options } from "~/components/options";
import { createProgramme, programmeSchema } from "~/models/award.server";
import { prisma } from "~/utils/db.server";
import { forbidden } from "~/utils/http.server";
import { pick, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { permissionList, userCan } from "~/utils/permissions.server";
import { requireUser, type SessionUser } from "~/utils/session.server";

/** Award organizers create any programme; an event's organizers create programmes for their own ceremony. */
async function requireCreator(request: Request) {
  const user = await requireUser(request);
  const permissions = permissionList(user);
  if (!permissions.includes("create:award:any") && !permissions.includes("create:award:own")) throw forbidden();
  return user;
}

async function ceremonyOptions(user: SessionUser) {
  const any = permissionList(user).includes("create:award:any");
  return prisma.event.findMany({
    where: { status: { not: "ARCHIVED" }, ...(any ? {} : { eventRoles: { some: { userId: user.id, role: { permissions: { some: { action: "create", entity: "award", access: "own" } } } } } }) },
    orderBy: { startsAt: "desc" },
    select: { slug: true, titleZh: true, titleEn: true },
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCreator(request);
  const locale = await resolveLocale(request, user.locale);
  const events = await ceremonyOptions(user);
  return {
    title: translate(locale, "awards.new.title"),
    requireEvent: !permissionList(user).includes("create:award:any"),
    events: events.map((event) => ({ value: event.slug, label: pick(locale, event.titleZh, event.titleEn) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCreator(request);
  const parsed = programmeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0])] ??= []).push(issue.message);
    return data({ errors }, { status: 400 });
  }
  // without the global permission, only for a ceremony this person organizes
  const event = parsed.data.eventSlug ? await prisma.event.findUnique({ where: { slug: parsed.data.eventSlug }, select: { id: true } }) : null;
  if (!(await userCan(user, "create:award", event ? { eventId: event.id } : {}))) throw forbidden();
  const programme = await createProgramme(user.id, parsed.data);
  return redirect(`/awards/${programme.slug}/manage`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function NewProgramme() {
  const { events, requireEvent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string[] | undefined> = result?.errors ?? {};
  const t = useT();
  return (
    <div className="stack">
      <p className="meta">
        <Link to="/awards">{t("awards.title")}</Link>
      </p>
      <h1>{t("awards.new.title")}</h1>
      <Form method="post" className="form card" style={{ maxWidth: "48rem" }}>
        <div className="form-row">
          <Field id="year" label={t("awards.new.year")} errors={errors.year}>
            <input id="year" name="year" type="number" min={2000} max={2100} required defaultValue={new Date().getFullYear()} />
          </Field>
          <Field id="slug" label={t("awards.new.slug")} hint={t("awards.new.slugHint")} errors={errors.slug}>
            <input type="text" id="slug" name="slug" required pattern={"[a-z0-9][a-z0-9\\-]{2,60}"} aria-describedby="slug-hint" />
          </Field>
        </div>
        <Field id="name-zh" label={t("awards.new.nameZh")} errors={errors.nameZh}>
          <input type="text" id="name-zh" name="nameZh" required maxLength={120} />
        </Field>
        <Field id="name-en" label={t("awards.new.nameEn")} errors={errors.nameEn}>
          <input type="text" id="name-en" name="nameEn" required maxLength={160} />
        </Field>
        <Field id="description-zh" label={t("awards.new.descriptionZh")}>
          <textarea id="description-zh" name="descriptionZh" rows={3} maxLength={2000} />
        </Field>
        <Field id="description-en" label={t("awards.new.descriptionEn")}>
          <textarea id="description-en" name="descriptionEn" rows={3} maxLength={3000} />
        </Field>
        <Field id="event" label={t("awards.new.event")} errors={errors.eventSlug}>
          <select id="event" name="eventSlug" required={requireEvent} defaultValue="">
            <Options options={events} empty={requireEvent ? undefined : t("awards.new.noEvent")} />
          </select>
        </Field>
        <div>
          <button type="submit">{t("awards.new.submit")}</button>
        </div>
      </Form>
    </div>
  );
}
