import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { z } from "zod";

import { EventFields, type EventFormFields } from "~/components/event-form";
import { syncVisitorBadgeWindows } from "~/models/delegation.server";
import { changeEventStatus, EventSchema, getEventForEditing, StatusSchema, updateEvent } from "~/models/event.server";
import { eventFormOptions } from "~/utils/event-form.server";
import { badRequest, notFound } from "~/utils/http.server";
import { isMessageKey, pick, translate, useLocale, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { toZonedInput } from "~/utils/zoned-time.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireEventPermission(request, params.slug, "update:event");
  const locale = await resolveLocale(request, user.locale);
  const event = await getEventForEditing(params.slug!);
  if (!event) throw notFound("event.notFound");
  return {
    title: `${translate(locale, "event.edit.title")} · ${pick(locale, event.titleZh, event.titleEn)}`,
    slug: event.slug,
    status: event.status,
    cancelReason: event.cancelReason,
    options: await eventFormOptions(locale),
    defaults: {
      kind: event.kind,
      titleZh: event.titleZh,
      titleEn: event.titleEn,
      descriptionZh: event.descriptionZh,
      descriptionEn: event.descriptionEn,
      timeZone: event.timeZone,
      startsAt: toZonedInput(event.startsAt, event.timeZone),
      endsAt: toZonedInput(event.endsAt, event.timeZone),
      venueId: event.venueId ?? "",
      coverImageUrl: event.coverImageUrl ?? "",
      audience: event.audience,
      audienceDepartmentIds: event.audienceDepartments.map((d) => d.departmentId),
      isPublic: event.isPublic ? "on" : "",
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:event");
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "status") {
    const submission = parseWithZod(formData, { schema: StatusSchema });
    if (submission.status !== "success") return data({ form: "status" as const, result: submission.reply() }, { status: 400 });
    const outcome = await changeEventStatus(user.id, eventId, submission.value);
    if (!outcome.ok) {
      return data({ form: "status" as const, result: submission.reply({ fieldErrors: outcome.fieldErrors as Record<string, string[]> }) }, { status: outcome.status });
    }
    return redirect(`/events/${params.slug}/edit?changed=status`);
  }
  if (intent !== "details") throw badRequest();
  const submission = parseWithZod(formData, { schema: EventSchema });
  if (submission.status !== "success") return data({ form: "details" as const, result: submission.reply() }, { status: 400 });
  const outcome = await updateEvent(user.id, eventId, submission.value);
  if (!outcome.ok) {
    return data({ form: "details" as const, result: submission.reply({ fieldErrors: outcome.fieldErrors as Record<string, string[]> }) }, { status: outcome.status });
  }
  // a visit moved to other dates takes its visitor badges' window along (nothing for other kinds of event)
  await syncVisitorBadgeWindows(eventId);
  return redirect(`/events/${params.slug}/edit?changed=details`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

const NEXT_STATUSES = { DRAFT: ["PUBLISHED", "CANCELLED"], PUBLISHED: ["CANCELLED", "ARCHIVED"], CANCELLED: ["ARCHIVED"], ARCHIVED: [] } as const;

export default function EditEvent() {
  const { slug, status, cancelReason, options, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm<z.input<typeof EventSchema>>({
    id: "event-details",
    lastResult: actionData?.form === "details" ? actionData.result : undefined,
    defaultValue: defaults,
  });
  const statusErrors = actionData?.form === "status" ? Object.values(actionData.result.error ?? {}).flat() : [];
  const changed = searchParams.get("changed");
  return (
    <div className="stack">
      <p className="meta">
        <Link to={`/events/${slug}`}>{pick(locale, defaults.titleZh, defaults.titleEn)}</Link>
      </p>
      <h1>{t("event.edit.title")}</h1>
      {changed && !actionData ? (
        <div className="alert success" role="status">
          {t(changed === "status" ? "event.status.changed" : "event.edit.saved")}
        </div>
      ) : null}
      <section className="card stack" aria-labelledby="status-heading">
        <h2 id="status-heading" style={{ marginTop: 0 }}>
          {t("event.status.heading")}: {t(`event.status.${status}`)}
        </h2>
        {status === "CANCELLED" && cancelReason ? <p className="meta">{cancelReason}</p> : null}
        {statusErrors.length ? (
          <div className="alert error" role="alert">
            {statusErrors.map((key) => (isMessageKey(key) ? t(key) : t("form.invalid"))).join(" ")}
          </div>
        ) : null}
        <div className="checkbox-row" style={{ alignItems: "end" }}>
          {NEXT_STATUSES[status].map((next) =>
            next === "CANCELLED" ? (
              <Form method="post" key={next} className="form-row" style={{ alignItems: "end", flex: "1 1 22rem" }}>
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="status" value="CANCELLED" />
                <div className="field">
                  <label htmlFor="cancel-reason">{t("event.status.cancelReason")}</label>
                  <input id="cancel-reason" type="text" name="cancelReason" maxLength={1000} />
                </div>
                <div>
                  <button type="submit" className="secondary">
                    {t("event.status.cancel")}
                  </button>
                </div>
              </Form>
            ) : (
              <Form method="post" key={next}>
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="status" value={next} />
                <button type="submit" className={next === "PUBLISHED" ? undefined : "secondary"}>
                  {t(next === "PUBLISHED" ? "event.status.publish" : "event.status.archive")}
                </button>
              </Form>
            ),
          )}
        </div>
      </section>
      <Form method="post" className="form card" style={{ maxWidth: "48rem" }} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="details" />
        <EventFields fields={fields as unknown as EventFormFields} {...options} kindLocked />
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("event.edit.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
