import type { Browser, Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// Check-ins are recorded on the shared demo data, so the journey runs once, at desktop width.
test.skip(({ isMobile }) => isMobile, "the offline door journey runs once, at desktop width");

const EVENT = "/events/2027-annual-conference";

/** A registrant's own badge code, read from their badge page as they would show it. */
async function badgeCodeOf(browser: Browser, email: string) {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page, email);
  await page.goto(`${EVENT}/badge`);
  const code = (await page.locator("main").textContent())!.match(/CV1\.[A-Za-z0-9_-]{22}/)![0];
  await context.close();
  return code;
}

async function openScanner(page: Page) {
  await page.goto(`${EVENT}/checkin`);
  // the device prepares its badge list for offline use as soon as the page opens
  await expect(page.getByTestId("door-status")).toContainText(/离线胸牌名单：\d+ 个胸牌/);
  await expectAccessible(page);
}

async function scan(page: Page, code: string) {
  await page.getByLabel("胸牌代码（USB 扫码枪扫描或手动输入）").fill(code);
  await page.keyboard.press("Enter");
}

test("the door keeps scanning offline, queues, and syncs once the network is back; two offline devices count a badge once", async ({ page, browser }) => {
  const organizer = await badgeCodeOf(browser, "organizer@lab.example");
  const director = await badgeCodeOf(browser, "zhu.shiqiang@lab.example");

  await signIn(page, "door@lab.example");
  await expectAccessible(page);
  // the live dashboard, open on a screen beside the door, before anything happens
  const dashboard = await page.context().newPage();
  await dashboard.goto(`${EVENT}/door`);
  await expectAccessible(dashboard);
  const checkedInBefore = Number(await dashboard.getByTestId("count-checked-in").textContent());
  await openScanner(page);
  await expect(page.getByTestId("door-status")).toContainText("在线");
  // the device keeps a copy of the page itself, so it can be reopened offline
  await expect(page.getByTestId("door-offline-copy")).toHaveText("断网时本设备也能重新打开此页面");

  // The network drops: answers now come from the device's own list, and scans queue up.
  await page.context().setOffline(true);
  await expect(page.getByTestId("door-status")).toContainText("离线：扫码由本设备判定并排队等待同步");
  await scan(page, organizer);
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-checked_in/);
  await expect(page.getByTestId("scan-result")).toContainText("签到成功：");
  await expect(page.getByTestId("scan-result")).toContainText("离线 —— 由本设备判定，联网后同步");
  await scan(page, organizer);
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-already/);
  await scan(page, "CV1.not-a-badge-at-all");
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-unknown/);
  await expect(page.getByTestId("door-queue")).toHaveText(/^3 条扫码等待同步/);
  await expectAccessible(page);

  // The tab is reloaded (or the device restarted) while still offline: the page comes back from the copy kept on
  // the device, with its list and its queue, and goes on deciding scans.
  const reopened = await page.reload();
  expect(reopened?.headers()["x-convene-offline-copy"]).toBe("1");
  await expect(page.getByTestId("door-status")).toContainText("离线：扫码由本设备判定并排队等待同步");
  await expect(page.getByTestId("door-status")).toContainText(/离线胸牌名单：\d+ 个胸牌/);
  await expect(page.getByTestId("door-queue")).toHaveText(/^3 条扫码等待同步/);
  await scan(page, organizer);
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-already/);
  await expect(page.getByTestId("door-queue")).toHaveText(/^4 条扫码等待同步/);
  await expectAccessible(page);

  // A second door device (its own storage, so its own device id and queue) is offline too and scans the director,
  // as does the first device.
  const secondContext = await browser.newContext({ locale: "zh-CN" });
  const second = await secondContext.newPage();
  const secondErrors: string[] = [];
  second.on("pageerror", (error) => secondErrors.push(error.message));
  await signIn(second, "door@lab.example");
  await openScanner(second);
  await secondContext.setOffline(true);
  await expect(second.getByTestId("door-status")).toContainText("离线");
  await scan(second, director);
  await expect(second.getByTestId("scan-result")).toHaveClass(/outcome-checked_in/);
  await scan(page, director);
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-checked_in/);

  // The network returns: the first device syncs its queue by itself.
  await page.context().setOffline(false);
  await expect(page.getByTestId("door-queue")).toHaveText(/^扫码均已同步/, { timeout: 15_000 });
  // The second device syncs later: the server already has the director, so it settles that scan as "already".
  await secondContext.setOffline(false);
  await expect(second.getByTestId("door-queue")).toHaveText(/^扫码均已同步/, { timeout: 15_000 });
  await expect(second.getByTestId("door-discrepancies")).toContainText("本设备判定为“签到成功”，服务器判定为“已签到过”");
  await expectAccessible(second);
  expect(secondErrors).toEqual([]);
  const secondDevice = (await second.getByTestId("door-status").textContent())!.match(/door-[0-9a-f]{6}/)![0];
  await secondContext.close();

  // The server's record: both are in, once each, and scanning again online says when and by whom.
  await scan(page, organizer);
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-already/);
  await expect(page.getByTestId("scan-result")).toContainText("由 赵敏 签到");
  await expect(page.getByTestId("scan-result")).not.toContainText("离线");
  await scan(page, director);
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-already/);
  await expect(page.getByTestId("scan-result")).toContainText("已签到过：朱世强 Zhu Shiqiang");

  // The dashboard (which lost its network with the first device and got it back) shows exactly two more people in;
  // the director's one check-in is the second device's, which scanned him first though it synced last.
  await expect(dashboard.getByTestId("count-checked-in")).toHaveText(String(checkedInBefore + 2), { timeout: 15_000 });
  await expect(dashboard.getByTestId("door-device").filter({ hasText: "朱世强" })).toHaveCount(1);
  await expect(dashboard.getByTestId("door-device").filter({ hasText: "朱世强" })).toContainText(secondDevice);

  // Signing out takes the kept copy away with it: a shared device keeps no event page.
  await dashboard.close();
  expect(await page.evaluate(() => caches.has("convene-door-v1"))).toBe(true);
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect.poll(() => page.evaluate(() => caches.has("convene-door-v1"))).toBe(false);
  await expectAccessible(page);
});
