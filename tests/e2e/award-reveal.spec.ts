import type { Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

// The seeded 2026 programme is a draft: embargoed, and not set to announce as revealed.
const PROGRAMME = "/awards/2026-technology-awards";
const DECK = `${PROGRAMME}/reveal`;
const SLIDES = 7; // title, 一等奖 + 1 award, 二等奖 + 2 awards, closing
const ORGANIZER = "xu.wenjing@lab.example";

const counter = (page: Page) => page.getByTestId("reveal-counter");
const slide = (page: Page) => page.getByTestId("reveal-slide");
/** The deck's buttons come alive with its script; a key pressed before that would go nowhere. */
const live = (page: Page) => expect(page.getByRole("button", { name: /^(全屏|退出全屏)$/ })).toBeEnabled();
const at = (page: Page, n: number) => expect(counter(page)).toHaveText(`第 ${n} 页，共 ${SLIDES} 页${n} / ${SLIDES}`);

/** Each slide fades in; the contrast check must see it settled, not half-transparent. */
async function settled(page: Page) {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
  await expectAccessible(page);
}

/** A second window's console, which the fixtures do not watch: a script error there fails the test too. */
function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

test("an award organizer reveals the 2026 winners, drives the deck from a remote window and keeps going offline; nothing is published", async ({ page, context, browser, isMobile }) => {
  test.skip(isMobile, "opens a second window and goes offline; the phone test below covers the remote at phone width");
  test.setTimeout(90_000);
  await signIn(page, ORGANIZER);
  await expectAccessible(page);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() !== "GET") posts.push(`${request.method()} ${request.url()}`);
  });

  // from the programme's page, as the organizer would
  await page.goto(PROGRAMME);
  await expectAccessible(page);
  await page.locator(`a[href="${DECK}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${DECK}$`));
  await at(page, 1);
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(slide(page)).toContainText("之江实验室2026年度科技奖");
  await expect(slide(page)).toContainText("2026 Zhejiang Lab Technology Awards");
  await expect(page.getByTestId("reveal-mode")).toHaveText("放映不会公布任何内容，获奖名单仍然保密。");
  await settled(page);
  await live(page);

  // → shows the category; Space reveals its winner: the team, its members lead first, the citation in both languages
  await page.keyboard.press("ArrowRight");
  await at(page, 2);
  await expect(slide(page)).toContainText("一等奖");
  await expect(slide(page)).toContainText("Technology Award · First Prize");
  await expect(slide(page)).not.toContainText("智能计算操作系统团队");
  await page.keyboard.press("Space");
  await at(page, 3);
  await expect(slide(page).locator(".reveal-winner")).toHaveText("智能计算操作系统团队Intelligent Computing Operating System Team");
  await expect(slide(page).locator(".reveal-members li").first()).toHaveText("黄立群 Huang Liqun负责人 Lead");
  await expect(slide(page).locator(".reveal-members li")).toHaveCount(6);
  await expect(slide(page)).toContainText("研制智能计算操作系统，实现跨地域异构算力的统一调度。");
  await expect(slide(page)).toContainText("Built the intelligent computing operating system");
  await settled(page);

  // a click on the slide steps on; a presenter's clicker sends PageDown and PageUp
  await page.getByTestId("reveal-stage").click();
  await at(page, 4);
  await expect(slide(page)).toContainText("二等奖");
  await page.keyboard.press("PageDown");
  await at(page, 5);
  await expect(slide(page).locator(".reveal-winner")).toContainText("天文大数据智能处理团队");

  // back: ←, PageUp, Backspace; Home to the start; Enter steps on again
  await page.keyboard.press("ArrowLeft");
  await at(page, 4);
  await page.keyboard.press("PageUp");
  await at(page, 3);
  await page.keyboard.press("Backspace");
  await at(page, 2);
  await page.keyboard.press("Home");
  await at(page, 1);
  await page.keyboard.press("Backspace");
  await at(page, 1); // nothing before the start
  await page.keyboard.press("Enter");
  await at(page, 2);
  await page.getByRole("button", { name: "下一页" }).click();
  await at(page, 3);
  await page.getByRole("button", { name: "上一页" }).click();
  await at(page, 2);
  await page.getByRole("button", { name: "下一页" }).click();
  await at(page, 3);

  // a reload (a frozen laptop, a nudged cable) resumes on the same slide
  await page.reload();
  await live(page);
  await at(page, 3);
  await expect(slide(page).locator(".reveal-winner")).toContainText("智能计算操作系统团队");
  await settled(page);

  // F asks for full screen; if the browser grants it, only stepping and the counter stay, and F again leaves it
  await page.keyboard.press("f");
  if (await page.evaluate(() => Boolean(document.fullscreenElement))) {
    await expect(page.getByTestId("reveal-deck")).toHaveClass(/is-fullscreen/);
    await expect(page.getByRole("link", { name: /打开遥控窗口/ })).toBeHidden();
    await page.keyboard.press("f");
    await expect(page.getByTestId("reveal-deck")).not.toHaveClass(/is-fullscreen/);
  }
  await at(page, 3);

  // the remote: a second window with big buttons, driving the deck and following it
  const [remote] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: /打开遥控窗口/ }).click()]);
  const remoteErrors = watchConsole(remote);
  await remote.waitForLoadState();
  await expect(remote).toHaveURL(new RegExp(`${DECK}\\?remote=1$`));
  await expect(remote.getByTestId("reveal-remote-status")).toHaveText("已连接放映窗口");
  await expect(remote.getByTestId("reveal-remote-position")).toHaveText("第 3 页，共 7 页");
  await expect(remote.getByTestId("reveal-remote-now")).toHaveText("科技奖 · 一等奖：智能计算操作系统团队");
  await expect(remote.getByTestId("reveal-remote-next")).toHaveText("科技奖 · 二等奖");
  await expectAccessible(remote);
  await remote.getByRole("button", { name: "下一页" }).click();
  await at(page, 4);
  await expect(remote.getByTestId("reveal-remote-position")).toHaveText("第 4 页，共 7 页");
  await remote.getByRole("button", { name: "上一页" }).click();
  await at(page, 3);
  await page.keyboard.press("ArrowRight"); // a key on the deck shows on the remote
  await expect(remote.getByTestId("reveal-remote-position")).toHaveText("第 4 页，共 7 页");
  await remote.keyboard.press("PageDown"); // and the remote takes the clicker's keys too
  await at(page, 5);
  // either window may be reloaded
  await remote.reload();
  await expect(remote.getByTestId("reveal-remote-position")).toHaveText("第 5 页，共 7 页");
  await page.reload();
  await live(page);
  await at(page, 5);
  await expect(remote.getByTestId("reveal-remote-status")).toHaveText("已连接放映窗口");
  await remote.getByRole("button", { name: "上一页" }).click();
  await at(page, 4);

  // The hall's network goes: everything needed is already here, so stepping on makes no request at all.
  const offlineRequests: string[] = [];
  for (const tab of [page, remote]) tab.on("request", (request) => offlineRequests.push(request.url()));
  await context.setOffline(true);
  await page.keyboard.press("ArrowRight");
  await at(page, 5);
  await remote.getByRole("button", { name: "下一页" }).click();
  await at(page, 6);
  // the individual: the name, the English name and the research centre
  await expect(slide(page).locator(".reveal-winner .reveal-zh")).toHaveText(/^\p{Script=Han}{2,4}$/u);
  await expect(slide(page).locator(".reveal-department")).toHaveText("智能网络研究院Research Institute of Intelligent Networks");
  await expect(slide(page)).toContainText("在确定性网络关键技术上取得突破，完成工业现场验证。");
  await page.getByTestId("reveal-stage").click();
  await at(page, 7);
  await expect(slide(page)).toContainText("祝贺全体获奖者！");
  await expect(slide(page)).toContainText("Congratulations to all the winners!");
  await expect(remote.getByTestId("reveal-remote-next")).toHaveText("已是最后一页");
  await expect(remote.getByRole("button", { name: "下一页" })).toBeDisabled();
  await page.keyboard.press("ArrowRight");
  await at(page, 7);
  // revealing did not try to publish: no announcement note, not a single request
  await expect(page.getByTestId("reveal-announce")).toHaveCount(0);
  expect(offlineRequests).toEqual([]);
  await context.setOffline(false);
  expect(posts, "the reveal sent nothing to the server").toEqual([]);
  expect(remoteErrors).toEqual([]);

  // Still embargoed: a stranger and a plain staff member get 404 and see no winner, on the page and on the deck.
  const anonymous = await browser.newContext({ locale: "zh-CN" });
  const stranger = await anonymous.newPage();
  for (const path of [PROGRAMME, DECK, `${DECK}?remote=1`]) {
    const response = await stranger.goto(path);
    expect(response?.status(), path).toBe(404);
    await expectAccessible(stranger);
    const html = await stranger.content();
    for (const name of ["智能计算操作系统团队", "天文大数据智能处理团队", "黄立群"]) expect(html, path).not.toContain(name);
  }
  await anonymous.close();
  const staffContext = await browser.newContext({ locale: "zh-CN" });
  const staff = await staffContext.newPage();
  await signIn(staff, "staff@lab.example");
  for (const path of [PROGRAMME, DECK]) {
    const response = await staff.goto(path);
    expect(response?.status(), path).toBe(404);
    await expectAccessible(staff);
    expect(await staff.content(), path).not.toContain("智能计算操作系统团队");
  }
  await staffContext.close();
});

