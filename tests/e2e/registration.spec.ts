import { expect, expectAccessible, signIn, test } from "./fixtures";

// Changes the shared demo conference, so it runs once, at desktop width; the phone check is explicit.
test.skip(({ isMobile }) => isMobile, "the registration journey runs once, at desktop width");

test("staff join the waiting list when the event is full, and move up when the organizer adds seats", async ({ page, browser }) => {
  // The organizer caps the conference at the seats already taken (the seeded registrations).
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto("/events/2027-annual-conference/registrations");
  await expectAccessible(page);
  const confirmed = Number(await page.getByTestId("count-CONFIRMED").locator(".count").textContent());
  expect(confirmed).toBeGreaterThan(100);
  await page.getByRole("link", { name: "报名设置" }).click();
  await expectAccessible(page);
  await page.getByLabel("名额").fill(String(confirmed));
  await page.getByRole("button", { name: "保存设置" }).click();
  await expect(page.getByRole("status")).toContainText("设置已保存。");
  await expect(page.getByRole("status")).not.toContainText("候补");
  await expectAccessible(page);

  // Wang Lei, on a phone, registers: the event is full, so he is first on the waiting list.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, locale: "zh-CN" });
  const staff = await phone.newPage();
  await signIn(staff, "staff@lab.example");
  await staff.goto("/events/2027-annual-conference");
  await expect(staff.getByText("名额已满，新报名将进入候补名单。")).toBeVisible();
  // The conference asks two questions; "will you attend the show" is required, and the server checks it too.
  await staff.getByLabel("饮食需求 （选填）").fill("清真");
  await staff.getByRole("radio", { name: "是" }).check();
  await staff.getByRole("button", { name: "报名", exact: true }).click();
  await expect(staff.getByTestId("registration-status")).toHaveText("您在候补名单中，排第 1 位。");
  await expectAccessible(staff);

  // One more seat: the first person waiting is promoted, in order, without anyone clicking for them.
  await page.getByLabel("名额").fill(String(confirmed + 1));
  await page.getByRole("button", { name: "保存设置" }).click();
  await expect(page.getByRole("status")).toContainText("已有 1 人从候补转为正式报名。");
  await page.goto("/events/2027-annual-conference/registrations");
  await expect(page.getByTestId("count-WAITLISTED").locator(".count")).toHaveText("0");
  await expect(page.getByRole("row").filter({ hasText: "staff@lab.example" })).toContainText("饮食需求: 清真");

  await staff.reload();
  await expect(staff.getByTestId("registration-status")).toContainText("您已报名成功。");
  await expect(staff.getByTestId("registration-status")).toContainText("已从候补转为正式报名");

  // He cancels; the seat is free again and the list shows it.
  await staff.getByRole("button", { name: "取消报名" }).click();
  await expect(staff.getByTestId("registration-status")).toHaveText("您已取消报名。");
  await expectAccessible(staff);
  await page.reload();
  await expect(page.getByTestId("count-CANCELLED").locator(".count")).toHaveText("1");

  // The export keeps Chinese names intact and opens in Excel (UTF-8 with a byte-order mark).
  const csv = await page.request.get("/events/2027-annual-conference/registrations.csv?lang=zh-CN");
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const body = await csv.text();
  expect(body.charCodeAt(0)).toBe(0xfeff);
  expect(body).toContain("中文姓名,英文姓名,邮箱");
  expect(body).toContain("王磊,Wang Lei,staff@lab.example");

  // Put the capacity back for the other tests.
  await page.goto("/events/2027-annual-conference/registration-settings");
  await page.getByLabel("名额").fill("1200");
  await page.getByRole("button", { name: "保存设置" }).click();
  await expect(page.getByRole("status")).toContainText("设置已保存。");
  await phone.close();
});
