import type { Browser, Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// The seeded Zhejiang University visit. Its last delegate, Ni Jianxin (precedence 15), is this journey's guest:
// nobody else's journey gives him a link.
const VISIT = "/events/2026-zju-visit";
const GUEST_ZH = "倪建新";

/**
 * A browser of the guest's own: a new context with no cookies at all. It is not the fixture's page, so it gets
 * the fixture's rule here: any console error fails the test, except the 404 and 410 a bad link is answered with.
 */
async function guestBrowser(browser: Browser, baseURL: string | undefined, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ baseURL, locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !/the server responded with a status of (404|410) /.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return { context, page, errors };
}

const staffNav = (page: Page) => page.getByRole("navigation", { name: /^(主导航|Main)$/ });

test.describe("a guest's invitation link", () => {
  test.skip(({ isMobile }) => isMobile, "the journey makes, confirms and revokes a link, so it runs once, at desktop width");

  test("organizer makes a link; the guest opens it with nothing else, switches language, confirms; revoked, it stops", async ({ page, context, browser, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page, "organizer@lab.example");
    await expectAccessible(page);
    await page.goto(`${VISIT}/guests`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("来宾邀请链接");
    await expect(page.getByText(/有效期规则：链接在来访最后一天结束时/)).toBeVisible();
    await expectAccessible(page);

    const row = page.locator("tbody tr").filter({ hasText: GUEST_ZH });
    await expect(row.getByTestId("link-state")).toHaveText("尚未生成链接");
    await row.getByRole("button", { name: `为${GUEST_ZH}生成链接` }).click();
    const issued = page.getByTestId("issued-link");
    await expect(issued).toContainText(`${GUEST_ZH}的新链接已生成`);
    await expect(issued.getByRole("img", { name: `${GUEST_ZH}的邀请链接二维码` }).locator("svg")).toBeVisible();
    const link = await page.getByTestId("issued-url").inputValue();
    expect(link).toMatch(/^http:\/\/localhost:\d+\/guest\/[A-Za-z0-9_-]{43}$/);
    await issued.getByRole("button", { name: "复制邀请链接" }).click();
    await expect(issued.getByText("已复制。")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await expect(row.getByTestId("link-state")).toContainText("有效，至 2026年12月8日周二 23:59");
    await expectAccessible(page);
    // shown once: loaded again, the page no longer has it
    await page.reload();
    await expect(page.getByTestId("issued-link")).toHaveCount(0);
    expect(await page.content()).not.toContain(link);
    await expectAccessible(page);

    // The guest, in a browser that has never seen this site.
    const guest = await guestBrowser(browser, baseURL);
    const opened = await guest.page.goto(link);
    expect(opened!.status()).toBe(200);
    // the last policy given is the one that holds (the server adds its site-wide one first)
    expect(opened!.headers()["referrer-policy"]!.split(/[\n,]\s*/).at(-1)).toBe("no-referrer");
    expect(opened!.headers()["set-cookie"]).toBeUndefined();
    await expect(guest.page.getByRole("heading", { level: 1 })).toHaveText("浙江大学校长一行来访");
    await expect(guest.page.getByText(`${GUEST_ZH}，您好！`)).toBeVisible();
    await expect(guest.page.getByTestId("guest-member")).toContainText("生物医学工程与仪器科学学院院长");
    await expect(guest.page.getByTestId("guest-member")).toContainText("浙江大学代表团成员");
    await expect(guest.page.getByRole("heading", { name: "抵达与会见" })).toBeVisible();
    await expect(guest.page.getByRole("heading", { name: "“十五五”战略合作座谈" })).toBeVisible();
    await expect(guest.page.getByText("15:30").first()).toBeVisible();
    // signed out as far as the site goes: no staff navigation, and no one's contact details
    await expect(staffNav(guest.page)).toHaveCount(0);
    // and the page really sends no Referer: not even to its own site (the organizer's page does)
    const [fromGuest] = await Promise.all([guest.page.waitForRequest("**/healthz"), guest.page.evaluate(() => fetch("/healthz"))]);
    expect(await fromGuest.headerValue("referer")).toBeNull();
    const [fromOrganizer] = await Promise.all([page.waitForRequest("**/healthz"), page.evaluate(() => fetch("/healthz"))]);
    expect(await fromOrganizer.headerValue("referer")).toContain("/guests");
    const html = await guest.page.content();
    expect(html).not.toContain("@zju.example");
    expect(html).not.toContain("@lab.example");
    expect(html).not.toContain("Halal");
    await expectAccessible(guest.page);

    await guest.page.getByRole("button", { name: /English/ }).click();
    await expect(guest.page.getByRole("heading", { level: 1 })).toHaveText("Visit of the President of Zhejiang University");
    await expect(guest.page.getByText("Welcome, Ni Jianxin")).toBeVisible();
    await expect(guest.page.getByRole("heading", { name: "Arrival and welcome" })).toBeVisible();
    expect(new URL(guest.page.url()).pathname).toBe(new URL(link).pathname);
    await expectAccessible(guest.page);

    await guest.page.getByRole("button", { name: "Confirm my attendance" }).click();
    await expect(guest.page.getByTestId("guest-confirmed")).toContainText("You confirmed your attendance");
    await expect(guest.page.getByRole("button", { name: "Confirm my attendance" })).toHaveCount(0);
    await expectAccessible(guest.page);

    // the printable itinerary: both languages, Chinese first, and the delegation without anyone's needs
    await guest.page.getByRole("link", { name: "Print the itinerary" }).click();
    await expect(guest.page.getByRole("heading", { level: 1 })).toContainText("浙江大学校长一行来访");
    await expect(guest.page.getByRole("heading", { level: 1 })).toContainText("Visit of the President of Zhejiang University");
    await expect(guest.page.getByRole("heading", { name: /代表团名单/ })).toBeVisible();
    expect(await guest.page.content()).not.toContain("Halal");
    await expectAccessible(guest.page);
    await guest.page.getByRole("link", { name: "Back" }).click();
    await expect(guest.page.getByTestId("guest-confirmed")).toBeVisible();

    // nothing else opens for the guest: the site asks them to sign in
    await guest.page.goto("/events");
    await expect(guest.page).toHaveURL(/\/login\?redirectTo=%2Fevents$/);
    await expectAccessible(guest.page);
    await guest.page.goto(`${VISIT}/guests`);
    await expect(guest.page).toHaveURL(/\/login/);

    // The organizer sees the confirmation, and revokes the link.
    await page.reload();
    await expect(row.getByTestId("link-state")).toContainText("已确认出席：");
    await expect(row.getByTestId("link-state")).toContainText("有效，至");
    await row.getByRole("button", { name: `撤销${GUEST_ZH}的链接` }).click();
    await expect(page.getByRole("status").filter({ hasText: `${GUEST_ZH}的链接已撤销` })).toBeVisible();
    await expect(row.getByTestId("link-state")).toContainText("已撤销：");
    await expectAccessible(page);

    // The guest comes back to a clear page, in the language they chose.
    const again = await guest.page.goto(link);
    expect(again!.status()).toBe(410);
    await expect(guest.page.getByRole("heading", { level: 1 })).toHaveText("This link has been withdrawn");
    await expect(guest.page.getByText("please ask your host for a new one")).toBeVisible();
    expect(await guest.page.content()).not.toContain("Zhejiang University");
    await expectAccessible(guest.page);
    expect(guest.errors).toEqual([]);
    await guest.context.close();
  });
});

test("a link that was never made gets the clear page, on a phone too", async ({ browser, baseURL, isMobile }) => {
  const guest = await guestBrowser(browser, baseURL, isMobile ? { width: 360, height: 740 } : undefined);
  const response = await guest.page.goto(`/guest/${"Q".repeat(43)}`);
  expect(response!.status()).toBe(404);
  await expect(guest.page.getByRole("heading", { level: 1 })).toHaveText("无法识别此链接");
  await expect(staffNav(guest.page)).toHaveCount(0);
  await expectAccessible(guest.page);
  expect(await guest.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(guest.page.viewportSize()!.width);
  expect(guest.errors).toEqual([]);
  await guest.context.close();
});

test("the staff's printable itinerary: both languages, the delegation's needs, no navigation in print", async ({ page }) => {
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto(`${VISIT}/itinerary`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("浙江大学校长一行来访");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Visit of the President of Zhejiang University");
  await expect(page.getByText("内部版本：含饮食与翻译需求")).toBeVisible();
  await expect(page.locator("tbody tr").filter({ hasText: "邵明辉" })).toContainText("清真 / Halal");
  await expect(page.getByRole("button", { name: "打印" })).toBeVisible();
  await expectAccessible(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByRole("button", { name: "打印" })).toBeHidden();
  await expect(page.getByRole("heading", { name: "抵达与会见" })).toBeVisible();
});
