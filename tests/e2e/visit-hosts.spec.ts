import path from "node:path";

import type { Browser, BrowserContext, Page } from "@playwright/test";
import jsQR from "jsqr";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// The seeded Zhejiang University visit is on 8 December 2026, so its visitor badges do not open the gate today. This
// journey makes a visit of its own, happening now, with one delegate (named as the seeded delegation's leader) and
// one host nobody else's journey uses (钱志宏 Qian Zhihong); at the end it archives the visit, so it leaves no
// upcoming event behind. It runs once, at desktop width; at phone width the pages are only looked at.
const ORGANIZER = "organizer@lab.example";
const HOST = "qian.zhihong@lab.example";
const SHOTS = path.resolve(import.meta.dirname, "..", ".tmp", "screenshots");

const stamp = Date.now().toString(36);
const TITLE_ZH = `浙江大学来访 ${stamp}`;
const TITLE_EN = `Zhejiang University visit ${stamp}`;

/** A wall-clock time in Hangzhou as the event form's datetime-local field takes it. */
const hangzhou = (date: Date) =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(date)
    .replace(" ", "T");

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Reads the badge's QR code off the guest's screen, as a camera at the gate would: its pixels, decoded by jsQR. */
async function readQr(page: Page) {
  const image = await page.evaluate(async () => {
    const svg = document.querySelector(".badge-qr svg")!.cloneNode(true) as SVGSVGElement;
    svg.setAttribute("width", "240");
    svg.setAttribute("height", "240");
    const picture = new Image();
    picture.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await picture.decode();
    // a white border all round, whatever margin the page gave the code
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 300;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, 300, 300);
    context.drawImage(picture, 30, 30, 240, 240);
    return Array.from(context.getImageData(0, 0, 300, 300).data);
  });
  const code = jsQR(new Uint8ClampedArray(image), 300, 300);
  if (!code) throw new Error("the badge's QR code could not be read");
  return code.data;
}

