import { data } from "@remix-run/node";
import { expect, test } from "vitest";

import { notFound } from "~/utils/http.server";
import { resource } from "~/utils/resource.server";

const args = (headers: Record<string, string> = {}) => ({ request: new Request("http://localhost/x.pdf", { headers }), params: {}, context: {} });

test("a resource route's thrown error becomes its status with the message in the reader's language", async () => {
  const handler = resource(async () => {
    throw notFound("badge.none");
  });
  const zh = await handler(args()).catch((thrown: unknown) => thrown as Response);
  expect(zh.status).toBe(404);
  expect(await zh.json()).toEqual({ messageKey: "badge.none", error: "您在该活动没有胸牌：仅已确认报名的人员有胸牌。" });
  const en = await handler(args({ "Accept-Language": "en-GB,en;q=0.9" })).catch((thrown: unknown) => thrown as Response);
  expect(await en.json()).toMatchObject({ error: "You have no badge for this event: badges are for confirmed registrations." });
});

test("statuses without a message get the generic one; responses and real errors pass through untouched", async () => {
  const bare = await resource(async () => {
    throw data(null, { status: 409 });
  })(args()).catch((thrown: unknown) => thrown as Response);
  expect(bare.status).toBe(409);
  expect((await bare.json()).messageKey).toBe("error.409.body");
  const redirect = new Response(null, { status: 302, headers: { Location: "/login" } });
  await expect(resource(async () => { throw redirect; })(args())).rejects.toBe(redirect);
  const crash = new Error("boom");
  await expect(resource(async () => { throw crash; })(args())).rejects.toBe(crash);
  const ok = new Response("fine");
  expect(await resource(async () => ok)(args())).toBe(ok);
});
