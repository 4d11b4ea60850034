import { expect, test } from "vitest";

import { createEvent, createUser, createVenue } from "../factories";
import { get, routeArgs, settle, statusOf } from "../request";
import { loader } from "~/routes/events.$slug._index";
import { prisma } from "~/utils/db.server";

async function load(slug: string, userId?: string, headers: Record<string, string> = {}) {
  return loader(routeArgs(await get(`/events/${slug}`, { userId, headers }), { slug }));
}

test("events.$slug: signed out redirects to login", async () => {
  const event = await createEvent();
  const { thrown } = await settle(() => load(event.slug));
  expect(thrown).toBeInstanceOf(Response);
  expect((thrown as Response).status).toBe(302);
  expect((thrown as Response).headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/events/${event.slug}`)}`);
});

test("events.$slug: an unknown slug is 404 with the event.notFound message", async () => {
  const staff = await createUser();
  const { thrown } = await settle(() => load("no-such-event", staff.id));
  expect(statusOf(thrown)).toBe(404);
  expect((thrown as { data: unknown }).data).toEqual({ messageKey: "event.notFound" });
});

test("events.$slug: a missing slug param is 404", async () => {
  const staff = await createUser();
  const { thrown } = await settle(async () => loader(routeArgs(await get("/events/", { userId: staff.id }))));
  expect(statusOf(thrown)).toBe(404);
});

test("events.$slug: a draft is 404 for ordinary staff and 200 for its organizer", async () => {
  const organizer = await createUser();
  const staff = await createUser();
  const draft = await createEvent({ status: "DRAFT", titleEn: "Draft Summit", organizerIds: [organizer.id] });

  const forStaff = await settle(() => load(draft.slug, staff.id));
  expect(statusOf(forStaff.thrown)).toBe(404);
  expect((forStaff.thrown as { data: unknown }).data).toEqual({ messageKey: "event.notFound" });

  const forOrganizer = await settle(() => load(draft.slug, organizer.id, { "Accept-Language": "en" }));
  expect(forOrganizer.thrown).toBeUndefined();
  expect(statusOf(forOrganizer.returned)).toBe(200);
  expect(forOrganizer.returned?.event).toMatchObject({ title: "Draft Summit", status: "DRAFT", statusLabel: "Draft" });
});

test("events.$slug: an event outside the viewer's audience is 404, not 403", async () => {
  const staff = await createUser();
  const event = await createEvent({ audience: "INVITE_ONLY" });
  const { thrown } = await settle(() => load(event.slug, staff.id));
  expect(statusOf(thrown)).toBe(404);
});

test("events.$slug: raw HTML in the description is escaped, Markdown is rendered", async () => {
  const staff = await createUser({ locale: "en" });
  const event = await createEvent({
    descriptionEn: "**Welcome**\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>",
    descriptionZh: "欢迎",
  });
  const result = await load(event.slug, staff.id);
  const html = result.event.descriptionHtml;
  expect(html).toContain("<strong>Welcome</strong>");
  expect(html).not.toContain("<script");
  expect(html).not.toMatch(/<img[^>]*onerror/i);
  expect(html).toContain("&#60;script&#62;");
});

test("events.$slug: the title comes in the viewer's own language setting", async () => {
  const venue = await createVenue();
  const event = await createEvent({ titleZh: "年度学术大会", titleEn: "Annual Conference", venueId: venue.id });
  const english = await createUser({ locale: "en" });
  const chinese = await createUser({ locale: "zh-CN" });

  const en = await load(event.slug, english.id, { "Accept-Language": "zh-CN" });
  expect(en.event.title).toBe("Annual Conference");
  expect(en.event.kindLabel).toBe("Internal conference");
  expect(en.event.venue).toBe(venue.nameEn);

  const zh = await load(event.slug, chinese.id, { "Accept-Language": "en" });
  expect(zh.event.title).toBe("年度学术大会");
  expect(zh.event.venue).toBe(venue.nameZh);
});

test("events.$slug: without a setting, Accept-Language decides, then Chinese", async () => {
  const event = await createEvent({ titleZh: "开放日", titleEn: "Open Day" });
  const user = await createUser({ locale: null });
  expect((await load(event.slug, user.id, { "Accept-Language": "en-GB,en;q=0.9" })).event.title).toBe("Open Day");
  expect((await load(event.slug, user.id)).event.title).toBe("开放日");

  await prisma.user.update({ where: { id: user.id }, data: { locale: "en" } });
  expect((await load(event.slug, user.id, { "Accept-Language": "zh-CN" })).event.title).toBe("Open Day");
});

test("events.$slug: a cancelled event shows its reason; others never do", async () => {
  const staff = await createUser();
  const cancelled = await createEvent({ status: "CANCELLED", cancelReason: "Typhoon warning" });
  expect((await load(cancelled.slug, staff.id)).event.cancelReason).toBe("Typhoon warning");
  const published = await createEvent({ status: "PUBLISHED", cancelReason: "stale note" });
  expect((await load(published.slug, staff.id)).event.cancelReason).toBeNull();
});
