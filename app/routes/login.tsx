import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";

import { describedBy, Field } from "~/components/field";
import { signIn } from "~/models/auth.server";
import { audit } from "~/utils/audit.server";
import { forgetOfflineCopy } from "~/utils/door-offline-copy";
import { isMessageKey, translate, useT } from "~/utils/i18n";
import { resolveLocale } from "~/utils/i18n.server";
import { clientAddress } from "~/utils/rate-limit.server";
import { createSession, getSessionUser, safeRedirect } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  const locale = await resolveLocale(request);
  return { title: translate(locale, "login.title") };
}

const LoginSchema = z.object({
  email: z.email({ message: "login.emailInvalid" }).max(200, { message: "form.tooLong" }),
  password: z.string({ message: "form.required" }).min(1, { message: "form.required" }).max(200, { message: "form.tooLong" }),
  redirectTo: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const outcome = await signIn(email, password, clientAddress(request));
  if (!outcome.ok) {
    const formError = outcome.reason === "invalid" ? "login.invalid" : "login.tooMany";
    return data(
      { result: submission.reply({ formErrors: [formError], hideFields: ["password"] }) },
      { status: outcome.reason === "invalid" ? 400 : 429 },
    );
  }
  const cookie = await createSession(outcome.userId, request);
  await audit({ actorId: outcome.userId, action: "session.create", entityType: "User", entityId: outcome.userId });
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "convene" }];

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  // Whoever used this device before has signed out: a door scanner page kept for offline use goes with them.
  useEffect(() => forgetOfflineCopy(), []);
  // A failed sign-in never leaves the password in the field, with or without JavaScript.
  const passwordRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (actionData && passwordRef.current) passwordRef.current.value = "";
  }, [actionData]);
  const [form, fields] = useForm<z.input<typeof LoginSchema>>({ lastResult: actionData?.result, shouldRevalidate: "onSubmit" });
  return (
    <div className="auth card stack">
      <h1>{t("login.title")}</h1>
      <p className="meta">{t("login.intro")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        {form.errors?.length ? (
          <div className="alert error" role="alert" id={form.errorId}>
            {form.errors.map((key) => (isMessageKey(key) ? t(key) : t("form.invalid"))).join(" ")}
          </div>
        ) : null}
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field id={fields.email.id} label={t("login.email")} errors={fields.email.errors}>
          <input
            {...getInputProps(fields.email, { type: "email", ariaDescribedBy: describedBy(fields.email.id, { errors: fields.email.errors }) })}
            autoComplete="username"
            required
          />
        </Field>
        <Field id={fields.password.id} label={t("login.password")} errors={fields.password.errors}>
          <input
            {...getInputProps(fields.password, { type: "password", ariaDescribedBy: describedBy(fields.password.id, { errors: fields.password.errors }) })}
            ref={passwordRef}
            autoComplete="current-password"
            required
          />
        </Field>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
    </div>
  );
}
