// Builds real Requests for loaders and actions, signed in as a given user where needed.
import { createSession } from "~/utils/session.server";

const ORIGIN = "http://localhost:3000";

export async function sessionCookieFor(userId: string) {
  const setCookie = await createSession(userId, new Request(ORIGIN));
  return setCookie.split(";")[0]!;
}

type RequestOptions = { userId?: string; headers?: Record<string, string> };

export async function get(path: string, { userId, headers = {} }: RequestOptions = {}) {
  const cookie = userId ? await sessionCookieFor(userId) : undefined;
  return new Request(ORIGIN + path, { headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } });
}

export async function post(path: string, fields: Record<string, string | string[]>, { userId, headers = {} }: RequestOptions = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  const cookie = userId ? await sessionCookieFor(userId) : undefined;
  return new Request(ORIGIN + path, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers, ...(cookie ? { Cookie: cookie } : {}) },
  });
}

export const routeArgs = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

/** Runs a loader or action, returning the thrown Response or data() as a result, so tests can assert on it. */
export async function settle<T>(fn: () => Promise<T>) {
  try {
    return { returned: await fn(), thrown: undefined };
  } catch (thrown) {
    return { returned: undefined, thrown };
  }
}

/** The status of a loader/action outcome, whether returned or thrown, Response or data(). */
export function statusOf(outcome: unknown): number {
  if (outcome instanceof Response) return outcome.status;
  if (outcome && typeof outcome === "object" && "init" in outcome) {
    const init = (outcome as { init?: { status?: number } | null }).init;
    return init?.status ?? 200;
  }
  return 200;
}
