import { expect, expectAccessible, signIn, test } from "./fixtures";

// Demo data from prisma/seed.ts: Wang Lei is ordinary staff; the 2027 annual conference is published for
// all staff; the spring lecture is a draft that only its organizer may see.
test("a staff member signs in, sees upcoming events, switches language and opens an event", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2F$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录");
  await expectAccessible(page);

  await page.locator('input[name="email"]').fill("staff@lab.example");
  await page.locator('input[name="password"]').fill("wrong-password");
  await page.locator('main form button[type="submit"]').click();
  await expect(page.getByRole("alert")).toContainText("邮箱或密码不正确");
  await expect(page.locator('input[name="email"]')).toHaveValue("staff@lab.example");
  await expect(page.locator('input[name="password"]')).toHaveValue("");
  await expectAccessible(page);

  await page.locator('input[name="password"]').fill("convene2026");
  await page.locator('main form button[type="submit"]').click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("欢迎，王磊");
  const upcoming = page.getByTestId("upcoming-events");
  await expect(upcoming).toContainText("之江实验室2027年度内部大会");
  await expect(upcoming).toContainText("2027年1月15日");
  await expect(page.getByText("2027-spring-lecture")).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole("button", { name: /English$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Wang Lei");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(upcoming).toContainText("Zhejiang Lab 2027 Annual Conference");
  await expect(upcoming).toContainText("15 January 2027");
  await expectAccessible(page);

  await upcoming.getByRole("link", { name: "Zhejiang Lab 2027 Annual Conference" }).click();
  await expect(page).toHaveURL(/\/events\/2027-annual-conference$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Zhejiang Lab 2027 Annual Conference");
  await expect(page.locator("main")).toContainText("Asia/Shanghai");
  await expect(page.locator("main")).toContainText("13:30–18:00");
  await expectAccessible(page);

  // The choice is stored on the account, so it survives a new page load.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // Switching back works the same way, and leaves the shared demo account as the other tests expect it.
  await page.getByRole("button", { name: /中文$/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("之江实验室2027年度内部大会");
  await expectAccessible(page);

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录");
  await expectAccessible(page);
});

test("a draft is invisible to staff and visible to its organizer", async ({ page }) => {
  await signIn(page, "staff@lab.example");
  await expectAccessible(page);
  const response = await page.goto("/events/2027-spring-lecture");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
  await expectAccessible(page);

  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  const asOrganizer = await page.goto("/events/2027-spring-lecture");
  expect(asOrganizer?.status()).toBe(200);
  await expect(page.locator("main")).toContainText("草稿");
  await expectAccessible(page);
});

test("profile edits validate on the server, keep what was typed, and save", async ({ page }) => {
  await signIn(page, "newhire@lab.example");
  await expectAccessible(page);
  await page.getByRole("link", { name: "个人资料" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("个人资料");
  await expect(page.locator("main")).toContainText("2019-5");
  await expectAccessible(page);

  await page.getByLabel("电话").fill("call me");
  await page.getByLabel("英文职务").fill("Assistant Researcher (AI)");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("电话号码只能包含数字、空格、+ 或 -。")).toBeVisible();
  await expect(page.getByLabel("英文职务")).toHaveValue("Assistant Researcher (AI)");
  await expect(page.getByLabel("电话")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await page.getByLabel("电话").fill("+86 571 5800 0000");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("个人资料已保存。");
  await expect(page.getByLabel("电话")).toHaveValue("+86 571 5800 0000");
  await expectAccessible(page);
});

test("people and roles: forbidden to staff, usable by an administrator", async ({ page }) => {
  await signIn(page, "staff@lab.example");
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: "人员与角色" })).toHaveCount(0);
  const forbidden = await page.goto("/admin/users");
  expect(forbidden?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("没有访问权限");
  await expectAccessible(page);

  await page.getByRole("button", { name: "退出登录" }).click();
  await signIn(page, "admin@lab.example");
  await expectAccessible(page);
  await page.getByRole("link", { name: "人员与角色" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("人员与角色");
  await page.getByRole("searchbox").fill("door@lab.example");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page.getByText("共 1 人")).toBeVisible();
  // Flip the global check-in role and see the stored state after the round trip (runs once per project,
  // so it grants on one run and revokes on the next).
  const checkinRole = () => page.getByRole("row").filter({ hasText: "door@lab.example" }).getByRole("checkbox", { name: "签到人员" });
  const before = await checkinRole().isChecked();
  await checkinRole().setChecked(!before);
  await page.getByRole("row").filter({ hasText: "door@lab.example" }).getByRole("button", { name: /保存/ }).click();
  await expect(page).toHaveURL(/q=door/);
  await expect(checkinRole()).toBeChecked({ checked: !before });
  await expectAccessible(page);

  // Adding someone whose email is taken is a conflict, shown next to the field, with the form kept.
  await page.getByRole("link", { name: "添加员工" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("添加员工");
  await expectAccessible(page);
  await page.getByLabel("邮箱").fill("door@lab.example");
  await page.getByLabel("中文姓名").fill("测试员");
  await page.getByLabel("英文姓名").fill("Ce Shiyuan");
  await page.getByLabel("工号").fill(`ZJTEST${test.info().project.name}`);
  await page.getByRole("button", { name: "添加员工" }).click();
  await expect(page.getByText("该邮箱已被其他账号使用。")).toBeVisible();
  await expect(page.getByLabel("中文姓名")).toHaveValue("测试员");
  await expectAccessible(page);
});
