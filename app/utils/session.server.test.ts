import { createCookie } from "@remix-run/node";
import { expect, test } from "vitest";

import { createUser } from "../../tests/factories";
import { settle } from "../../tests/request";
import { prisma } from "~/utils/db.server";
import { createSession, destroySession, getSessionUser, requireUser, safeRedirect } from "~/utils/session.server";

const ORIGIN = "http://localhost:3000";
const withCookie = (cookie: string) => new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } });
const pairOf = (setCookie: string) => setCookie.split(";")[0]!;
const attributes = (setCookie: string) =>
  setCookie
    .split(";")
    .slice(1)
    .map((part) => part.trim());

test("createSession stores a row and returns an HttpOnly, SameSite=Lax, Path=/ cookie carrying a signed id", async () => {
  const user = await createUser();
  const setCookie = await createSession(user.id, new Request(ORIGIN, { headers: { "User-Agent": "vitest-agent" } }));

  const sessions = await prisma.session.findMany({ where: { userId: user.id } });
  expect(sessions).toHaveLength(1);
  const session = sessions[0]!;
  expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits, base64url
  expect(session.userAgent).toBe("vitest-agent");
  const thirtyDays = 30 * 24 * 3600 * 1000;
  expect(Math.abs(session.expiresAt.getTime() - (Date.now() + thirtyDays))).toBeLessThan(60_000);

  expect(setCookie.startsWith("convene_session=")).toBe(true);
  const attrs = attributes(setCookie);
  expect(attrs).toContain("HttpOnly");
  expect(attrs).toContain("SameSite=Lax");
  expect(attrs).toContain("Path=/");
  expect(attrs).toContain(`Max-Age=${thirtyDays / 1000}`);

  const value = decodeURIComponent(pairOf(setCookie).slice("convene_session=".length));
  expect(value).not.toBe(session.id);
  expect(setCookie).not.toContain(session.id);
  expect(value).toMatch(/\.[A-Za-z0-9+/]+$/); // a signature follows the payload
});

test("getSessionUser finds the user, with roles and permissions, from the cookie", async () => {
  const user = await createUser({ roles: ["staff"], locale: "en" });
  const cookie = pairOf(await createSession(user.id, new Request(ORIGIN)));
  const found = await getSessionUser(withCookie(cookie));
  expect(found).not.toBeNull();
  expect(found!.id).toBe(user.id);
  expect(found!.email).toBe(user.email);
  expect(found!.locale).toBe("en");
  expect(found!.roles.map((r) => r.name)).toEqual(["staff"]);
  expect(found).not.toHaveProperty("deletedAt");
  expect(found).not.toHaveProperty("passwordHash");
});

test("no cookie, or an unrelated cookie, is no user", async () => {
  expect(await getSessionUser(new Request(ORIGIN))).toBeNull();
  expect(await getSessionUser(withCookie("other=1"))).toBeNull();
});

test("a tampered cookie value is no user", async () => {
  const user = await createUser();
  const cookie = pairOf(await createSession(user.id, new Request(ORIGIN)));
  const session = await prisma.session.findFirstOrThrow({ where: { userId: user.id } });

  const value = decodeURIComponent(cookie.slice("convene_session=".length));
  const dot = value.lastIndexOf(".");
  const [payload, signature] = [value.slice(0, dot), value.slice(dot + 1)];
  const encode = (v: string) => `convene_session=${encodeURIComponent(v)}`;
  expect(await getSessionUser(withCookie(encode(value)))).not.toBeNull();

  // One character of the signature changed (well away from the unused trailing bits).
  const c = signature[5]!;
  const badSignature = `${signature.slice(0, 5)}${c === "Q" ? "R" : "Q"}${signature.slice(6)}`;
  expect(await getSessionUser(withCookie(encode(`${payload}.${badSignature}`)))).toBeNull();

  // Another session's id put in the payload, keeping this cookie's signature.
  const other = await createUser();
  await createSession(other.id, new Request(ORIGIN));
  const otherSession = await prisma.session.findFirstOrThrow({ where: { userId: other.id } });
  const swapped = Buffer.from(JSON.stringify(otherSession.id)).toString("base64");
  expect(await getSessionUser(withCookie(encode(`${swapped}.${signature}`)))).toBeNull();

  // No signature at all.
  expect(await getSessionUser(withCookie(encode(payload)))).toBeNull();

  // The real session id, but signed with another secret.
  const forged = createCookie("convene_session", { secrets: ["not-the-secret-0123456789-0123456789"] });
  expect(await getSessionUser(withCookie(pairOf(await forged.serialize(session.id))))).toBeNull();

  // The real session id, unsigned, encoded the way the framework would, and raw.
  const unsigned = createCookie("convene_session");
  expect(await getSessionUser(withCookie(pairOf(await unsigned.serialize(session.id))))).toBeNull();
  expect(await getSessionUser(withCookie(`convene_session=${session.id}`))).toBeNull();

  // The untouched cookie still works.
  expect((await getSessionUser(withCookie(cookie)))?.id).toBe(user.id);
});

