import { randomBytes } from "node:crypto";

import { createCookie, redirect } from "@remix-run/node";

import type { UserKind } from "~/generated/prisma/client";
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

export type SessionUser = {
  id: string;
  email: string;
  kind: UserKind;
  nameZh: string;
  nameEn: string;
  locale: string | null;
  roles: Array<{ name: string; permissions: Array<{ action: string; entity: string; access: string }> }>;
};

type RoleRow = SessionUser["roles"][number];
let rolesById: Promise<Map<string, RoleRow>> | null = null;

/**
 * Roles and their permissions, read once per process: they are rows written by migrations (ADR 002), never changed
 * while the app runs. Which roles a person holds is read with every request.
 */
function roleTable() {
  rolesById ??= prisma.role
    .findMany({ select: { id: true, name: true, permissions: { select: { action: true, entity: true, access: true } } } })
    .then((rows) => new Map(rows.map(({ id, ...role }) => [id, role])))
    .catch((error: unknown) => {
      rolesById = null;
      throw error;
    });
  return rolesById;
}

/**
 * The signed-in person, in one query: the session, its user and the ids of their roles. Every page and every door
 * scan asks this, so it is kept to a single round trip (Prisma's relation loading took four on SQLite).
 */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const id = await readSessionId(request);
  if (!id) return null;
  const [rows, roles] = await Promise.all([
    prisma.$queryRaw<Array<Omit<SessionUser, "roles"> & { expiresAt: Date; deletedAt: Date | null; roleIds: string | null }>>`
      SELECT s."expiresAt", u."deletedAt", u.id, u.email, u.kind, u."nameZh", u."nameEn", u.locale,
        (SELECT group_concat(r."A") FROM "_RoleToUser" r WHERE r."B" = u.id) AS "roleIds"
      FROM "Session" s JOIN "User" u ON u.id = s."userId"
      WHERE s.id = ${id}`,
    roleTable(),
  ]);
  const row = rows[0];
  if (!row || new Date(row.expiresAt) < new Date() || row.deletedAt) return null;
  const { expiresAt: _expiresAt, deletedAt: _deletedAt, roleIds, ...user } = row;
  return { ...user, roles: (roleIds ?? "").split(",").flatMap((roleId) => roles.get(roleId) ?? []) };
}


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
