import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { expect, expectAccessible, signIn, test } from "./fixtures";

test.skip(({ isMobile }) => isMobile, "the award journey changes shared data, so it runs once, at desktop width");

test("an award organizer builds a programme under embargo; staff and strangers see nothing until it is announced", async ({ page, browser }) => {
  const slug = `e2e-contribution-${Date.now().toString(36)}`;
  await signIn(page, "xu.wenjing@lab.example");
  await expectAccessible(page);
  await page.getByRole("link", { name: "奖项", exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/awards");
  await expectAccessible(page);
  await page.getByRole("link", { name: "新建奖项" }).click();
  await page.waitForURL((url) => url.pathname === "/awards/new");
  await expectAccessible(page);
  await page.getByLabel("网址名").fill(slug);
  await page.getByLabel("名称（中文）").fill("2027年度贡献奖（测试）");
  await page.getByLabel("名称（英文）").fill("2027 Contribution Awards (test)");
  await page.getByRole("button", { name: "创建草稿" }).click();
  await page.waitForURL((url) => url.pathname === `/awards/${slug}/manage`);
  await expectAccessible(page);

  await page.getByLabel("类别（中文）").fill("突出贡献奖");
  await page.getByLabel("类别（英文）").fill("Outstanding Contribution Award");
  await page.getByRole("button", { name: "添加类别" }).click();
  await expect(page.getByRole("heading", { name: "突出贡献奖" })).toBeVisible();
  // an unknown person is named in the error, and nothing is added
  await page.getByLabel("获奖人或团队成员").fill("nobody@lab.example");
  await page.getByRole("button", { name: "添加获奖" }).click();
  await expect(page.getByRole("alert")).toContainText("nobody@lab.example");
  await page.getByLabel("获奖人或团队成员").fill("staff@lab.example");
  await page.getByLabel("颁奖词（中文）").fill("在科研保障工作中表现突出。");
  await page.getByLabel("颁奖词（英文）").fill("For outstanding support of research.");
  await page.getByRole("button", { name: "添加获奖" }).click();
  await expect(page.locator(".award-item")).toContainText("王磊");
  await expectAccessible(page);

  // the winner, signed in, and a stranger: no programme at all
  const staffContext = await browser.newContext({ locale: "zh-CN" });
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@lab.example");
  expect((await staff.goto(`/awards/${slug}`))?.status()).toBe(404);
  await expectAccessible(staff);
  await staff.goto("/awards");
  await expect(staff.locator("main")).not.toContainText("2027年度贡献奖");
  await expect(staff.locator("main")).toContainText("之江实验室2019年度科技奖");
  await expectAccessible(staff);
  const stranger = await browser.newContext({ locale: "en" });
  const anonymous = await stranger.newPage();
  expect((await anonymous.goto(`/awards/${slug}`))?.status()).toBe(404);
  expect(await anonymous.content()).not.toContain("王磊");

  // announce: the confirmation names what it does
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "立即公布" }).click();
  await expect(page.getByTestId("programme-status")).toContainText("已公布");
  await expect(page.getByTestId("programme-status")).toContainText("由 许文静");
  await expectAccessible(page);

  await staff.goto(`/awards/${slug}`);
  await expect(staff.locator(".award-item")).toContainText("王磊 Wang Lei");
  await expect(staff.locator(".award-item")).toContainText("在科研保障工作中表现突出。");
  await expectAccessible(staff);
  // the winner downloads the certificate: the Chinese name comes back out of the PDF intact
  const [download] = await Promise.all([staff.waitForEvent("download"), staff.getByRole("link", { name: "下载证书" }).click()]);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "convene-cert-")), "certificate.pdf");
  await download.saveAs(file);
  const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
  expect(text).toContain("王磊");
  expect(text).toContain("突出贡献奖");
  expect(text.replace(/\s+/g, "")).toContain("荣誉证书");
  expect((await anonymous.goto(`/awards/${slug}`))?.status()).toBe(200);
  await expect(anonymous.getByRole("link", { name: "Download the certificate" })).toHaveCount(0);
  await expect(anonymous.locator("h1")).toHaveText("2027 Contribution Awards (test)");
  await staffContext.close();
  await stranger.close();
});
