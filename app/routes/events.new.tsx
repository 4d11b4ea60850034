import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";

import { EventFields, type EventFormFields } from "~/components/event-form";
import { createEvent, EventSchema } from "~/models/event.server";
import { eventFormOptions } from "~/utils/event-form.server";
import { translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { requireUserWithPermission } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, "create:event");
  const locale = await resolveLocale(request, user.locale);
  const kind = new URL(request.url).searchParams.get("kind");
  return { title: translate(locale, "event.new.title"), options: await eventFormOptions(locale), kind };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, "create:event");
  const submission = parseWithZod(await request.formData(), { schema: EventSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await createEvent(user.id, submission.value);
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors as Record<string, string[]> }) }, { status: outcome.status });
  return redirect(`/events/${outcome.slug}/agenda`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function NewEvent() {
  const { options, kind } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [form, fields] = useForm<z.input<typeof EventSchema>>({
    lastResult: actionData?.result,
    defaultValue: { kind: kind ?? "INTERNAL_CONFERENCE", timeZone: "Asia/Shanghai", audience: "ALL_STAFF" },
  });
  return (
    <div className="stack">
      <p className="meta">
        <Link to="/events">{t("event.list.title")}</Link>
      </p>
      <h1>{t("event.new.title")}</h1>
      <Form method="post" className="form card" style={{ maxWidth: "48rem" }} {...getFormProps(form)}>
        <EventFields fields={fields as unknown as EventFormFields} {...options} />
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("event.new.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
