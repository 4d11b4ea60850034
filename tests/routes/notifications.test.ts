import { expect, test } from "vitest";

import { notify, type NotificationInput } from "~/models/notification.server";
import { loader as rootLoader } from "~/root";
import { action, loader } from "~/routes/notifications";
import { loader as unreadLoader } from "~/routes/notifications.unread";
import { prisma } from "~/utils/db.server";

import { createUser } from "../factories";
import { get, post, routeArgs, settle, statusOf } from "../request";

const arrival = (slug: string): NotificationInput => ({
  kind: "GUEST_ARRIVED",
  payload: {
    eventSlug: slug,
    eventTitleZh: "浙江大学来访",
    eventTitleEn: "Zhejiang University visit",
    guestNameZh: "吴朝晖",
    guestNameEn: "Wu Zhaohui",
    organisationZh: "浙江大学",
    organisationEn: "Zhejiang University",
    arrivedAt: new Date().toISOString(),
  },
});

const list = (userId?: string, language = "en") => settle(async () => loader(routeArgs(await get("/notifications", { userId, headers: { "Accept-Language": language } }))));
const act = (fields: Record<string, string>, userId?: string) => settle(async () => action(routeArgs(await post("/notifications", fields, { userId, headers: { "Accept-Language": "en" } }))));
const unread = (userId?: string, language = "en") => settle(async () => unreadLoader(routeArgs(await get("/notifications/unread", { userId, headers: { "Accept-Language": language } }))));

test("signed out: every door of the notifications leads to sign-in, and nothing changes", async () => {
  const someone = await createUser({ password: null });
  await notify([someone.id], arrival("visit-a"));
  expect(statusOf((await list()).thrown)).toBe(302);
  expect(statusOf((await unread()).thrown)).toBe(302);
  expect(statusOf((await act({ intent: "readAll" })).thrown)).toBe(302);
  expect(await prisma.notification.count({ where: { userId: someone.id, readAt: null } })).toBe(1);
});

test("each person sees only their own, newest first, in their language; unknown kinds and broken rows are skipped", async () => {
  const host = await createUser({ password: null });
  const other = await createUser({ password: null });
  await notify([host.id], arrival("visit-a"));
  await notify([other.id], { kind: "CONNECTION_MADE", payload: { eventSlug: "conf", eventTitleZh: "大会", eventTitleEn: "Conference", nameZh: "秘密", nameEn: "Secret Person" } });
  await prisma.notification.createMany({
    data: [
      { userId: host.id, kind: "SOMETHING_NEW", payload: "{}", createdAt: new Date(Date.now() + 1000) },
      { userId: host.id, kind: "GUEST_ARRIVED", payload: "{broken", createdAt: new Date(Date.now() + 2000) },
      { userId: host.id, kind: "CONNECTION_MADE", payload: JSON.stringify({ eventSlug: "conf", eventTitleZh: "大会", eventTitleEn: "Conference", nameZh: "高明", nameEn: "Gao Ming" }), createdAt: new Date(Date.now() + 3000) },
    ],
  });

  const en = (await list(host.id)).returned!;
  expect(en.notifications.map((n) => n.text)).toEqual(["Gao Ming met you at Conference", "Wu Zhaohui (Zhejiang University) has arrived · Zhejiang University visit"]);
  expect(en.unread).toBe(2);
  expect(JSON.stringify(en)).not.toContain("Secret Person");
  const zh = (await list(host.id, "zh-CN")).returned!;
  expect(zh.notifications[1]!.text).toBe("吴朝晖（浙江大学）已抵达 · 浙江大学来访");

  const response = (await unread(host.id)).returned!;
  expect(response.headers.get("Cache-Control")).toContain("no-store");
  const body = (await response.json()) as { count: number; latest: Array<{ id: string; text: string; href: string }> };
  // the count is of stored unread rows; the list only of what can be shown
  expect(body.count).toBe(4);
  expect(body.latest.map((n) => n.text)).toEqual(["Gao Ming met you at Conference", "Wu Zhaohui (Zhejiang University) has arrived · Zhejiang University visit"]);
  expect(body.latest[1]!.href).toBe("/events/visit-a/itinerary");
  expect(JSON.stringify(body)).not.toContain("Secret");
});

test("open marks one read and leads to it; read stays; read all; someone else's is a 404 and a missing id a 400", async () => {
  const host = await createUser({ password: null });
  const other = await createUser({ password: null });
  await notify([host.id], arrival("visit-b"));
  await notify([host.id], arrival("visit-c"));
  await notify([other.id], arrival("visit-d"));
  const [first, second] = await prisma.notification.findMany({ where: { userId: host.id }, orderBy: { payload: "asc" } });
  const theirs = await prisma.notification.findFirstOrThrow({ where: { userId: other.id } });

  const notMine = await act({ intent: "open", id: theirs.id }, host.id);
  expect(statusOf(notMine.thrown)).toBe(404);
  expect(statusOf((await act({ intent: "read", id: theirs.id }, host.id)).thrown)).toBe(404);
  expect(statusOf((await act({ intent: "open" }, host.id)).thrown)).toBe(400);
  expect(statusOf((await act({ intent: "read", id: "" }, host.id)).thrown)).toBe(400);
  expect(statusOf((await act({ intent: "delete", id: first!.id }, host.id)).thrown)).toBe(400);
  expect((await prisma.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();

  const opened = await act({ intent: "open", id: first!.id }, host.id);
  expect(statusOf(opened.returned)).toBe(302);
  expect((opened.returned as Response).headers.get("Location")).toBe("/events/visit-b/itinerary");
  expect((await prisma.notification.findUniqueOrThrow({ where: { id: first!.id } })).readAt).not.toBeNull();
  expect((await prisma.notification.findUniqueOrThrow({ where: { id: second!.id } })).readAt).toBeNull();

  const read = await act({ intent: "read", id: second!.id }, host.id);
  expect((read.returned as Response).headers.get("Location")).toBe("/notifications?done=read");
  await notify([host.id], arrival("visit-e"));
  expect((await list(host.id)).returned!.unread).toBe(1);
  const all = await act({ intent: "readAll" }, host.id);
  expect((all.returned as Response).headers.get("Location")).toBe("/notifications?done=allRead");
  expect((await list(host.id)).returned!.unread).toBe(0);
  expect((await prisma.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
});

test("the header's bell: staff get their unread count, guests and visitors who are signed out get none", async () => {
  const staff = await createUser({ password: null });
  const guest = await createUser({ kind: "GUEST", password: null, email: `guest.${Date.now()}@zju.example` });
  await notify([staff.id, guest.id], arrival("visit-f"));
  const root = async (userId?: string) => rootLoader(routeArgs(await get("/", { userId })));
  expect((await root(staff.id)).notifications).toEqual({ unread: 1 });
  expect((await root(guest.id)).notifications).toBeUndefined();
  expect((await root()).notifications).toBeUndefined();
});