async function signedIn(browser: Browser, baseURL: string | undefined, email: string, viewport = { width: 1280, height: 800 }) {
  const context: BrowserContext = await browser.newContext({ baseURL, locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !/the server responded with a status of (400|403|404|409) /.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  await signIn(page, email);
  return { context, page, errors };
}

test("an organizer names a meeting host; the delegate's visitor badge is scanned at the gate; the host's bell tells at once, and the host opens the alert and the itinerary", async ({ page, browser, baseURL }, testInfo) => {
  test.skip(testInfo.project.name === "phone", "the journey makes a visit and checks a guest in, so it runs once, at desktop width");
  test.setTimeout(90_000);

  // the organizer makes a visit that is on now, and publishes it
  await signIn(page, ORGANIZER);
  await expectAccessible(page);
  await page.goto("/events/new");
  await expectAccessible(page);
  await page.locator('select[name="kind"]').selectOption("PARTNERSHIP_VISIT");
  await page.locator('input[name="titleZh"]').fill(TITLE_ZH);
  await page.locator('input[name="titleEn"]').fill(TITLE_EN);
  await page.locator('input[name="startsAt"]').fill(hangzhou(new Date(Date.now() - 30 * 60_000)));
  await page.locator('input[name="endsAt"]').fill(hangzhou(new Date(Date.now() + 4 * 3600_000)));
  await page.locator('select[name="audience"]').selectOption("INVITE_ONLY");
  await page.getByRole("button", { name: "创建草稿" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("议程编排");
  await expectAccessible(page);
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  const visit = `/events/${slug}`;
  await page.goto(`${visit}/edit`);
  await page.getByRole("button", { name: "发布活动" }).click();
  await expect(page.getByRole("status")).toHaveText("活动状态已更新。");
  await expectAccessible(page);

  // one delegate, from Zhejiang University
  await page.goto(`${visit}/delegation`);
  await page.locator("#delegation-organisation-organisationZh").fill("浙江大学");
  await page.locator("#delegation-organisation-organisationEn").fill("Zhejiang University");
  await page.getByRole("button", { name: "保存来访单位" }).click();
  await expect(page.getByTestId("delegation-done")).toBeVisible();
  await page.getByLabel("中文名", { exact: true }).fill("吴朝晖");
  await page.getByLabel("英文名", { exact: true }).fill("Wu Zhaohui");
  await page.getByRole("button", { name: "添加成员" }).click();
  await expect(page.getByTestId("delegation-done")).toHaveText("成员已添加，并已登记参加来访、获得访客证。");
  await expectAccessible(page);

  // the hosts page, from the visit's page: the host of the talks
  await page.goto(visit);
  await expectAccessible(page);
  await page.getByRole("link", { name: "接待人员" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("接待人员");
  await expect(page.getByTestId("host-item")).toHaveCount(4);
  await expectAccessible(page);
  const talks = page.getByTestId("host-item").filter({ has: page.getByRole("heading", { name: "战略合作会谈" }) });
  await expect(talks).toContainText("尚无接待人。");
  await talks.getByLabel("“战略合作会谈”的接待人").fill("nobody@lab.example");
  await talks.getByRole("button", { name: "添加接待人" }).click();
  await expect(talks.locator(".field-error")).toHaveText("找不到这位在职员工。接待人必须是在职员工，请从列表中选择。");
  await expectAccessible(page);
  await talks.getByLabel("“战略合作会谈”的接待人").fill(HOST);
  await talks.getByRole("button", { name: "添加接待人" }).click();
  await expect(page.getByTestId("hosts-done")).toHaveText("已添加接待人：钱志宏。");
  await expect(page.getByTestId("host-item").filter({ hasText: "战略合作会谈" })).toContainText("钱志宏 Qian Zhihong");
  await expectAccessible(page);
  await shoot(page, "visit-hosts-zh-1280");

  // the delegate's own link, which shows the visitor badge on the guest's phone
  await page.goto(`${visit}/guests`);
  await page.getByRole("button", { name: "为吴朝晖生成链接" }).click();
  const link = await page.getByTestId("issued-url").inputValue();
  await expectAccessible(page);

  // the host, at their desk: the home page lists the visit and the meeting; the bell has nothing new yet
  const host = await signedIn(browser, baseURL, HOST);
  await host.page.goto("/");
  const hosted = host.page.getByTestId("hosted-visits").locator("li.hosted-visit").filter({ hasText: TITLE_ZH });
  await expect(hosted).toContainText("战略合作会谈");
  await expect(host.page.getByTestId("notification-toast")).toHaveCount(0);
  const before = Number((await host.page.getByTestId("notification-count").textContent({ timeout: 1000 }).catch(() => "0")) ?? "0");
  await expectAccessible(host.page);
  await shoot(host.page, "visit-hosts-home-zh-1280");

  // the guest's phone shows the badge; the gate reads it
  const guestContext = await browser.newContext({ baseURL, locale: "zh-CN", viewport: { width: 360, height: 740 }, isMobile: true, deviceScaleFactor: 2 });
  const guest = await guestContext.newPage();
  await guest.goto(link);
  await expect(guest.locator(".badge-ribbon")).toHaveText("访客");
  const code = await readQr(guest);
  expect(code).toMatch(/^CV1\.[A-Za-z0-9_-]{22}$/);
  await guestContext.close();

  await page.goto(`${visit}/checkin`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("入场签到");
  await expectAccessible(page);
  await page.getByLabel("胸牌代码（USB 扫码枪扫描或手动输入）").fill(code);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("scan-result")).toContainText("签到成功：吴朝晖 Wu Zhaohui");
  // scanned again: already in, and no second alert
  await page.getByLabel("胸牌代码（USB 扫码枪扫描或手动输入）").fill(code);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("scan-result")).toContainText("已签到过：吴朝晖 Wu Zhaohui");

  // the host's open page learns of it by itself (the bell polls): the count, and an announcement
  const toast = host.page.getByTestId("notification-toast");
  await expect(toast).toContainText(`吴朝晖（浙江大学）已抵达 · ${TITLE_ZH}`, { timeout: 20_000 });
  await expect(host.page.getByTestId("notification-live")).toContainText("吴朝晖（浙江大学）已抵达");
  await expect(host.page.getByTestId("notification-count")).toHaveText(String(before + 1));
  await expectAccessible(host.page);
  await shoot(host.page, "visit-hosts-toast-zh-1280");

  // the bell leads to the list; opening the alert marks it read and leads to the staff itinerary
  await host.page.getByTestId("notification-bell").click();
  await expect(host.page.getByRole("heading", { level: 1 })).toHaveText("通知");
  const alert = host.page.getByTestId("notification").filter({ hasText: TITLE_ZH });
  await expect(alert).toHaveCount(1);
  await expect(alert).toHaveClass(/is-unread/);
  await expectAccessible(host.page);
  await shoot(host.page, "notifications-zh-1280");
  await alert.getByRole("button", { name: `吴朝晖（浙江大学）已抵达 · ${TITLE_ZH}`, exact: true }).click();
  await host.page.waitForURL((url) => url.pathname === `${visit}/itinerary`);
  await expect(host.page.getByRole("heading", { level: 1 }).first()).toContainText(TITLE_ZH);
  await expect(host.page.locator("main")).toContainText("钱志宏");
  await expectAccessible(host.page);
  if (before === 0) await expect(host.page.getByTestId("notification-count")).toHaveCount(0);
  await host.page.goto("/notifications");
  await expect(host.page.getByTestId("notification").filter({ hasText: TITLE_ZH })).toHaveClass(/is-read/);
  await expectAccessible(host.page);
  expect(host.errors, "errors in the host's browser").toEqual([]);
  await host.context.close();

  // the visit is over for this journey: archived, it leaves no upcoming event behind
  await page.goto(`${visit}/edit`);
  await page.getByRole("button", { name: "归档" }).click();
  await expect(page.getByRole("status")).toHaveText("活动状态已更新。");
  await expectAccessible(page);
});

test("the hosts page, the notifications and the home page, looked at in both languages and on a phone", async ({ page, browser, baseURL }, testInfo) => {
  const phone = testInfo.project.name === "phone";
  const width = phone ? 360 : 1280;
  // the organizer sees the seeded visit's hosts: Zhu Shiqiang overall and for the talks, Fang Zhiyuan for the tour
  await signIn(page, ORGANIZER);
  await expectAccessible(page);
  await page.goto("/events/2026-zju-visit/hosts");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("接待人员");
  await expect(page.getByTestId("hosts-overall")).toContainText("朱世强");
  await expect(page.getByTestId("host-item").filter({ hasText: "参观实验室成果展" })).toContainText("方志远");
  await expectAccessible(page);
  await shoot(page, `visit-hosts-seeded-zh-${width}`);
  await page.goto("/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("通知");
  await expectAccessible(page);
  await shoot(page, `notifications-zh-${width}`);

  // the director hosts the seeded visit: it is on his home page, in English
  const english = await browser.newContext({ baseURL, locale: "en", viewport: { width, height: phone ? 740 : 800 }, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  await english.addCookies([{ name: "convene_lang", value: encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64")), url: baseURL! }]);
  const director = await english.newPage();
  await signIn(director, "zhu.shiqiang@lab.example");
  await director.goto("/");
  const hosted = director.getByTestId("hosted-visits");
  await expect(hosted).toContainText("Visit of the President of Zhejiang University");
  await expect(hosted).toContainText("Overall host");
  await expect(hosted).toContainText("Strategic partnership talks for the 15th Five-Year Plan");
  await expect(director.getByTestId("notification-bell")).toBeVisible();
  await expectAccessible(director);
  await shoot(director, `visit-hosts-home-en-${width}`);
  await director.goto("/notifications");
  await expect(director.getByRole("heading", { level: 1 })).toHaveText("Notifications");
  await expectAccessible(director);
  await shoot(director, `notifications-en-${width}`);
  await english.close();
});
