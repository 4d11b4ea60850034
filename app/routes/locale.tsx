import { redirect, type ActionFunctionArgs } from "@remix-run/node";

import { setUserLocale } from "~/models/user.server";
import { isLocale } from "~/utils/i18n";
import { localeCookie } from "~/utils/i18n.server";
import { badRequest } from "~/utils/http.server";
import { getSessionUser, safeRedirect } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

/** Switches language: remembered in a cookie, and in the signed-in user's own setting so it follows them. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  if (!isLocale(locale)) throw badRequest("form.invalidChoice");
  const user = await getSessionUser(request);
  if (user) await setUserLocale(user.id, locale);
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}
