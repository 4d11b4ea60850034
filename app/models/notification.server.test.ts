import { expect, test } from "vitest";

import {
  latestUnread,
  listNotifications,
  markAllRead,
  markRead,
  notify,
  renderNotification,
  renderNotifications,
  unreadCount,
  type NotificationInput,
} from "~/models/notification.server";
import { prisma } from "~/utils/db.server";

import { createUser } from "../../tests/factories";

const ARRIVAL: NotificationInput = {
  kind: "GUEST_ARRIVED",
  payload: {
    eventSlug: "2026-zju-visit",
    eventTitleZh: "浙江大学来访",
    eventTitleEn: "Zhejiang University visit",
    guestNameZh: "吴朝晖",
    guestNameEn: "Wu Zhaohui",
    organisationZh: "浙江大学",
    organisationEn: "Zhejiang University",
    arrivedAt: "2026-12-08T05:52:00.000Z", // 13:52 in Hangzhou
  },
};
const MET: NotificationInput = { kind: "CONNECTION_MADE", payload: { eventSlug: "2027-annual-conference", eventTitleZh: "2027年内部大会", eventTitleEn: "2027 Internal Conference", nameZh: "高明", nameEn: "Gao Ming" } };

const stored = (kind: string, payload: unknown, createdAt = new Date("2026-12-08T06:00:00Z")) => ({ id: `n-${kind}`, kind, payload: typeof payload === "string" ? payload : JSON.stringify(payload), readAt: null, createdAt });

test("a guest's arrival reads as one sentence in the reader's language, with the time in Hangzhou, and leads to the staff itinerary", () => {
  const zh = renderNotification("zh-CN", stored("GUEST_ARRIVED", ARRIVAL.payload));
  expect(zh).toMatchObject({ kind: "GUEST_ARRIVED", text: "吴朝晖（浙江大学）已抵达 · 浙江大学来访", href: "/events/2026-zju-visit/itinerary", read: false, atIso: "2026-12-08T05:52:00.000Z" });
  expect(zh!.at).toContain("13:52");
  expect(zh!.at).toContain("12月8日");
  const en = renderNotification("en", stored("GUEST_ARRIVED", ARRIVAL.payload));
  expect(en?.text).toBe("Wu Zhaohui (Zhejiang University) has arrived · Zhejiang University visit");
  expect(en?.at).toContain("13:52");
  // no organisation: no empty brackets; a name in one language only is used in both
  const plain = { ...ARRIVAL.payload, organisationZh: "", organisationEn: "", guestNameEn: "" };
  expect(renderNotification("en", stored("GUEST_ARRIVED", plain))?.text).toBe("吴朝晖 has arrived · Zhejiang University visit");
  expect(renderNotification("zh-CN", stored("GUEST_ARRIVED", plain))?.text).toBe("吴朝晖已抵达 · 浙江大学来访");
});

test("a new connection names the person and the event and leads to the event's people", () => {
  expect(renderNotification("en", stored("CONNECTION_MADE", MET.payload))).toMatchObject({ text: "Gao Ming met you at 2027 Internal Conference", href: "/events/2027-annual-conference/people" });
  expect(renderNotification("zh-CN", stored("CONNECTION_MADE", MET.payload))?.text).toBe("高明在“2027年内部大会”与您建立了联系");
});

test("unknown kinds and bad payloads are skipped, never an error", () => {
  const rows = [
    stored("WAITLIST_PROMOTED", { eventId: "x" }),
    stored("EVENT_CANCELLED", { eventId: "x", reason: "rain" }),
    stored("GUEST_ARRIVED", "{not json"),
    stored("GUEST_ARRIVED", "null"),
    stored("GUEST_ARRIVED", { ...ARRIVAL.payload, arrivedAt: "yesterday" }),
    stored("GUEST_ARRIVED", { ...ARRIVAL.payload, guestNameZh: 42 }),
    stored("GUEST_ARRIVED", { ...ARRIVAL.payload, guestNameZh: "", guestNameEn: "" }),
    stored("CONNECTION_MADE", { nameZh: "高明" }),
    stored("toString", {}),
    stored("__proto__", {}),
    stored("GUEST_ARRIVED", ARRIVAL.payload),
  ];
  expect(renderNotifications("en", rows).map((row) => row.kind)).toEqual(["GUEST_ARRIVED"]);
});

test("each person reads, counts and marks only their own; newest first; all read at once", async () => {
  const me = await createUser();
  const other = await createUser();
  await notify([me.id, other.id, me.id], ARRIVAL);
  expect(await prisma.notification.count({ where: { userId: me.id } })).toBe(1);
  await prisma.notification.create({ data: { userId: me.id, kind: MET.kind, payload: JSON.stringify(MET.payload), createdAt: new Date(Date.now() + 1000) } });
  await prisma.notification.create({ data: { userId: me.id, kind: "WAITLIST_PROMOTED", payload: "{}", createdAt: new Date(Date.now() + 2000) } });

  const mine = await listNotifications(me.id);
  expect(mine.map((n) => n.kind)).toEqual(["WAITLIST_PROMOTED", "CONNECTION_MADE", "GUEST_ARRIVED"]);
  expect(await unreadCount(me.id)).toBe(3);
  expect((await latestUnread(me.id, 2)).map((n) => n.kind)).toEqual(["WAITLIST_PROMOTED", "CONNECTION_MADE"]);

  const theirs = (await listNotifications(other.id))[0]!;
  expect(await markRead(me.id, theirs.id)).toBeNull();
  expect(await unreadCount(other.id)).toBe(1);
  expect(await markRead(me.id, "no-such-id")).toBeNull();

  const arrival = mine.find((n) => n.kind === "GUEST_ARRIVED")!;
  const read = await markRead(me.id, arrival.id, new Date("2026-12-08T06:00:00Z"));
  expect(read?.readAt).toEqual(new Date("2026-12-08T06:00:00Z"));
  // marking again keeps the first time
  expect((await markRead(me.id, arrival.id))?.readAt).toEqual(new Date("2026-12-08T06:00:00Z"));
  expect(await unreadCount(me.id)).toBe(2);

  expect(await markAllRead(me.id)).toBe(2);
  expect(await unreadCount(me.id)).toBe(0);
  expect(await unreadCount(other.id)).toBe(1);
  expect(await markAllRead(me.id)).toBe(0);
});
