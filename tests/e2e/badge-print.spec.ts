import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Download } from "@playwright/test";

import { expect, expectAccessible, signIn, test } from "./fixtures";

const EVENT = "/events/2027-annual-conference";

/**
 * The PDF is checked with tools that share nothing with the app: poppler renders it, lists its fonts and extracts
 * its text, and zbar decodes the QR codes from the rendered pages.
 */
async function inspect(download: Download) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "convene-badges-"));
  const file = path.join(dir, "badges.pdf");
  await download.saveAs(file);
  const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  execFileSync("pdftoppm", ["-r", "150", "-gray", "-png", file, path.join(dir, "page")]);
  const pages = readdirSync(dir).filter((name) => name.startsWith("page")).map((name) => path.join(dir, name));
  let decoded: string;
  try {
    decoded = execFileSync("zbarimg", ["-q", "--raw", "-Sdisable", "-Sqrcode.enable", ...pages], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch (error) {
    // zbarimg exits 4 when some page has no code; what it did decode is still on stdout
    decoded = String((error as { stdout?: string }).stdout ?? "");
  }
  return { fonts, text, pages: pages.length, codes: decoded.split("\n").filter(Boolean) };
}

test.describe("badge printing", () => {
  test.skip(({ isMobile }) => isMobile, "printing is done at a desk");

  test("an organizer prints the new-hire cohort on A4 sheets in calling order; every QR code decodes and works at the door", async ({ page }) => {
    // rendering 18 pages and decoding 160 codes with the command-line tools takes a while on two cores
    test.setTimeout(120_000);
    await signIn(page, "organizer@lab.example");
    await expectAccessible(page);
    await page.goto(EVENT);
    await expectAccessible(page);
    await page.getByRole("link", { name: "胸牌与打印" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("胸牌与打印");
    await expectAccessible(page);

    const newHires = Number((await page.getByLabel("打印对象").locator("option:checked").textContent())!.match(/\((\d+)\)/)![1]);
    expect(newHires).toBeGreaterThanOrEqual(160);
    await expect(page.getByLabel("排序")).toHaveValue("calling");
    await page.getByRole("button", { name: "生成 PDF" }).click();
    // progress is shown while the badges are made, then the download
    await expect(page.getByTestId("print-progress")).toBeVisible();
    await expect(page.getByTestId("print-progress")).toContainText(`已完成：${newHires} 枚胸牌`, { timeout: 20_000 });
    await expectAccessible(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 PDF" }).click()]);
    expect(download.suggestedFilename()).toBe("badges-2027-annual-conference-CR80-sheet.pdf");

    const pdf = await inspect(download);
    // the Chinese font is embedded as a subset, with a Unicode map
    expect(pdf.fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(pdf.fonts).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(pdf.pages).toBe(Math.ceil(newHires / 9));
    expect(pdf.text).toContain("之江实验室2027年度内部大会");
    expect(pdf.text.match(/新员工 NEW HIRE/g)).toHaveLength(newHires);
    // every badge's QR code decodes, to the code printed under it, and no two badges share one
    const printed = pdf.text.match(/CV1\.[A-Za-z0-9_-]{22}/g)!;
    expect(printed).toHaveLength(newHires);
    expect(new Set(pdf.codes)).toEqual(new Set(printed));
    expect(pdf.codes).toHaveLength(newHires);

    // a decoded code is a live badge: the organizer scans it at the door
    await page.goto(`${EVENT}/checkin`);
    await expectAccessible(page);
    await page.getByLabel("胸牌代码（USB 扫码枪扫描或手动输入）").fill(pdf.codes[0]!);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("scan-result")).toHaveClass(/outcome-(checked_in|already)/);
    await expect(page.getByTestId("scan-result")).toContainText("新员工");
  });
});

test("a new hire downloads their own badge as a PDF: their Chinese name, and the code that is on their badge page", async ({ page }) => {
  await signIn(page, "newhire@lab.example");
  await expectAccessible(page);
  await page.goto(`${EVENT}/badge`);
  await expectAccessible(page);
  const code = (await page.locator("main").textContent())!.match(/CV1\.[A-Za-z0-9_-]{22}/)![0];
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 PDF（CR80 卡片）" }).click()]);
  const pdf = await inspect(download);
  expect(pdf.pages).toBe(1);
  expect(pdf.text).toContain("刘洋");
  expect(pdf.text).toContain("Liu Yang");
  expect(pdf.codes).toEqual([code]);
});
