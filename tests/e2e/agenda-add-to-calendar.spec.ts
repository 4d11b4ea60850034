import type { Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// The demo data has no published agenda, and other specs rely on that (agenda-pages.spec.ts), so this journey
// creates and publishes its own event. It changes data, so it runs once, at desktop width.
test.skip(({ isMobile }) => isMobile, "the journey creates an event, so it runs once, at desktop width");

const TITLE_ZH = "之江实验室2029年学术年会";
const TALK = "主任工作报告";

/** The item's card on the builder, by its own heading. */
const builderCard = (page: Page, zh: string) =>
  page.locator("ol.agenda-builder > li").filter({ has: page.getByRole("heading", { name: zh, exact: true }) });

/** ics text with its folded lines joined again (RFC 5545 §3.1). */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");

test("staff add one published agenda item to their calendar: the item's .ics in both languages, and Google with its time", async ({ page }) => {
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto("/events/new");
  await expectAccessible(page);
  await page.locator('input[name="titleZh"]').fill(TITLE_ZH);
  await page.locator('input[name="titleEn"]').fill("Zhejiang Lab 2029 Research Forum");
  await page.locator('input[name="startsAt"]').fill("2029-05-18T09:00");
  await page.locator('input[name="endsAt"]').fill("2029-05-18T17:00");
  await page.locator('select[name="venueId"]').selectOption({ label: "之江实验室南湖总部" });
  await page.getByRole("button", { name: "创建草稿" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("议程编排");
  await expectAccessible(page);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  // The talk goes into the auditorium with a guest speaker. Before any release its page says there is nothing
  // for calendars yet.
  await builderCard(page, TALK).getByRole("link", { name: "编辑" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TALK);
  const itemPath = new URL(page.url()).pathname;
  const itemId = itemPath.split("/").at(-1)!;
  const calendarCard = page.getByRole("region", { name: "参会者的日历" });
  await expect(calendarCard).toContainText("尚未发布：发布议程后，参会者才能把本项添加到日历。");
  await expect(calendarCard.locator("details")).toHaveCount(0);
  await expectAccessible(page);
  const person = page.locator("#agenda-person");
  await person.locator('[name="side"]').selectOption("GUEST");
  await person.locator('[name="externalNameZh"]').fill("王伟");
  await person.locator('[name="externalNameEn"]').fill("Wang Wei");
  await person.locator('[name="organisation"]').fill("浙江大学");
  await person.getByRole("button", { name: "添加人员" }).click();
  await expect(page.locator("main")).toContainText("王伟");
  await page.locator('#agenda-item [name="roomId"]').selectOption({ label: "报告厅" });
  await page.locator("#agenda-item").getByRole("button", { name: "保存议程项" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("议程编排");

  await page.getByRole("button", { name: "发布第 1 版" }).click();
  await expect(page.getByRole("status")).toHaveText("第 1 版已发布。");
  await expectAccessible(page);

  // Published agenda, draft event: the item's page says calendars wait for the event.
  await page.goto(itemPath);
  await expect(page.getByRole("region", { name: "参会者的日历" })).toContainText("活动本身发布后，参会者才能把本项添加到日历。");
  await expectAccessible(page);

  await page.goto(`/events/${slug}/edit`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "发布活动" }).click();
  await expect(page.getByRole("status")).toHaveText("活动状态已更新。");
  await expectAccessible(page);

  // Now the item's page leads with it, open to inspect, from release 1.
  await page.goto(itemPath);
  const published = page.getByRole("region", { name: "参会者的日历" });
  await expect(published).toContainText("日历中是本项在第 1 版中发布的内容。");
  await published.getByText("添加到日历").click();
  await expect(published.getByRole("link", { name: "下载日历文件（.ics）" })).toHaveAttribute("href", `/events/${slug}/agenda/${itemId}.ics?lang=zh-CN`);
  await expectAccessible(page);

  // A staff member on the event page: every item has its own small "Add to calendar", closed until asked.
  await page.context().clearCookies();
  await signIn(page, "staff@lab.example");
  await page.goto(`/events/${slug}`);
  const agenda = page.getByRole("region", { name: "议程" });
  await expect(agenda.locator(".agenda-entry")).toHaveCount(7);
  await expect(agenda.locator(".agenda-entry details.add-to-calendar")).toHaveCount(7);
  await expect(agenda.locator(".agenda-entry details.add-to-calendar[open]")).toHaveCount(0);
  const talk = agenda.locator(".agenda-entry").filter({ has: page.getByRole("heading", { name: TALK, exact: true }) });
  await talk.getByText("添加到日历").click();
  await expect(talk.getByRole("link", { name: "添加到 Google 日历" })).toBeVisible();
  await expectAccessible(page);

  const downloading = page.waitForEvent("download");
  await talk.getByRole("link", { name: "下载日历文件（.ics）" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${slug}-${itemId.slice(-8)}.ics`);
  const ics = await page.request.get((await talk.getByRole("link", { name: "下载日历文件（.ics）" }).getAttribute("href"))!);
  expect(ics.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  const text = unfold(await ics.text());
  expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  expect(text).toContain(`UID:agenda-${itemId}@convene`);
  expect(text).toContain(`SUMMARY:${TALK}`);
  // the template puts the report at 09:10–09:55 on the event's day, in Hangzhou
  expect(text).toContain("DTSTART;TZID=Asia/Shanghai:20290518T091000");
  expect(text).toContain("DTEND;TZID=Asia/Shanghai:20290518T095500");
  expect(text).toContain("LOCATION:报告厅（之江实验室南湖总部）");
  expect(text).toContain("主讲：王伟（浙江大学）");
  const english = await page.request.get((await talk.getByRole("link", { name: "English", exact: true }).getAttribute("href"))!);
  const englishText = unfold(await english.text());
  expect(englishText).toContain("SUMMARY:Director's work report");
  expect(englishText).toContain("Speaker: Wang Wei (浙江大学)");

  const google = new URL((await talk.getByRole("link", { name: "添加到 Google 日历" }).getAttribute("href"))!);
  expect(google.hostname).toBe("calendar.google.com");
  expect(google.searchParams.get("text")).toBe(TALK);
  expect(google.searchParams.get("dates")).toBe("20290518T011000Z/20290518T015500Z");
  expect(google.searchParams.get("location")).toBe("报告厅（之江实验室南湖总部）");
  const details = google.searchParams.get("details")!;
  expect(details).toContain("主讲：王伟（浙江大学）");
  const itemUrl = new URL(details.split("\n").at(-1)!);
  expect(itemUrl.pathname + itemUrl.hash).toBe(`/events/${slug}#agenda-item-${itemId}`);
  const outlook = new URL((await talk.getByRole("link", { name: "添加到 Outlook 日历" }).getAttribute("href"))!);
  expect(outlook.searchParams.get("startdt")).toBe("2029-05-18T01:10:00.000Z");

  // The address in the calendar entry leads back to the item on the agenda.
  await page.goto(itemUrl.pathname + itemUrl.hash);
  await expect(page.locator(`#agenda-item-${itemId}`)).toBeInViewport();
  await expect(page.locator(".agenda-entry:target h4")).toHaveText(TALK);
  await expectAccessible(page);

  // The star puts the one item into the person's own feed, without registering; the page stays where it was.
  const target = page.locator(`#agenda-item-${itemId}`);
  await target.getByRole("button", { name: "☆ 收藏：加入我的日历" }).click();
  await expect(target.getByRole("button", { name: "★ 已收藏：在我的日历中（取消）" })).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(target.getByRole("button", { name: "★ 已收藏：在我的日历中（取消）" })).toBeVisible();
  await expectAccessible(page);
});
