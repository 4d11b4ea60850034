import { readFileSync } from "node:fs";
import path from "node:path";

import type { Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// Adds people to the shared demo conference, so it runs once, at desktop width; the phone is an explicit context.
test.skip(({ isMobile }) => isMobile, "the import journey runs once, at desktop width");

const IMPORT = "/events/2027-annual-conference/import";
const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures");
const SHOTS = path.resolve(import.meta.dirname, "..", ".tmp", "screenshots");
// Fresh emails and employee numbers for every run, so the journey never meets its own earlier imports.
const run = Date.now().toString(36);

/** A fixture with this run's identifiers, as the file input receives it. */
function fixture(name: string) {
  return { name, mimeType: "text/csv", buffer: Buffer.from(readFileSync(path.join(FIXTURES, name), "utf8").replaceAll("{run}", run)) };
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

test("an organizer previews HR's file, sees the bad lines, uploads the fixed file and imports the new hires", async ({ page, browser, baseURL }) => {
  // one journey plus two more browsers (English, phone) for the screenshots: about 20 s
  test.setTimeout(60_000);
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto(IMPORT);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("导入新员工");
  await expectAccessible(page);
  await page.getByText("文件需要哪些列").click();
  await expect(page.getByRole("cell", { name: "入职日期 / 入职时间 / 报到日期 / Hire date / Date of hire / Start date" })).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "import-zh-1280-empty");

  // A file over 2 MB is refused before it is read, with the reason (20 MB is checked in the route test).
  await page.getByLabel("表格文件").setInputFiles({ name: "everything.csv", mimeType: "text/csv", buffer: Buffer.alloc(3 * 1024 * 1024, "a") });
  await page.getByRole("button", { name: "预览", exact: true }).click();
  await expect(page.getByTestId("import-problem")).toContainText("文件超过 2 MB。");
  await expectAccessible(page);

  // HR's first file has two bad rows: nothing is saved, and each error names its line and column.
  await page.getByLabel("上传修改后的文件").setInputFiles(fixture("cohort-2027-with-errors.csv"));
  await page.getByRole("button", { name: "预览", exact: true }).click();
  const issues = page.getByTestId("import-issues");
  await expect(issues).toContainText("2 行有错误，不会导入");
  await expect(issues.getByRole("listitem")).toHaveText(["第 5 行，“邮箱”列：不是有效的邮箱地址", "第 6 行，“部门”列：没有此代码或名称的部门"]);
  await expect(page.getByTestId("preview-create").locator(".count")).toHaveText("4");
  await expect(page.getByTestId("import-choice")).toContainText("其余 4 行");
  await expect(page.getByRole("button", { name: "导入 4 行" })).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "import-zh-1280-errors");

  // The organizer fixes the two rows and uploads the whole file again instead.
  await page.getByLabel("上传修改后的文件").setInputFiles(fixture("cohort-2027.csv"));
  await page.getByRole("button", { name: "预览", exact: true }).click();
  await expect(page.getByTestId("import-issues")).toHaveCount(0);
  await expect(page.getByTestId("preview-create").locator(".count")).toHaveText("6");
  await expect(page.getByTestId("import-choice")).toHaveText("全部 6 行均可导入。所有行将一次性导入：要么全部保存，要么全部不保存。");
  await expect(page.getByRole("row", { name: /林晓雨/ })).toContainText("人工智能研究院");
  await expectAccessible(page);
  await shoot(page, "import-zh-1280-preview");

  // The import takes a fraction of a second; held back here, so the "importing" state can be seen.
  await page.route("**/import.data*", async (route) => {
    if (route.request().method() === "POST") await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await page.getByRole("button", { name: "导入 6 行" }).click();
  await expect(page.getByRole("button", { name: "正在导入 6 行…" })).toBeDisabled();
  await expect(page.getByText("正在导入…请勿关闭此页面。")).toBeVisible();
  const summary = page.getByRole("status").filter({ hasText: "导入完成" });
  await expect(summary).toBeVisible();
  await page.unrouteAll({ behavior: "wait" });
  await expect(page.getByTestId("summary-created")).toHaveText("6 个账号已新建");
  await expect(page.getByTestId("summary-confirmed")).toHaveText("6 人已确认报名");
  await expect(page.getByTestId("summary-skipped")).toHaveText("0 行因错误跳过");
  await expectAccessible(page);
  await shoot(page, "import-zh-1280-done");

  // The new hires are on the registration list, registered by the organizer.
  await page.getByRole("link", { name: "查看报名名单" }).click();
  await page.getByLabel("按姓名、拼音、邮箱或工号搜索").fill(run);
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(page.locator("tbody tr")).toHaveCount(6);
  await expect(page.getByRole("row", { name: /马俊杰/ })).toContainText("由 陈晓 代为报名");
  await expectAccessible(page);

  // Importing the same file again changes nothing, and the preview says so.
  await page.goto(IMPORT);
  await page.getByLabel("表格文件").setInputFiles(fixture("cohort-2027.csv"));
  await page.getByRole("button", { name: "预览", exact: true }).click();
  await expect(page.getByTestId("preview-unchanged").locator(".count")).toHaveText("6");
  await expect(page.getByTestId("preview-already").locator(".count")).toHaveText("6");
  await expect(page.getByTestId("preview-create").locator(".count")).toHaveText("0");
  await expect(page.getByTestId("import-choice")).toHaveText("可读取的 6 行均已导入并报名，没有需要导入的新内容。");
  await expect(page.getByRole("button", { name: /^导入 \d+ 行$/ })).toHaveCount(0);
  await expectAccessible(page);

  // The registration list as a workbook, with the Chinese names intact (the cells are checked in the route test).
  const workbook = await page.request.get(`/events/2027-annual-conference/registrations.xlsx?lang=zh-CN&q=${run}`);
  expect(workbook.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(workbook.headers()["content-disposition"]).toContain("2027-annual-conference-registrations-zh-CN.xlsx");
  expect((await workbook.body()).subarray(0, 2).toString()).toBe("PK");

  // The same pages in English at 1280 px and in Chinese on a 360 px phone, for the eye (tests/.tmp/screenshots).
  // English through the admin, who may import anywhere and has no language of their own set, so the organizer's
  // setting (which follows them) is left as the other journeys expect it.
  const english = await browser.newContext({ baseURL, locale: "en", viewport: { width: 1280, height: 800 } });
  const phone = await browser.newContext({ baseURL, locale: "zh-CN", viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  for (const [context, email, label, button, issue, name] of [
    [english, "admin@lab.example", "Spreadsheet file", "Preview", "Line 5, column 邮箱: not an email address", "en-1280"],
    [phone, "organizer@lab.example", "表格文件", "预览", "第 5 行，“邮箱”列：不是有效的邮箱地址", "zh-360"],
  ] as const) {
    const other = await context.newPage();
    await signIn(other, email);
    await other.goto(IMPORT);
    await expectAccessible(other);
    await other.getByLabel(label).setInputFiles(fixture("cohort-2027-with-errors.csv"));
    await other.getByRole("button", { name: button, exact: true }).click();
    await expect(other.getByTestId("import-issues").getByRole("listitem").first()).toHaveText(issue);
    await expectAccessible(other);
    await shoot(other, `import-${name}-errors`);
    await other.goto(`${IMPORT}?created=6&updated=0&unchanged=0&confirmed=4&waitlisted=2&already=0&skipped=2`);
    await expect(other.getByTestId("import-summary")).toBeVisible();
    await expectAccessible(other);
    await shoot(other, `import-${name}-done`);
    await context.close();
  }
});