test("an expired session row is no user", async () => {
  const user = await createUser();
  const cookie = pairOf(await createSession(user.id, new Request(ORIGIN)));
  await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect(await getSessionUser(withCookie(cookie))).toBeNull();
});

test("a session of a deleted user is no user", async () => {
  const user = await createUser();
  const cookie = pairOf(await createSession(user.id, new Request(ORIGIN)));
  await prisma.user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
  expect(await getSessionUser(withCookie(cookie))).toBeNull();
});

test("a cookie whose session row is gone is no user", async () => {
  const user = await createUser();
  const cookie = pairOf(await createSession(user.id, new Request(ORIGIN)));
  await prisma.session.deleteMany({ where: { userId: user.id } });
  expect(await getSessionUser(withCookie(cookie))).toBeNull();
});

test("destroySession deletes only that row and returns a cookie that clears it (Max-Age=0)", async () => {
  const user = await createUser();
  const cookie = pairOf(await createSession(user.id, new Request(ORIGIN)));
  const otherDevice = pairOf(await createSession(user.id, new Request(ORIGIN)));
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);

  const cleared = await destroySession(withCookie(cookie));
  expect(pairOf(cleared)).toBe("convene_session=");
  const attrs = attributes(cleared);
  expect(attrs).toContain("Max-Age=0");
  expect(attrs).toContain("Path=/");
  expect(attrs).toContain("HttpOnly");

  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  expect(await getSessionUser(withCookie(cookie))).toBeNull();
  expect((await getSessionUser(withCookie(otherDevice)))?.id).toBe(user.id);
});

test("destroySession without a cookie deletes nothing and still clears", async () => {
  const user = await createUser();
  await createSession(user.id, new Request(ORIGIN));
  const cleared = await destroySession(new Request(ORIGIN));
  expect(attributes(cleared)).toContain("Max-Age=0");
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
});

test("requireUser returns the signed-in user, or redirects to /login with redirectTo", async () => {
  const user = await createUser();
  const cookie = pairOf(await createSession(user.id, new Request(ORIGIN)));
  expect((await requireUser(new Request(`${ORIGIN}/profile`, { headers: { Cookie: cookie } }))).id).toBe(user.id);

  const { thrown } = await settle(() => requireUser(new Request(`${ORIGIN}/events/x?tab=agenda`)));
  expect(thrown).toBeInstanceOf(Response);
  expect((thrown as Response).status).toBe(302);
  expect((thrown as Response).headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/events/x?tab=agenda")}`);
});

test("safeRedirect only allows paths on this site", () => {
  expect(safeRedirect("//evil.com")).toBe("/");
  expect(safeRedirect("https://evil.com")).toBe("/");
  expect(safeRedirect("/\\evil")).toBe("/");
  expect(safeRedirect("evil.com")).toBe("/");
  expect(safeRedirect("")).toBe("/");
  expect(safeRedirect(null)).toBe("/");
  expect(safeRedirect(undefined)).toBe("/");
  expect(safeRedirect("//evil.com", "/home")).toBe("/home");
  expect(safeRedirect("/events/x?y=1")).toBe("/events/x?y=1");
  expect(safeRedirect("/")).toBe("/");
});

test("safeRedirect never returns a target that a browser resolves off-site, or that cannot be a header value", () => {
  // Browsers drop tabs and newlines anywhere in a URL (WHATWG URL parser), so "/\t/evil.com" is "//evil.com".
  const attempts = ["/\t/evil.com", "/\t\\evil.com", "/\n/evil.com", "/\r\n/evil.com", "/a\nb"];
  for (const attempt of attempts) {
    const target = safeRedirect(attempt);
    expect(new URL(target, ORIGIN).origin, JSON.stringify(attempt)).toBe(ORIGIN);
    expect(() => new Headers({ Location: target }), JSON.stringify(attempt)).not.toThrow();
  }
});
