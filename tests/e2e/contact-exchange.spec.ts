import { readFileSync } from "node:fs";
import path from "node:path";

import { createClient, type Client } from "@libsql/client";
import { chromium, type Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";
import { FAKE_CAMERA_FLAGS, writeFakeCamera } from "./support/fake-camera";

// Seed (prisma/seed.ts): Liu Yang (newhire@) is a new hire confirmed for the 2027 conference; Chen Xiao (organizer@)
// and Zhao Min (door@) are registered for it too, each with a badge.
const SLUG = "2027-annual-conference";
const EVENT = `/events/${SLUG}`;
const HIRE = "newhire@lab.example";
const COLLEAGUES = ["organizer@lab.example", "door@lab.example"] as const;

/** The browser server's own database (scripts/e2e-server.mjs), read here to look up badge codes and count check-ins. */
function database(): Client {
  const file = path.resolve(import.meta.dirname, "..", ".tmp", `e2e-${process.env.E2E_PORT ?? "3100"}.db`);
  return createClient({ url: `file:${file}` });
}

async function badgeCode(db: Client, email: string) {
  const row = await db.execute({
    sql: `SELECT b.token FROM "Badge" b JOIN "User" u ON u.id = b.userId JOIN "Event" e ON e.id = b.eventId
          WHERE e.slug = ? AND u.email = ? AND b.revokedAt IS NULL ORDER BY b.createdAt DESC LIMIT 1`,
    args: [SLUG, email],
  });
  return `CV1.${String(row.rows[0]!.token)}`;
}

async function checkIns(db: Client) {
  const row = await db.execute({ sql: `SELECT count(*) AS n FROM "CheckIn" c JOIN "Event" e ON e.id = c.eventId WHERE e.slug = ?`, args: [SLUG] });
  return Number(row.rows[0]!.n);
}

/** Removes every trace of this spec: the hire's connections at the conference both ways, their notifications and audit entries. */
async function cleanUp(db: Client) {
  const people = [HIRE, ...COLLEAGUES];
  const ids = (await db.execute({ sql: `SELECT id FROM "User" WHERE email IN (?, ?, ?)`, args: people })).rows.map((row) => String(row.id));
  const hire = String((await db.execute({ sql: `SELECT id FROM "User" WHERE email = ?`, args: [HIRE] })).rows[0]!.id);
  const event = String((await db.execute({ sql: `SELECT id FROM "Event" WHERE slug = ?`, args: [SLUG] })).rows[0]!.id);
  await db.execute({ sql: `DELETE FROM "Connection" WHERE eventId = ? AND (fromUserId = ? OR toUserId = ?)`, args: [event, hire, hire] });
  await db.execute({ sql: `DELETE FROM "Notification" WHERE kind = 'CONNECTION_MADE' AND userId IN (${ids.map(() => "?").join(", ")}) AND payload LIKE ?`, args: [...ids, `%${SLUG}%`] });
  await db.execute({ sql: `DELETE FROM "AuditLog" WHERE action LIKE 'connection.%' AND actorId = ?`, args: [hire] });
}

async function typeCode(page: Page, code: string) {
  await page.getByLabel("胸牌代码", { exact: true }).fill(code);
  await page.getByRole("button", { name: "添加", exact: true }).click();
}

test("a new hire on a phone scans two colleagues' badges by typed code, adds a note, exports the vCard; no one is checked in", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "the journey changes shared data, so it runs once, at phone width (360 px)");
  const db = database();
  try {
    await cleanUp(db);
    const chen = await badgeCode(db, COLLEAGUES[0]);
    const zhao = await badgeCode(db, COLLEAGUES[1]);
    const doorBefore = await checkIns(db);

    await signIn(page, HIRE);
    await expectAccessible(page);
    await page.goto(EVENT);
    await expectAccessible(page);
    await page.getByRole("link", { name: "扫码交换联系方式" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("扫码交换联系方式");
    await expect(page.getByTestId("camera-status")).toHaveText("开启摄像头后，把同事胸牌或会场海报上的二维码放在框内，即可自动识别。");
    await expectAccessible(page);
    // large targets at 360 px: the code field and the button are at least 44 px tall and fit the screen
    for (const target of [page.getByLabel("胸牌代码", { exact: true }), page.getByRole("button", { name: "添加", exact: true })]) {
      const box = (await target.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }

    const result = page.getByTestId("contact-result");
    await expect(result).toHaveAttribute("role", "status");
    await typeCode(page, chen);
    await expect(result).toContainText("已将 陈晓 加入“认识的人”。");
    await expect(result.getByTestId("contact-card")).toContainText("Chen Xiao");
    await expectAccessible(page);
    await typeCode(page, "https://example.com/not-ours");
    await expect(result).toHaveText("这不是 convene 的胸牌或会场海报二维码。");
    // USB scanners and keyboards end with Enter
    await page.getByLabel("胸牌代码", { exact: true }).fill(zhao);
    await page.keyboard.press("Enter");
    await expect(result).toContainText("已将 赵敏 加入“认识的人”。");
    await typeCode(page, chen);
    await expect(result).toContainText("陈晓 已在你的“认识的人”中。");

    await page.getByRole("link", { name: "认识的人（2）" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("本次活动认识的人");
    await expect(page.getByTestId("person")).toHaveCount(2);
    await expectAccessible(page);
    const chenEntry = page.getByTestId("person").filter({ hasText: "陈晓" });
    await chenEntry.getByLabel("我的备注（仅自己可见）").fill("聊了大会议程，会后发材料");
    await chenEntry.getByRole("button", { name: "保存备注" }).click();
    await expect(chenEntry.getByText("备注已保存。")).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载中文版 .vcf" }).click()]);
    expect(download.suggestedFilename()).toBe(`people-${SLUG}-zh-CN.vcf`);
    const vcard = readFileSync((await download.path())!, "utf8");
    const lines = vcard.replace(/\r\n[ \t]/g, "").split("\r\n");
    expect(lines).toEqual(expect.arrayContaining(["N:陈;晓;;;", "FN:陈晓", "N:赵;敏;;;", "FN:赵敏", "NOTE:聊了大会议程，会后发材料"]));

    // no door check-in happened
    expect(await checkIns(db)).toBe(doorBefore);

    // removing asks first, then goes from the list
    await page.getByRole("link", { name: "删除 赵敏" }).click();
    await expect(page.getByText("确定删除与 赵敏 的联系吗？")).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "确认删除" }).click();
    await expect(page.getByRole("status").filter({ hasText: "已删除。" })).toBeVisible();
    await expect(page.getByTestId("person")).toHaveCount(1);
    await expectAccessible(page);
  } finally {
    await cleanUp(db);
    db.close();
  }
});

test("the scanner and the list in English at desktop width, and a badge read by the camera", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "phone", "the phone journey is above");
  const db = database();
  const file = writeFakeCamera(testInfo.outputPath("contact-camera.y4m"), [{ text: await badgeCode(db, COLLEAGUES[0]), frames: 10 }]);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", ...FAKE_CAMERA_FLAGS(file)],
  });
  try {
    await cleanUp(db);
    const doorBefore = await checkIns(db);
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: "en", timezoneId: "Asia/Shanghai", viewport: { width: 1280, height: 800 } });
    const camera = await context.newPage();
    const errors: string[] = [];
    camera.on("pageerror", (error) => errors.push(error.message));
    // the account keeps its language as a setting, which outranks the browser's (another spec leaves it in Chinese):
    // switch it to English first, on the other device, as a person would
    await signIn(page, HIRE);
    await expectAccessible(page);
    await page.getByRole("button", { name: /English$/ }).click();
    await expect(page.getByRole("button", { name: /中文$/ })).toBeVisible();
    await signIn(camera, HIRE);
    await camera.goto(`${EVENT}/scan`);
    await expect(camera.getByRole("heading", { level: 1 })).toHaveText("Exchange contacts");
    await expectAccessible(camera);
    await camera.getByRole("button", { name: "Start camera" }).click();
    await expect(camera.getByTestId("contact-result")).toContainText("Chen Xiao is now in your People I met.");
    await camera.getByRole("button", { name: "Stop camera" }).click();
    expect(errors).toEqual([]);
    await context.close();
    expect(await checkIns(db)).toBe(doorBefore);

    // the fixture page, back in Chinese (as the other specs expect the shared account): the list has Chen Xiao
    await page.goto(`${EVENT}/people`);
    await page.getByRole("button", { name: /中文$/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("本次活动认识的人");
    await expect(page.getByTestId("person")).toHaveCount(1);
    await expect(page.getByTestId("person")).toContainText("陈晓");
    await expectAccessible(page);
  } finally {
    await browser.close();
    await cleanUp(db);
    db.close();
  }
});
