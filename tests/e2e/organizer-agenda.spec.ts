import type { Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// One journey, run on the desktop project only: it creates an event, so running it twice would only
// repeat itself. The attendee half checks phone width explicitly.
test.skip(({ isMobile }) => isMobile, "the organizer journey runs once, at desktop width");

async function addItem(page: Page, item: { kind: string; room: string; zh: string; en: string; start: string; end: string }) {
  const form = page.locator("#new-agenda-item");
  await form.locator('select[name="kind"]').selectOption(item.kind);
  await form.locator('select[name="roomId"]').selectOption({ label: item.room });
  await form.locator('input[name="titleZh"]').fill(item.zh);
  await form.locator('input[name="titleEn"]').fill(item.en);
  await form.locator('input[name="startsAt"]').fill(item.start);
  await form.locator('input[name="endsAt"]').fill(item.end);
  await form.getByRole("button", { name: "添加议程项" }).click();
  await expect(page.locator("ol.agenda-builder")).toContainText(item.zh);
}

/** An item card by its own heading: a clash warning on another card also names this item. */
const itemCard = (page: Page, zh: string) =>
  page.locator("ol.agenda-builder > li").filter({ has: page.getByRole("heading", { name: zh, exact: true }) });

async function editItem(page: Page, zh: string, changes: Record<string, string>) {
  await itemCard(page, zh).getByRole("link", { name: "编辑" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh);
  await expectAccessible(page);
  for (const [name, value] of Object.entries(changes)) {
    const field = page.locator(`#agenda-item [name="${name}"]`);
    if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption({ label: value });
    else await field.fill(value);
  }
  await page.locator("#agenda-item").getByRole("button", { name: "保存议程项" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("议程编排");
}

test("an organizer builds a 12-item conference in three rooms, sees a clash, publishes twice, and staff read it on a phone", async ({ page, browser }) => {
  // some forty pages, each checked for accessibility: more than the default 30 s on a busy two-core machine
  test.setTimeout(90_000);
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  // client-side navigations: wait for the new page before checking it
  await page.getByRole("link", { name: "活动", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/events");
  await expectAccessible(page);
  await page.getByRole("link", { name: "新建活动" }).click();
  await page.waitForURL((url) => url.pathname === "/events/new");
  await expectAccessible(page);

  await page.locator('input[name="titleZh"]').fill("之江实验室2028年度内部大会");
  await page.locator('input[name="titleEn"]').fill("Zhejiang Lab 2028 Annual Conference");
  await page.locator('input[name="startsAt"]').fill("2028-01-14T09:00");
  await page.locator('input[name="endsAt"]').fill("2028-01-14T20:00");
  await page.locator('select[name="venueId"]').selectOption({ label: "之江实验室南湖总部" });
  await page.getByRole("button", { name: "创建草稿" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("议程编排");
  // The internal-conference template: opening, work report, address, break, awards, badges, show.
  await expect(page.locator("ol.agenda-builder > li")).toHaveCount(7);
  await expect(page.locator("ol.agenda-builder")).toContainText("主任工作报告");
  await expect(page.locator("ol.agenda-builder")).toContainText("新员工授牌仪式");
  await expectAccessible(page);

  // Put the template into rooms, then add five more items across three rooms.
  await editItem(page, "主任工作报告", { roomId: "报告厅" });
  await addItem(page, { kind: "MEETING", room: "第一会议室", zh: "分会场：智能计算", en: "Parallel session: intelligent computing", start: "2028-01-14T14:00", end: "2028-01-14T15:00" });
  await addItem(page, { kind: "MEETING", room: "第二会议室", zh: "分会场：智能感知", en: "Parallel session: intelligent sensing", start: "2028-01-14T14:00", end: "2028-01-14T15:00" });
  await addItem(page, { kind: "MEAL", room: "职工餐厅", zh: "新年晚宴", en: "New-year dinner", start: "2028-01-14T18:00", end: "2028-01-14T19:30" });
  await addItem(page, { kind: "TOUR", room: "展厅", zh: "成果展参观", en: "Exhibition of results", start: "2028-01-14T15:00", end: "2028-01-14T15:30" });
  // This one clashes with the parallel session in Meeting Room 1.
  await addItem(page, { kind: "MEETING", room: "第一会议室", zh: "青年科学家座谈", en: "Young scientists' round table", start: "2028-01-14T14:30", end: "2028-01-14T15:30" });
  await expect(page.locator("ol.agenda-builder > li")).toHaveCount(12);
  const clash = itemCard(page, "青年科学家座谈");
  await expect(clash.locator(".warnings")).toContainText("房间冲突");
  await expect(clash.locator(".warnings")).toContainText("分会场：智能计算");
  await expect(page.getByTestId("conflict-count")).toContainText("冲突提醒");
  await expectAccessible(page);

  // With JavaScript: arrow keys on the drag handle move by five minutes, and dragging moves by the distance.
  const dinner = itemCard(page, "新年晚宴");
  await expect(dinner.locator(".agenda-time")).toHaveText("18:00–19:30");
  await dinner.getByTestId("drag-move").focus();
  await page.keyboard.press("ArrowDown");
  await expect(dinner.locator(".agenda-time")).toHaveText("18:05–19:35");
  await page.keyboard.press("Shift+ArrowUp");
  await expect(dinner.locator(".agenda-time")).toHaveText("18:05–19:30");
  const handle = await dinner.getByTestId("drag-move").boundingBox();
  await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2 - 12, { steps: 3 });
  await expect(dinner.locator(".drag-preview")).toHaveText("-5 分钟");
  await page.mouse.up();
  await expect(dinner.locator(".agenda-time")).toHaveText("18:00–19:25");
  const grip = await dinner.getByTestId("drag-resize").boundingBox();
  await page.mouse.move(grip!.x + grip!.width / 2, grip!.y + grip!.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip!.x + grip!.width / 2, grip!.y + grip!.height / 2 + 24, { steps: 3 });
  await page.mouse.up();
  await expect(dinner.locator(".agenda-time")).toHaveText("18:00–19:35");

  await page.locator("#release-note").fill("首次发布");
  await page.getByRole("button", { name: "发布第 1 版" }).click();
  await expect(page.getByRole("status")).toHaveText("第 1 版已发布。");

  // Two changes: resolve the clash by moving the round table, and rename the show.
  await editItem(page, "青年科学家座谈", { startsAt: "2028-01-14T15:00", endsAt: "2028-01-14T16:00" });
  await expect(page.getByTestId("conflict-count")).toHaveText("没有冲突。");
  await editItem(page, "新年联欢", { titleZh: "新年联欢晚会", titleEn: "New-year gala" });
  await page.getByRole("button", { name: "发布第 2 版" }).click();
  await expect(page.getByRole("status")).toHaveText("第 2 版已发布。");
  await expectAccessible(page);
  const builderUrl = new URL(page.url());
  const slug = builderUrl.pathname.split("/")[2]!;

  await page.goto(`/events/${slug}/changelog`);
  const latest = page.locator("main").getByRole("article").first();
  await expect(latest).toContainText("第 2 版");
  await expect(latest).toContainText("青年科学家座谈");
  await expect(latest).toContainText("新年联欢晚会");
  await expect(latest).not.toContainText("分会场：智能感知");
  await expectAccessible(page);

  // The event must be published for staff to see it.
  await page.goto(`/events/${slug}/edit`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "发布活动" }).click();
  await expect(page.getByRole("status")).toHaveText("活动状态已更新。");
  await expectAccessible(page);

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, locale: "zh-CN" });
  const staffPage = await phone.newPage();
  const errors: string[] = [];
  staffPage.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await signIn(staffPage, "staff@lab.example");
  await staffPage.goto(`/events/${slug}`);
  await expect(staffPage.getByRole("heading", { level: 1 })).toHaveText("之江实验室2028年度内部大会");
  await expect(staffPage.locator("main")).toContainText("新年联欢晚会");
  await expect(staffPage.locator("main")).toContainText("15:00–16:00");
  await expectAccessible(staffPage);
  const overflow = await staffPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "horizontal scroll at 360px").toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
  await phone.close();
});
