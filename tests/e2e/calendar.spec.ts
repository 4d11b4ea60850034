import { expect, expectAccessible, signIn, test } from "./fixtures";

// Liu Yang (newhire@lab.example) is a seeded new hire, confirmed for the 2027 annual conference.

test.describe("subscribing", () => {
  // Makes, rotates and switches the shared demo account's feed, so it runs once, at desktop width.
  test.skip(({ isMobile }) => isMobile, "the subscription journey runs once, at desktop width");

  test("a new hire makes a feed address, copies it, a calendar app reads it; a new address revokes the old", async ({ page, context, request }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page, "newhire@lab.example");
    await expectAccessible(page);
    await page.goto("/calendar");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("日历订阅");
    await expectAccessible(page);

    const mine = page.getByTestId("my-feed");
    await mine.getByRole("button", { name: /^(生成订阅地址|生成新地址)$/ }).click();
    await expect(mine.getByRole("status").filter({ hasText: "新地址已生成" })).toBeVisible();
    const address = await page.getByTestId("feed-mine-web").inputValue();
    expect(address).toMatch(/^http:\/\/localhost:\d+\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/);
    await expect(page.getByTestId("feed-mine-webcal")).toHaveValue(address.replace(/^http:/, "webcal:"));
    await mine.getByRole("button", { name: "复制：网址（用于谷歌日历和 Outlook）" }).first().click();
    await expect(mine.getByText("已复制。")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
    await expectAccessible(page);

    // A calendar app has no session: `request` carries no cookies.
    const feed = await request.get(address);
    expect(feed.status()).toBe(200);
    expect(feed.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    const body = await feed.text();
    expect(body.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(body).toContain("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n");
    expect(body).toContain("SUMMARY:之江实验室2027年度内部大会\r\n");
    expect(body).toContain("DTSTART;TZID=Asia/Shanghai:20270115T");
    expect((await request.get(address, { headers: { "If-None-Match": feed.headers()["etag"]! } })).status()).toBe(304);
    const everything = await request.get(`${address}?scope=institution&lang=en`);
    expect(await everything.text()).toContain("SUMMARY:Zhejiang Lab 2027 Annual Conference\r\n");

    // A new address: the old one is dead at once, the new one works.
    await mine.getByRole("button", { name: "生成新地址" }).click();
    await expect(page.getByTestId("feed-mine-web")).not.toHaveValue(address);
    const rotated = await page.getByTestId("feed-mine-web").inputValue();
    expect((await request.get(address)).status()).toBe(404);
    expect((await request.get(rotated)).status()).toBe(200);
    await expectAccessible(page);

    // Off is a 404 too; on again, the same address works.
    await mine.getByRole("button", { name: "关闭订阅" }).click();
    await expect(mine.getByRole("status").filter({ hasText: "订阅已关闭。" })).toBeVisible();
    await expect(page.getByTestId("feed-state")).toContainText("已关闭");
    expect((await request.get(rotated)).status()).toBe(404);
    await expectAccessible(page);
    await mine.getByRole("button", { name: "开启订阅" }).click();
    await expect(mine.getByRole("status").filter({ hasText: "订阅已重新开启" })).toBeVisible();
    expect((await request.get(rotated)).status()).toBe(200);
    await expectAccessible(page);

    // The conference's own file downloads (the event page's "Add to calendar" will link here), in either language.
    const file = await page.request.get("/events/2027-annual-conference.ics");
    expect(file.status()).toBe(200);
    expect(file.headers()["content-disposition"]).toBe('attachment; filename="2027-annual-conference.ics"');
    expect(await file.text()).toContain("SUMMARY:之江实验室2027年度内部大会\r\n");
    expect(await (await page.request.get("/events/2027-annual-conference.ics?lang=en")).text()).toContain("SUMMARY:Zhejiang Lab 2027 Annual Conference\r\n");
    // ...but not for a calendar app without a session, which is sent to sign in
    expect((await request.get("/events/2027-annual-conference.ics", { maxRedirects: 0 })).status()).toBe(302);
  });
});

test("the subscription page reads well in both languages, on a phone too", async ({ page }) => {
  await signIn(page, "newhire@lab.example");
  await expectAccessible(page);
  await page.goto("/calendar");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("日历订阅");
  await expect(page.getByRole("heading", { name: "公开活动" })).toBeVisible();
  await expect(page.getByTestId("feed-public-web")).toHaveValue(/\/calendar\/public\.ics$/);
  await expectAccessible(page);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(page.viewportSize()!.width);

  await page.getByRole("button", { name: /English$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Calendar subscriptions");
  await expect(page.getByRole("heading", { name: "How to subscribe" })).toBeVisible();
  await expectAccessible(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);

  // leave the shared account in Chinese, as the other tests expect it
  await page.getByRole("button", { name: /中文$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("日历订阅");
});
