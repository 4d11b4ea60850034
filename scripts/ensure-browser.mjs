#!/usr/bin/env node
// The browser tests need Debian's chromium and a CJK font (without one, Chinese renders as boxes), and the badge
// print test checks PDFs with independent tools: poppler (render, fonts, text) and zbar (QR decoding).
// Installs them when we can (root with apt-get); otherwise stops with what to install.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const fontFiles = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
];
const missing = [];
if (!existsSync(chromium)) missing.push("chromium");
if (!fontFiles.some((file) => existsSync(file))) missing.push("fonts-noto-cjk");
const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
if (!has("pdftoppm") || !has("pdffonts") || !has("pdftotext")) missing.push("poppler-utils");
if (!has("zbarimg")) missing.push("zbar-tools");

if (missing.length === 0) process.exit(0);

const isRoot = process.getuid?.() === 0;
const hasApt = has("apt-get");
if (!isRoot || !hasApt) {
  console.error(
    `The browser tests need: ${missing.join(", ")}.\n` +
      `Install them with:  sudo apt-get install -y ${missing.join(" ")}\n` +
      "(or set CHROMIUM_PATH to a Chromium binary). Never run 'playwright install' here.",
  );
  process.exit(1);
}
console.log(`Installing ${missing.join(", ")} with apt-get (about a minute)…`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [["update", "-qq"], ["install", "-y", "-qq", ...missing]]) {
  const result = spawnSync("apt-get", args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`apt-get ${args.join(" ")} failed (exit ${result.status}).`);
    process.exit(1);
  }
}
