import { redirect, type ActionFunctionArgs } from "@remix-run/node";

import { destroySession } from "~/utils/session.server";

// Sign-out is a POST: a GET must never change state (a prefetch or an image tag could sign people out).
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await destroySession(request) } });
}
