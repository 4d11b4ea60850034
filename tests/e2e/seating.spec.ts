import { readFileSync } from "node:fs";
import path from "node:path";

import type { Locator, Page } from "@playwright/test";

import { hasPdftotext, hex, pageCount, pdfText, unicodeMaps } from "../pdf";
import { expect, expectAccessible, signIn, test } from "./fixtures";

// The seeded Zhejiang University visit: its talks (the only MEETING) seat the delegation of 15, President Wu Zhaohui
// in the middle, across from Director Zhu Shiqiang, who hosts them. Read-only, so it runs at both widths.
const VISIT = "/events/2026-zju-visit";
const SEATING = `${VISIT}/seating`;
const ORGANIZER = "organizer@lab.example";
const SHOTS = path.resolve(import.meta.dirname, "..", ".tmp", "screenshots");

async function centre(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not drawn");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const seat = (page: Page, side: "guest" | "lab", name: string) => page.getByTestId(`seats-${side}`).getByRole("listitem").filter({ hasText: name });

/**
 * The principals sit in the middle of the table, facing each other, and each side's number 2 on its own right:
 * the guests face the entrance, so their right is the drawing's left (on a phone, the drawing turned a quarter
 * clockwise: up the screen); the lab's right is the other way.
 */
async function checkCentre(page: Page, phone: boolean) {
  const axis = phone ? "y" : "x";
  const table = await centre(page.locator(".seating-table"));
  const wu = seat(page, "guest", "吴朝晖");
  const zhu = seat(page, "lab", "朱世强");
  await expect(wu).toHaveAttribute("data-place", "centre");
  await expect(zhu).toHaveAttribute("data-place", "centre");
  expect(Math.abs((await centre(wu))[axis] - table[axis])).toBeLessThan(2);
  expect(Math.abs((await centre(zhu))[axis] - table[axis])).toBeLessThan(2);
  expect((await centre(seat(page, "guest", "王立忠")))[axis]).toBeLessThan((await centre(wu))[axis]);
  expect((await centre(seat(page, "lab", "袁纪新")))[axis]).toBeGreaterThan((await centre(zhu))[axis]);
  // guests and lab on opposite sides of the table, each side in one line along it
  const across = phone ? "x" : "y";
  expect(Math.abs((await centre(seat(page, "guest", "王立忠")))[across] - (await centre(wu))[across])).toBeLessThan(2);
  expect(Math.abs((await centre(seat(page, "guest", "倪建新")))[across] - (await centre(wu))[across])).toBeLessThan(2);
  expect((await centre(wu))[across]).not.toBeCloseTo((await centre(zhu))[across], 0);
}

test("an organizer opens the talks' seating plan in both languages and downloads the name cards", async ({ page, context, baseURL }, testInfo) => {
  test.setTimeout(60_000);
  const phone = testInfo.project.name === "phone";
  await signIn(page, ORGANIZER);
  await expectAccessible(page);

  // from the visit's page, where its organizers find it
  await page.goto(VISIT);
  await expectAccessible(page);
  await page.getByRole("link", { name: "座次图", exact: true }).click();
  await expect(page).toHaveURL(SEATING);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("座次图 · 浙江大学校长一行来访");
  await expect(page.getByTestId("seating-meeting")).toContainText("“十五五”战略合作座谈");
  await expect(page.getByTestId("seats-guest").getByRole("listitem")).toHaveCount(15);
  await expect(page.getByTestId("seats-lab").getByRole("listitem")).toHaveCount(3);
  await expect(page.getByTestId("list-guest").getByRole("listitem").first()).toContainText("吴朝晖 Wu Zhaohui");
  await expect(page.getByTestId("list-guest").getByRole("listitem").first()).toContainText("居中");
  await checkCentre(page, phone);
  await expectAccessible(page);
  await page.screenshot({ path: path.join(SHOTS, `seating-${testInfo.project.name}-zh.png`), fullPage: true });
  await page.locator(".seating-figure").screenshot({ path: path.join(SHOTS, `seating-${testInfo.project.name}-zh-drawing.png`) });

  // the name cards, as the organizer downloads them
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载桌签（PDF）" }).click()]);
  expect(download.suggestedFilename()).toBe("桌签-2026-zju-visit.pdf");
  const pdf = readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pageCount(pdf)).toBe(18);
  const maps = unicodeMaps(pdf).toLowerCase();
  for (const char of "吴朝晖") expect(maps, `ToUnicode entry for ${char}`).toContain(hex(char));
  if (hasPdftotext) {
    expect(pdfText(pdf, 1)).toContain("吴朝晖");
    expect(pdfText(pdf, 1)).toContain("Wu Zhaohui");
    expect(pdfText(pdf, 16)).toContain("朱世强");
  }

  // in English (the language cookie, as the switch sets it for someone without a language of their own)
  await context.addCookies([{ name: "convene_lang", value: encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64")), url: baseURL! }]);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Seating plan · Visit of the President of Zhejiang University");
  await expect(seat(page, "guest", "Wu Zhaohui")).toContainText("Principal guest");
  await expect(seat(page, "lab", "Zhu Shiqiang")).toContainText("Principal host");
  await checkCentre(page, phone);
  await expectAccessible(page);
  await page.screenshot({ path: path.join(SHOTS, `seating-${testInfo.project.name}-en.png`), fullPage: true });
  await page.locator(".seating-figure").screenshot({ path: path.join(SHOTS, `seating-${testInfo.project.name}-en-drawing.png`) });
  const [guests] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Guests' cards only" }).click()]);
  expect(guests.suggestedFilename()).toBe("桌签-客方-2026-zju-visit.pdf");
  expect(pageCount(readFileSync((await guests.path())!))).toBe(15);

  // the visit's page links to the cards too
  await page.goto(VISIT);
  await expectAccessible(page);
  const [fromEvent] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Name cards (PDF)" }).click()]);
  expect(readFileSync((await fromEvent.path())!).subarray(0, 5).toString()).toBe("%PDF-");
});
