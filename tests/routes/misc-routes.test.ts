import { expect, test } from "vitest";

import { createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";
import { loader as splatLoader } from "~/routes/$";
import { loader as healthzLoader } from "~/routes/healthz";
import { action as localeAction, loader as localeLoader } from "~/routes/locale";
import { loader as rootLoader } from "~/root";
import { prisma } from "~/utils/db.server";
import { localeCookie } from "~/utils/i18n.server";

function asRedirect(outcome: unknown) {
  expect(outcome).toBeInstanceOf(Response);
  const response = outcome as Response;
  expect(response.status).toBe(302);
  return response;
}

const localeOf = async (userId: string) => (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).locale;

test("locale: locale=en sets the convene_lang cookie and, signed in, stores User.locale", async () => {
  const user = await createUser({ locale: "zh-CN" });
  const response = asRedirect(await localeAction(routeArgs(await post("/locale", { locale: "en", redirectTo: "/events/x?y=1" }, { userId: user.id }))));
  expect(response.headers.get("Location")).toBe("/events/x?y=1");
  const setCookie = response.headers.get("Set-Cookie")!;
  expect(setCookie.startsWith("convene_lang=")).toBe(true);
  expect(setCookie).toContain("Path=/");
  expect(setCookie).toContain("SameSite=Lax");
  expect(await localeCookie.parse(setCookie.split(";")[0]!)).toBe("en");
  expect(await localeOf(user.id)).toBe("en");
});

test("locale: signed out, only the cookie is set", async () => {
  const bystander = await createUser({ locale: "zh-CN" });
  const response = asRedirect(await localeAction(routeArgs(await post("/locale", { locale: "en" }))));
  expect(response.headers.get("Location")).toBe("/");
  expect(await localeCookie.parse(response.headers.get("Set-Cookie"))).toBe("en");
  expect(await localeOf(bystander.id)).toBe("zh-CN");
});

test("locale: an off-site redirectTo goes to /", async () => {
  const response = asRedirect(await localeAction(routeArgs(await post("/locale", { locale: "zh-CN", redirectTo: "//evil.com" }))));
  expect(response.headers.get("Location")).toBe("/");
  expect(await localeCookie.parse(response.headers.get("Set-Cookie"))).toBe("zh-CN");
});

test("locale: an unsupported locale throws 400 and changes nothing", async () => {
  const user = await createUser({ locale: "zh-CN" });
  const { thrown } = await settle(async () => localeAction(routeArgs(await post("/locale", { locale: "fr" }, { userId: user.id }))));
  expect(thrown).not.toBeInstanceOf(Response);
  expect(statusOf(thrown)).toBe(400);
  expect((thrown as { data: unknown }).data).toEqual({ messageKey: "form.invalidChoice" });
  expect(await localeOf(user.id)).toBe("zh-CN");

  const missing = await settle(async () => localeAction(routeArgs(await post("/locale", {}))));
  expect(statusOf(missing.thrown)).toBe(400);
});

test("locale: GET /locale changes nothing and goes home", async () => {
  const response = asRedirect(await localeLoader());
  expect(response.headers.get("Location")).toBe("/");
  expect(response.headers.get("Set-Cookie")).toBeNull();
});

test("healthz answers 200 JSON with database ok", async () => {
  const response = await healthzLoader();
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toContain("application/json");
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: "ok", app: "ok", database: "ok" });
  expect(typeof body.databaseLatencyMs).toBe("number");
  expect(typeof body.uptimeSeconds).toBe("number");
});

test("the $ splat loader throws 404", async () => {
  const { thrown } = await settle(() => splatLoader());
  expect(statusOf(thrown)).toBe(404);
  expect((thrown as { data: unknown }).data).toEqual({ messageKey: "error.404.body" });
});

test("root loader: signed out, returns the locale from Accept-Language and no user", async () => {
  expect(await rootLoader(routeArgs(await get("/", { headers: { "Accept-Language": "en-US" } })))).toEqual({ locale: "en", user: null });
  expect(await rootLoader(routeArgs(await get("/")))).toEqual({ locale: "zh-CN", user: null });
});

test("root loader: signed in, returns the user's own locale and global permission list", async () => {
  const admin = await createUser({ roles: ["admin"], locale: "en", nameEn: "Ada Admin", nameZh: "管理员" });
  const staff = await createUser({ roles: ["staff"] });

  const forAdmin = await rootLoader(routeArgs(await get("/", { userId: admin.id, headers: { "Accept-Language": "zh-CN" } })));
  expect(forAdmin.locale).toBe("en");
  expect(forAdmin.user).toMatchObject({ id: admin.id, nameEn: "Ada Admin", nameZh: "管理员" });
  expect(forAdmin.user?.permissions).toContain("update:role:any");
  expect(forAdmin.user?.permissions).toHaveLength(40);

  const forStaff = await rootLoader(routeArgs(await get("/", { userId: staff.id, headers: { "Accept-Language": "en" } })));
  expect(forStaff.locale).toBe("en");
  expect(forStaff.user?.id).toBe(staff.id);
  expect(forStaff.user?.permissions).not.toContain("update:role:any");
  expect(forStaff.user?.permissions).toEqual(["create:registration:own", "read:user:own", "update:user:own"]);
});

test("root loader: the locale cookie is used when the user has no setting", async () => {
  const user = await createUser({ locale: null });
  const cookie = (await localeCookie.serialize("en")).split(";")[0]!;
  const request = await get("/", { userId: user.id, headers: { "Accept-Language": "zh-CN" } });
  const withBoth = new Request(request.url, { headers: { Cookie: `${request.headers.get("Cookie")}; ${cookie}`, "Accept-Language": "zh-CN" } });
  const result = await rootLoader(routeArgs(withBoth));
  expect(result.user?.id).toBe(user.id);
  expect(result.locale).toBe("en");
});
