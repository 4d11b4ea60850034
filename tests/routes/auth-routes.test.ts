import { randomUUID } from "node:crypto";

import { expect, test } from "vitest";

import { createUser, DEMO_PASSWORD } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction, loader as logoutLoader } from "~/routes/logout";
import { prisma } from "~/utils/db.server";
import { getSessionUser } from "~/utils/session.server";

// The sign-in limiter counts per address in module memory; each test signs in from its own address.
const from = () => ({ headers: { "X-Convene-Remote-Address": `test-${randomUUID()}` } });

type Reply = { status?: string; initialValue: Record<string, unknown> | null; error?: Record<string, string[] | null> };

/** The body of a returned data() reply from the login action. */
function replyOf(outcome: unknown): Reply {
  expect(outcome).not.toBeInstanceOf(Response);
  expect(outcome).toHaveProperty("data.result");
  return (outcome as { data: { result: Reply } }).data.result;
}

function asRedirect(outcome: unknown) {
  expect(outcome).toBeInstanceOf(Response);
  const response = outcome as Response;
  expect(response.status).toBe(302);
  return response;
}

const cookiePair = (setCookie: string | null) => setCookie!.split(";")[0]!;

test("login: an invalid email is 400, keeps the typed email and hides the password", async () => {
  const result = await loginAction(routeArgs(await post("/login", { email: "not-an-email", password: "secret-typed", redirectTo: "/" }, from())));
  expect(statusOf(result)).toBe(400);
  const reply = replyOf(result);
  expect(reply.status).toBe("error");
  expect(reply.initialValue?.email).toBe("not-an-email");
  expect(reply.initialValue).not.toHaveProperty("password");
  expect(JSON.stringify(result)).not.toContain("secret-typed");
  expect(reply.error?.email).toEqual(["login.emailInvalid"]);
});

test("login: a missing password is 400 with form.required", async () => {
  const user = await createUser();
  const result = await loginAction(routeArgs(await post("/login", { email: user.email, password: "" }, from())));
  expect(statusOf(result)).toBe(400);
  expect(replyOf(result).error?.password).toEqual(["form.required"]);
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
});

test("login: a wrong password is 400 with formErrors [login.invalid], no session, password hidden", async () => {
  const user = await createUser();
  const result = await loginAction(routeArgs(await post("/login", { email: user.email, password: "wrong-password" }, from())));
  expect(statusOf(result)).toBe(400);
  const reply = replyOf(result);
  expect(reply.error?.[""]).toEqual(["login.invalid"]);
  expect(reply.initialValue?.email).toBe(user.email);
  expect(reply.initialValue).not.toHaveProperty("password");
  expect(JSON.stringify(result)).not.toContain("wrong-password");
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
});

test("login: an unknown email gets the same answer as a wrong password", async () => {
  const result = await loginAction(routeArgs(await post("/login", { email: `nobody-${randomUUID()}@lab.example`, password: "x" }, from())));
  expect(statusOf(result)).toBe(400);
  expect(replyOf(result).error?.[""]).toEqual(["login.invalid"]);
});

test("login: success redirects (302) to redirectTo with a session cookie, a session row and an audit entry", async () => {
  const user = await createUser();
  const result = await loginAction(
    routeArgs(await post("/login", { email: user.email, password: DEMO_PASSWORD, redirectTo: "/events/x?tab=agenda" }, from())),
  );
  const response = asRedirect(result);
  expect(response.headers.get("Location")).toBe("/events/x?tab=agenda");
  const setCookie = response.headers.get("Set-Cookie");
  expect(setCookie).toMatch(/^convene_session=[^;]+;/);
  expect(setCookie).toContain("HttpOnly");
  expect(setCookie).toContain("SameSite=Lax");

  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  const signedIn = await getSessionUser(new Request("http://localhost:3000/", { headers: { Cookie: cookiePair(setCookie) } }));
  expect(signedIn?.id).toBe(user.id);
  const entries = await prisma.auditLog.findMany({ where: { action: "session.create", entityId: user.id } });
  expect(entries).toHaveLength(1);
  expect(entries[0]!.actorId).toBe(user.id);
});

