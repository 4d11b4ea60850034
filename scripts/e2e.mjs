#!/usr/bin/env node
// Browser tests: make sure chromium and CJK fonts are there, build the app, then run Playwright.
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);

// A free port unless one is given, so a browser run never collides with another server on this machine.
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
process.env.E2E_PORT ??= String(await freePort());

for (const [command, args] of [
  [process.execPath, ["scripts/ensure-browser.mjs"]],
  [bin("remix"), ["build"]],
  [bin("playwright"), ["test", ...process.argv.slice(2)]],
]) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
