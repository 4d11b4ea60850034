import { expect, expectAccessible, signIn, test } from "./fixtures";

test("the event page offers the event to any calendar: the .ics in both languages, a subscription, Google and Outlook", async ({ page }) => {
  await signIn(page, "newhire@lab.example");
  await expectAccessible(page);
  await page.goto("/events/2027-annual-conference");
  await page.getByText("添加到日历").click();
  await expectAccessible(page);
  const ics = await page.request.get((await page.getByRole("link", { name: "下载日历文件（.ics）" }).getAttribute("href"))!);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  expect(await ics.text()).toContain("SUMMARY:之江实验室2027年度内部大会");
  const english = await page.request.get((await page.getByRole("link", { name: "English", exact: true }).getAttribute("href"))!);
  expect(await english.text()).toContain("SUMMARY:Zhejiang Lab 2027 Annual Conference");
  const google = new URL((await page.getByRole("link", { name: "添加到 Google 日历" }).getAttribute("href"))!);
  expect(google.hostname).toBe("calendar.google.com");
  expect(google.searchParams.get("text")).toBe("之江实验室2027年度内部大会");
  expect(google.searchParams.get("dates")).toMatch(/^\d{8}T\d{6}Z\/\d{8}T\d{6}Z$/);
  expect(new URL((await page.getByRole("link", { name: "添加到 Outlook 日历" }).getAttribute("href"))!).hostname).toBe("outlook.live.com");
  await page.getByRole("link", { name: "订阅我的日历（报名的活动自动同步）" }).click();
  await page.waitForURL((url) => url.pathname === "/calendar");
  await expectAccessible(page);
});
