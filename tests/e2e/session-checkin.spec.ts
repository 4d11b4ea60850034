import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Page } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

/**
 * Session check-in by room poster, at phone size and on the desktop. Each project makes its own event with a session
 * running now and one later (tests/e2e/support/session-checkin-fixture.ts, with the app's models), and removes it
 * afterwards, so no other journey sees it and the two projects never meet.
 */
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SHOTS = path.join(ROOT, "tests", ".tmp", "screenshots");

type Fixture = { slug: string; running: { id: string; posterToken: string; titleZh: string }; later: { id: string; posterToken: string; titleZh: string } };

function fixture(...args: string[]) {
  const output = execFileSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "tests", "e2e", "support", "session-checkin-fixture.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: `file:./tests/.tmp/e2e-${process.env.E2E_PORT ?? "3100"}.db` },
  });
  return JSON.parse(output.trim().split("\n").pop()!) as unknown;
}

/** The poster's QR code as zbar reads it from the PDF rendered by poppler: tools that share nothing with the app. */
function decodePoster(file: string) {
  const dir = path.dirname(file);
  execFileSync("pdftoppm", ["-r", "100", "-gray", "-png", file, path.join(dir, "page")]);
  const pages = readdirSync(dir).filter((name) => name.startsWith("page")).map((name) => path.join(dir, name));
  return execFileSync("zbarimg", ["-q", "--raw", "-Sdisable", "-Sqrcode.enable", ...pages], { encoding: "utf8" }).trim();
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

let event: Fixture;

test.beforeAll(({}, testInfo) => {
  event = fixture("create", testInfo.project.name) as Fixture;
});

test.afterAll(() => {
  if (event) fixture("remove", event.slug);
});

test("a new hire checks into a session from its poster inside the window, is told when the later one opens, and the organizers' view counts exactly that", async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const project = testInfo.project.name;
  const attendance = `/events/${event.slug}/attendance`;

  // the organizer prints the poster of the running session: its code is the URL of the check-in page
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto(attendance);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("分会场签到情况");
  const running = page.locator(`#session-${event.running.id}`);
  await expect(running.getByTestId("attendance-count")).toHaveText("0");
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent("download"), running.getByRole("link", { name: "下载签到海报（PDF）" }).click()]);
  const dir = mkdtempSync(path.join(os.tmpdir(), "convene-poster-e2e-"));
  const file = path.join(dir, "poster.pdf");
  await download.saveAs(file);
  const url = new URL(decodePoster(file));
  rmSync(dir, { recursive: true, force: true });
  expect(url.pathname).toBe(`/attend/${event.running.posterToken}`);

  // the new hire's phone camera opens it: sign in first, then straight back to the session
  await page.context().clearCookies();
  await page.goto(url.pathname);
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fattend%2F/);
  await expectAccessible(page);
  await page.locator('input[name="email"]').fill("newhire@lab.example");
  await page.locator('input[name="password"]').fill("convene2026");
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL((current) => current.pathname === url.pathname);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(event.running.titleZh);
  await expect(page.getByRole("status")).toContainText("现在可以签到");
  await expectAccessible(page);
  await shoot(page, `session-checkin-${project}-open`);
  await page.getByRole("button", { name: "签到" }).click();
  await expect(page.getByRole("status")).toContainText("签到成功！");
  await expect(page.getByRole("button", { name: "签到" })).toHaveCount(0);
  await expectAccessible(page);
  await shoot(page, `session-checkin-${project}-done`);

  // the later session's poster, opened too early, says when check-in opens and offers no button
  await page.goto(`/attend/${event.later.posterToken}`);
  await expect(page.getByRole("status")).toContainText(/签到尚未开始，将于 .*\d{2}:\d{2} 开放。/);
  await expect(page.getByRole("button", { name: "签到" })).toHaveCount(0);
  await expectAccessible(page);
  await shoot(page, `session-checkin-${project}-not-open`);

  // a code that is no poster: a clear page, not an error
  await page.goto("/attend/not-a-poster-code");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("无法识别此签到码");
  await expectAccessible(page);

  // the organizers' view counts exactly that one check-in, and the door counted nobody
  await page.context().clearCookies();
  await signIn(page, "organizer@lab.example");
  await expectAccessible(page);
  await page.goto(attendance);
  await expect(running.getByTestId("attendance-count")).toHaveText("1");
  await expect(page.locator(`#session-${event.later.id}`).getByTestId("attendance-count")).toHaveText("0");
  await running.getByText("查看签到名单（1 人）").click();
  await expect(running.getByRole("row")).toHaveCount(2);
  await expect(running.getByRole("rowheader")).toHaveText(["刘洋"]);
  await expectAccessible(page);
  await shoot(page, `session-checkin-${project}-attendance`);
  await page.goto(`/events/${event.slug}/door`);
  await expect(page.getByTestId("count-checked-in")).toHaveText("0");
  await expect(page.getByTestId("count-registered")).toHaveText("1");
  await expectAccessible(page);
});