test("at phone width the remote waits for the deck, then drives it with thumb-sized buttons", async ({ page, context, isMobile }) => {
  test.skip(!isMobile, "the remote's phone layout; the desktop journey above covers the rest");
  await signIn(page, ORGANIZER);
  await expectAccessible(page);
  await page.goto(`${DECK}?remote=1`);
  await expect(page.getByTestId("reveal-remote-status")).toHaveText("正在等待放映窗口……请在本浏览器中打开放映页面。");
  await expect(page.getByRole("button", { name: "下一页" })).toBeDisabled();
  await expectAccessible(page);

  const deck = await context.newPage();
  const deckErrors = watchConsole(deck);
  await deck.goto(DECK);
  await at(deck, 1);
  await settled(deck);
  await expect(page.getByTestId("reveal-remote-status")).toHaveText("已连接放映窗口");
  await expect(page.getByTestId("reveal-remote-position")).toHaveText("第 1 页，共 7 页");
  const next = page.getByRole("button", { name: "下一页" });
  const box = await next.boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(80);
  await next.tap();
  await at(deck, 2);
  await expect(page.getByTestId("reveal-remote-now")).toHaveText("科技奖 · 一等奖");
  for (const tab of [page, deck]) {
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, tab.url()).toBeLessThanOrEqual(0);
  }
  await expectAccessible(page);
  expect(deckErrors).toEqual([]);
});
