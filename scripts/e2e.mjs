#!/usr/bin/env node
// Browser tests: make sure chromium and CJK fonts are there, build the app, then run Playwright.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);

for (const [command, args] of [
  [process.execPath, ["scripts/ensure-browser.mjs"]],
  [bin("remix"), ["build"]],
  [bin("playwright"), ["test", ...process.argv.slice(2)]],
]) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