test("login: with no redirectTo, success goes to /", async () => {
  const user = await createUser();
  const response = asRedirect(await loginAction(routeArgs(await post("/login", { email: user.email, password: DEMO_PASSWORD }, from()))));
  expect(response.headers.get("Location")).toBe("/");
});

test("login: an off-site redirectTo goes to / instead", async () => {
  const user = await createUser();
  for (const redirectTo of ["//evil.com", "https://evil.com/x", "/\\evil.com"]) {
    const response = asRedirect(
      await loginAction(routeArgs(await post("/login", { email: user.email, password: DEMO_PASSWORD, redirectTo }, from()))),
    );
    expect(response.headers.get("Location"), redirectTo).toBe("/");
  }
});

test("login: a redirectTo with a tab cannot send the user off-site", async () => {
  const user = await createUser();
  // A browser strips the tab, reading "/\t/evil.com" as "//evil.com": another site.
  const response = asRedirect(
    await loginAction(routeArgs(await post("/login", { email: user.email, password: DEMO_PASSWORD, redirectTo: "/\t/evil.com" }, from()))),
  );
  const location = response.headers.get("Location")!;
  expect(new URL(location, "http://localhost:3000").origin).toBe("http://localhost:3000");
});

test("login: a redirectTo with a newline falls back instead of failing after sign-in", async () => {
  const user = await createUser();
  const { returned, thrown } = await settle(async () =>
    loginAction(routeArgs(await post("/login", { email: user.email, password: DEMO_PASSWORD, redirectTo: "/a\nb" }, from()))),
  );
  expect(thrown).toBeUndefined();
  const response = asRedirect(returned);
  expect(new URL(response.headers.get("Location")!, "http://localhost:3000").origin).toBe("http://localhost:3000");
  expect(response.headers.get("Set-Cookie")).toMatch(/^convene_session=/);
});

test("login: a locked account answers 429 with login.tooMany, even with the right password", async () => {
  const user = await createUser();
  const options = from();
  for (let i = 0; i < 4; i++) {
    const result = await loginAction(routeArgs(await post("/login", { email: user.email, password: "wrong" }, options)));
    expect(statusOf(result)).toBe(400);
  }
  const fifth = await loginAction(routeArgs(await post("/login", { email: user.email, password: "wrong" }, options)));
  expect(statusOf(fifth)).toBe(429);
  expect(replyOf(fifth).error?.[""]).toEqual(["login.tooMany"]);
  const right = await loginAction(routeArgs(await post("/login", { email: user.email, password: DEMO_PASSWORD }, from())));
  expect(statusOf(right)).toBe(429);
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
});

test("login loader: a signed-in user is redirected away, to a safe redirectTo", async () => {
  const user = await createUser();
  const { thrown } = await settle(() => get("/login?redirectTo=/profile", { userId: user.id }).then((r) => loginLoader(routeArgs(r))));
  expect(asRedirect(thrown).headers.get("Location")).toBe("/profile");

  const evil = await settle(() => get("/login?redirectTo=//evil.com", { userId: user.id }).then((r) => loginLoader(routeArgs(r))));
  expect(asRedirect(evil.thrown).headers.get("Location")).toBe("/");
});

test("login loader: a signed-out visitor gets the page title in their language", async () => {
  const result = await loginLoader(routeArgs(await get("/login", { headers: { "Accept-Language": "en" } })));
  expect(result).toEqual({ title: "Sign in" });
});

test("logout action deletes the session row and clears the cookie", async () => {
  const user = await createUser();
  const request = await post("/logout", {}, { userId: user.id });
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  const response = asRedirect(await logoutAction(routeArgs(request)));
  expect(response.headers.get("Location")).toBe("/login");
  const setCookie = response.headers.get("Set-Cookie")!;
  expect(setCookie.split(";")[0]).toBe("convene_session=");
  expect(setCookie).toContain("Max-Age=0");
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  expect(await getSessionUser(new Request("http://localhost:3000/", { headers: { Cookie: request.headers.get("Cookie")! } }))).toBeNull();
});

test("GET /logout does not sign out", async () => {
  const user = await createUser();
  const request = await get("/logout", { userId: user.id });
  const response = asRedirect(await logoutLoader());
  expect(response.headers.get("Location")).toBe("/");
  expect(response.headers.get("Set-Cookie")).toBeNull();
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  expect((await getSessionUser(request))?.id).toBe(user.id);
});
