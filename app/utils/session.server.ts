import { randomBytes } from "node:crypto";

import { createCookie, redirect } from "@remix-run/node";

import { prisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

const SESSION_DAYS = 30;
const SESSION_MS = SESSION_DAYS * 24 * 60 * 60 * 1000;

let cookie: ReturnType<typeof createCookie> | undefined;

/** The cookie carries only the session id, signed; the session itself is a database row. */
function sessionCookie() {
  const env = getEnv();
  cookie ??= createCookie("convene_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.cookieSecure,
    path: "/",
    maxAge: SESSION_MS / 1000,
    secrets: env.sessionSecrets,
  });
  return cookie;
}

async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function createSession(userId: string, request: Request) {
  const session = await prisma.session.create({
    data: {
      id: randomBytes(32).toString("base64url"),
      userId,
      expiresAt: new Date(Date.now() + SESSION_MS),
      userAgent: request.headers.get("User-Agent")?.slice(0, 200) ?? null,
    },
    select: { id: true },
  });
  return sessionCookie().serialize(session.id);
}

export async function destroySession(request: Request) {
  const id = await readSessionId(request);
  if (id) await prisma.session.deleteMany({ where: { id } });
  return sessionCookie().serialize("", { maxAge: 0 });
}

export const sessionUserSelect = {
  id: true,
  email: true,
  kind: true,
  nameZh: true,
  nameEn: true,
  locale: true,
  roles: { select: { name: true, permissions: { select: { action: true, entity: true, access: true } } } },
} as const;

export async function getSessionUser(request: Request) {
  const id = await readSessionId(request);
  if (!id) return null;
  const session = await prisma.session.findUnique({
    where: { id },
    select: { expiresAt: true, user: { select: { ...sessionUserSelect, deletedAt: true } } },
  });
  if (!session || session.expiresAt < new Date() || session.user.deletedAt) return null;
  const { deletedAt: _deletedAt, ...user } = session.user;
  return user;
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getSessionUser>>>;

/** A safe place to go after signing in: only paths on this site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Browsers drop tabs and newlines from URLs ("/\t/evil.com" becomes "//evil.com"), and a newline is not a
  // valid header value at all, so any control character disqualifies the target.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  if (to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (user) return user;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  throw redirect(`/login?${params}`);
}
