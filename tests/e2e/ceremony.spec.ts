import type { Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

const CEREMONY = "/events/2027-annual-conference/ceremony";

/** "已颁发 37 / 162" → [37, 162] */
async function progress(page: Page) {
  const text = (await page.getByTestId("ceremony-progress").textContent()) ?? "";
  const match = text.match(/(\d+) \/ (\d+)/);
  if (!match) throw new Error(`no progress in "${text}"`);
  return [Number(match[1]), Number(match[2])] as const;
}

test("the organizer numbers the new hires by department, presents the first badge and takes it back", async ({ page }) => {
  test.skip(test.info().project.name !== "desktop", "changes the shared conference, so it runs once, at desktop width");
  // 160-odd people with their buttons make each of the five accessibility checks take several seconds
  test.setTimeout(120_000);
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto(CEREMONY);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("新员工胸牌颁发");
  await expectAccessible(page);

  await page.getByText("叫号顺序", { exact: true }).click();
  await page.getByRole("button", { name: "按部门、拼音编号" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已按部门、拼音为" })).toHaveText(/已按部门、拼音为 1\d\d 人编号。/);
  const next = page.getByTestId("ceremony-next");
  const [presented, total] = await progress(page);
  expect(total).toBeGreaterThanOrEqual(160);
  // Nobody else presents badges on the demo data, so the first to call is number 1.
  expect(presented).toBe(0);
  await expect(next).toContainText("第 1 位");
  const first = page.locator('.ceremony-list li[aria-current="step"]');
  await expect(first.locator(".ceremony-number")).toHaveText("序号 1");
  const firstId = await first.getAttribute("data-badge-id");
  const firstName = (await next.locator(".ceremony-name").textContent())!;
  await expectAccessible(page);

  await next.getByRole("button", { name: /^标记已颁发/ }).click();
  await expect(page.getByTestId("ceremony-progress")).toHaveText(`已颁发 ${presented + 1} / ${total}`);
  await expect(next).toContainText("第 2 位");
  await expect(next.locator(".ceremony-name")).not.toHaveText(firstName);
  const firstRow = page.locator(`.ceremony-list li[data-badge-id="${firstId}"]`);
  await expect(firstRow).toContainText(/已颁发 \d\d:\d\d/);
  await expect(page.locator('.ceremony-list li[aria-current="step"] .ceremony-number')).toHaveText("序号 2");
  await expectAccessible(page);

  // The filter is a plain GET form: hiding the presented takes the first person off the list.
  await page.getByLabel("隐藏已颁发").check();
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/hidePresented=1/);
  await expect(firstRow).toHaveCount(0);
  await expectAccessible(page);
  await page.goto(CEREMONY);

  await firstRow.getByRole("button", { name: /^撤销颁发/ }).click();
  await expect(page.getByTestId("ceremony-progress")).toHaveText(`已颁发 ${presented} / ${total}`);
  await expect(next).toContainText("第 1 位");
  await expect(next.locator(".ceremony-name")).toHaveText(firstName);
  await expect(firstRow).toContainText("未颁发");
  await expectAccessible(page);
});

test("door staff can follow the ceremony but not change it; other staff are refused", async ({ page }) => {
  await signIn(page, "door@lab.example");
  await expectAccessible(page);
  await page.goto(CEREMONY);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("新员工胸牌颁发");
  await expect(page.getByTestId("ceremony-next")).toBeVisible();
  await expect(page.getByRole("button", { name: /标记已颁发|撤销颁发|按部门/ })).toHaveCount(0);
  await expectAccessible(page);

  await page.context().clearCookies();
  await signIn(page, "staff@lab.example");
  const refused = await page.goto(CEREMONY);
  expect(refused?.status()).toBe(403);
  await expectAccessible(page);
});

test("on a phone the ceremony fits the screen, in both languages, with thumb-sized buttons", async ({ page }) => {
  test.skip(test.info().project.name !== "phone", "the phone-width check");
  test.slow();
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  for (const language of ["zh-CN", "en"]) {
    // The language cookie as the app's /locale action writes it; the switch itself would also save the choice on the
    // organizer's account, which other specs read.
    await page.context().addCookies([{ name: "convene_lang", value: encodeURIComponent(Buffer.from(JSON.stringify(language)).toString("base64")), url: page.url() }]);
    await page.goto(CEREMONY);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(language === "en" ? "New-hire badge ceremony" : "新员工胸牌颁发");
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
    const button = page.getByTestId("ceremony-next").getByRole("button");
    const box = await button.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    expect(box!.width).toBeGreaterThan(280);
    for (const small of await page.locator(".ceremony-row button").first().locator("xpath=ancestor::li").locator("button").all()) {
      expect((await small.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
  }
});
