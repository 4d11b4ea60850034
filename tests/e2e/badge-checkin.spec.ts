import { expect, expectAccessible, signIn, test } from "./fixtures";

// The check-in is recorded on the shared demo data, so the journey runs once; the badge is shown on a phone.
test.skip(({ isMobile }) => isMobile, "the door journey runs once, at desktop width, with a phone for the badge");

// Liu Yang (a seeded new hire, confirmed for the 2027 conference) shows his badge; Zhao Min checks him in at the door.
test("a new hire shows the badge on a phone and door staff check it in by typed code; repeats and junk are told apart", async ({ page, browser }) => {
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, locale: "zh-CN" });
  const hire = await phone.newPage();
  await signIn(hire, "newhire@lab.example");
  await hire.goto("/events/2027-annual-conference");
  await hire.getByRole("link", { name: "我的胸牌" }).click();
  await expect(hire.getByRole("heading", { level: 1 })).toHaveText("我的胸牌");
  await expect(hire.locator(".badge-name")).toHaveText("刘洋");
  await expect(hire.locator(".badge-ribbon")).toHaveText("新员工");
  await expect(hire.locator(".badge-qr svg")).toBeVisible();
  await expectAccessible(hire);
  const code = (await hire.locator("main").textContent())!.match(/CV1\.[A-Za-z0-9_-]{22}/)![0];
  await phone.close();

  await signIn(page, "door@lab.example");
  await expectAccessible(page);
  await page.goto("/events/2027-annual-conference");
  await expectAccessible(page);
  await page.getByRole("link", { name: "入场签到" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("入场签到");
  await expectAccessible(page);
  const scan = async (value: string) => {
    // A USB scanner types the code and presses Enter.
    await page.getByLabel("胸牌代码（USB 扫码枪扫描或手动输入）").fill(value);
    await page.keyboard.press("Enter");
  };
  await scan(code);
  await expect(page.getByTestId("scan-result")).toContainText("签到成功：刘洋 Liu Yang");
  await expect(page.getByTestId("scan-result")).toContainText("新员工");
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-checked_in/);
  await expectAccessible(page);
  await scan(code);
  await expect(page.getByTestId("scan-result")).toContainText("已签到过：刘洋 Liu Yang");
  await scan(`${code.slice(0, -1)}${code.endsWith("A") ? "B" : "A"}`);
  await expect(page.getByTestId("scan-result")).toContainText("无法识别");
  await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-unknown/);
});

test("staff who are not door staff cannot open the scanner", async ({ page }) => {
  await signIn(page, "staff@lab.example");
  await expectAccessible(page);
  const response = await page.goto("/events/2027-annual-conference/checkin");
  expect(response?.status()).toBe(403);
  await expectAccessible(page);
});
