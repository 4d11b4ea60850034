import type { Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// Demo data from prisma/seed.ts has agenda items but no published release, so these journeys check what
// attendees see before the first release: the agenda's empty state, the changelog's, and the lobby screen.
// (The publish → view journey follows once the agenda builder's own browser test lands.)

const CONFERENCE = "/events/2027-annual-conference";

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
}

test("staff see that the agenda is not published yet, in Chinese, with no organizer tools", async ({ page }) => {
  await signIn(page, "staff@lab.example");
  await expectAccessible(page);
  await page.goto(CONFERENCE);
  const agenda = page.getByRole("region", { name: "议程" });
  await expect(agenda.getByRole("heading", { level: 2, name: "议程" })).toBeVisible();
  await expect(agenda).toContainText("议程尚未发布。");
  // Nothing to switch between yet, and nothing to organize for ordinary staff.
  await expect(page.getByRole("navigation", { name: "议程" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "组织管理" })).toHaveCount(0);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  // A view chosen in the address still lands on the same, honest empty state.
  const byRoom = await page.goto(`${CONFERENCE}?view=room`);
  expect(byRoom?.status()).toBe(200);
  await expect(page.getByRole("region", { name: "议程" })).toContainText("议程尚未发布。");
  await expectAccessible(page);

  await page.goto(`${CONFERENCE}/changelog`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("变更记录");
  await expect(page.locator("main")).toContainText("暂无发布记录。");
  await expect(page.getByRole("link", { name: "之江实验室2027年度内部大会" })).toHaveAttribute("href", CONFERENCE);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("an organizer gets the organize links and reaches the changelog from them", async ({ page }) => {
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto(CONFERENCE);
  const manage = page.getByRole("navigation", { name: "组织管理" });
  await expect(manage).toBeVisible();
  const expected: Array<[string, string]> = [
    ["编辑信息", "edit"],
    ["议程编排", "agenda"],
    ["执行单", "run-sheet"],
    ["大厅屏幕", "now"],
    ["变更记录", "changelog"],
  ];
  for (const [name, path] of expected) {
    await expect(manage.getByRole("link", { name })).toHaveAttribute("href", `${CONFERENCE}/${path}`);
  }
  await expect(page.getByRole("region", { name: "议程" })).toContainText("议程尚未发布。");
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  await manage.getByRole("link", { name: "变更记录" }).click();
  await expect(page).toHaveURL(new RegExp(`${CONFERENCE}/changelog$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("变更记录");
  await expect(page.locator("main")).toContainText("暂无发布记录。");
  await expectAccessible(page);

  // A draft says so to the only people who can see it.
  await page.goto("/events/2027-spring-lecture");
  await expect(page.getByRole("note")).toHaveText("这是草稿，仅活动组织者可见。");
  await expectAccessible(page);
});

test("the lobby screen fills the viewport, shows the clock for ?at= and refreshes itself", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-12-01T10:00:00+08:00") });
  await signIn(page, "staff@lab.example");
  await expectAccessible(page);
  await page.goto(`${CONFERENCE}/now?at=2027-01-15T14:00:00%2B08:00`);
  const lobby = page.getByRole("region", { name: /之江实验室2027年度内部大会/ });
  await expect(lobby.getByRole("heading", { level: 1 })).toContainText("之江实验室2027年度内部大会");
  await expect(lobby.locator("time").first()).toHaveText("14:00");
  await expect(lobby.locator("time").first()).toHaveAttribute("datetime", "2027-01-15T14:00:00+08:00");
  await expect(lobby).toContainText("议程尚未发布。");
  await expect(lobby).toContainText(/更新于 \d{2}:\d{2}/);
  // The screen is the page: no site header or footer, no sideways scrolling, and it reaches the bottom.
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".site-footer")).toBeHidden();
  await expectNoHorizontalScroll(page);
  const box = await lobby.boundingBox();
  const viewport = page.viewportSize();
  expect(box?.width).toBe(viewport?.width);
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(viewport?.height ?? 0);
  // With scripting on, the no-script refresh stays inert; the page reloads its data itself every 30 s.
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  const refreshed = page.waitForRequest((request) => new URL(request.url()).pathname.endsWith("/now.data"));
  await page.clock.runFor(31_000);
  const request = await refreshed;
  expect(new URL(request.url()).searchParams.get("at")).toBe("2027-01-15T14:00:00+08:00");
  await expectAccessible(page);

  // The archived 2020 conference has no release either: the same state, in the same layout.
  await page.goto("/events/2020-internal-conference/now?at=2020-01-18T14:00:00%2B08:00");
  await expect(page.getByRole("region", { name: /之江实验室2020年内部大会/ })).toContainText("议程尚未发布。");
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("the lobby screen answers a malformed ?at= with 400 and a draft with 404", async ({ page }) => {
  await signIn(page, "staff@lab.example");
  await expectAccessible(page);
  const malformed = await page.goto(`${CONFERENCE}/now?at=tomorrow`);
  expect(malformed?.status()).toBe(400);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("无法处理该请求");
  await expectAccessible(page);

  const draft = await page.goto("/events/2027-spring-lecture/now");
  expect(draft?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
  await expectAccessible(page);
  const draftChangelog = await page.goto("/events/2027-spring-lecture/changelog");
  expect(draftChangelog?.status()).toBe(404);
  await expectAccessible(page);
});

test("without JavaScript the lobby screen carries its own one-minute refresh", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.locator('input[name="email"]').fill("staff@lab.example");
  await page.locator('input[name="password"]').fill("convene2026");
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== "/login");
  await page.goto(`${CONFERENCE}/now?at=2027-01-15T14:00:00%2B08:00`);
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute("content", "60");
  await expect(page.locator("main")).toContainText("议程尚未发布。");
  await context.close();
});
