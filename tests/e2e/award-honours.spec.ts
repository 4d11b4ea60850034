import type { Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// Seed (prisma/seed.ts): the 2019 Technology Awards are announced; 高明 Gao Ming is a member (not the lead) of the AI
// Open Source Platform Team, whose lead is 潘云鹤 Pan Yunhe. The 2026 programme is a draft: 王磊 (staff@lab.example)
// is on its 智能计算操作系统团队, and 谢健国 wins an individual award in it. Nothing here changes data, so it runs at
// both widths; other specs may announce programmes of their own, so no totals are asserted.

const AI_TEAM = { zh: "人工智能开源平台研发团队", en: "Artificial Intelligence Open Source Platform Team" };
const EMBARGOED = ["智能计算操作系统团队", "Intelligent Computing Operating System Team", "天文大数据智能处理团队", "谢健国", "Xie Jianguo"];

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
}

async function expectNothingEmbargoed(page: Page) {
  const source = await page.content();
  for (const name of EMBARGOED) expect(source, `page source mentions ${name}`).not.toContain(name);
}

const honourCard = (page: Page, team: string) => page.getByTestId("honour").filter({ has: page.getByText(team, { exact: true }) });

test("an anonymous visitor reads the honours roll and filters it by year and by a team member's name, in Chinese and in English", async ({ page }) => {
  await page.goto("/awards/honours");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("荣誉榜");
  await expect(page.getByRole("heading", { level: 2, name: "2019年度" })).toBeVisible();
  const team = honourCard(page, AI_TEAM.zh);
  await expect(team).toContainText("之江实验室2019年度科技奖");
  await expect(team.getByRole("heading", { level: 3 })).toHaveText("科技奖 · 一等奖");
  await expect(team.locator(".honour-member").first()).toHaveText("潘云鹤负责人");
  await expect(team).toContainText("高明");
  await expect(team.getByRole("link", { name: "科技奖 · 一等奖" })).toHaveAttribute("href", /^\/awards\/2019-technology-awards#award-\w+$/);
  await expectNothingEmbargoed(page);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  // by year: only 2019 sections remain
  await page.getByLabel("年度", { exact: true }).selectOption("2019");
  await page.getByRole("button", { name: "查找" }).click();
  await page.waitForURL((url) => url.searchParams.get("year") === "2019");
  await expect(page.locator(".honours-year h2")).toHaveText(["2019年度"]);
  await expect(honourCard(page, AI_TEAM.zh)).toBeVisible();
  await expectAccessible(page);

  // by a team member's name (not the lead): the team's award, and not another team's
  await page.getByLabel("年度", { exact: true }).selectOption("");
  await page.getByLabel("姓名、团队或事迹").fill("高明");
  await page.getByRole("button", { name: "查找" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === "高明");
  await expect(honourCard(page, AI_TEAM.zh)).toBeVisible();
  await expect(page.getByText("量子精密测量装置团队")).toHaveCount(0);
  await expectNothingEmbargoed(page);
  await expectAccessible(page);

  // a search for an embargoed winner finds nothing at all (part of the name, so the echoed search box is no false alarm)
  await page.getByLabel("姓名、团队或事迹").fill("健国");
  await page.getByRole("button", { name: "查找" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === "健国");
  await expect(page.getByTestId("honours-empty")).toHaveText("没有符合条件的已公布奖项。");
  await expectAccessible(page);

  // English, through the language switch; the search stays in the address
  await page.getByRole("button", { name: /English$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Honours roll");
  await page.getByLabel("Name, team or citation").fill("gao ming");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === "gao ming");
  const english = honourCard(page, AI_TEAM.en);
  await expect(english).toContainText("2019 Zhejiang Lab Technology Awards");
  await expect(english.getByRole("heading", { level: 3 })).toHaveText("Technology Award · First Prize");
  await expect(english.locator(".honour-member").first()).toHaveText("Pan Yunhelead");
  await expect(english).toContainText("Gao Ming");
  await expect(page.getByRole("heading", { level: 2, name: "2019" })).toBeVisible();
  await expectNothingEmbargoed(page);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  await page.getByLabel("Year", { exact: true }).selectOption("2019");
  await page.getByLabel("Name, team or citation").fill("");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("year") === "2019" && url.searchParams.get("q") === "");
  await expect(page.locator(".honours-year h2")).toHaveText(["2019"]);
  await expect(honourCard(page, "Human Resources Department")).toContainText("Outstanding Unit");
  await expectAccessible(page);
});

test("the Atom feed is well-formed XML with the 2019 programmes and nothing embargoed", async ({ page, request }) => {
  const response = await request.get("/awards.atom");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
  const xml = await response.text();
  for (const name of EMBARGOED) expect(xml).not.toContain(name);
  const again = await request.get("/awards.atom", { headers: { "If-None-Match": response.headers()["etag"]! } });
  expect(again.status()).toBe(304);
  // the browser's own XML parser: a parse error would show up as <parsererror>
  await page.goto("/awards/honours");
  await expectAccessible(page);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const entries = [...doc.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry")];
    return {
      error: doc.getElementsByTagName("parsererror").length,
      titles: entries.map((entry) => entry.getElementsByTagName("title")[0]?.textContent ?? ""),
    };
  }, xml);
  expect(parsed.error).toBe(0);
  expect(parsed.titles).toContain("之江实验室2019年度科技奖 · 2019 Zhejiang Lab Technology Awards");
  expect(parsed.titles).toContain("之江实验室2019年度贡献奖 · 2019 Zhejiang Lab Contribution Awards");
});

test("a member of a winning team sees the team's award on their profile", async ({ page }) => {
  await signIn(page, "gao.ming.011@lab.example");
  await expectAccessible(page);
  await page.goto("/profile");
  const awards = page.getByRole("region", { name: "我的奖项" });
  await expect(awards).toContainText("之江实验室2019年度科技奖 · 科技奖 · 一等奖");
  await expect(awards).toContainText(`团队获奖：${AI_TEAM.zh}`);
  await expect(awards.getByRole("link", { name: "之江实验室2019年度科技奖 · 科技奖 · 一等奖" })).toHaveAttribute(
    "href",
    /^\/awards\/2019-technology-awards#award-\w+$/,
  );
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
});

test("a staff member on a team of the embargoed 2026 programme sees their announced 2019 award, and nothing of 2026", async ({ page }) => {
  await signIn(page, "staff@lab.example");
  await expectAccessible(page);
  await page.goto("/profile");
  const awards = page.getByRole("region", { name: "我的奖项" });
  await expect(awards).toContainText("之江实验室2019年度科技奖 · 青年科技奖");
  await expect(awards).toContainText("个人获奖");
  await expectNothingEmbargoed(page);
  await expectAccessible(page);
});
