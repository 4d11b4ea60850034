#!/usr/bin/env node
// The server the browser tests drive: the production build on a fresh, seeded database of its own.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
Object.assign(process.env, {
  NODE_ENV: "production",
  // one database per port, so two browser runs on one machine never share or wipe each other's data
  DATABASE_URL: `file:./tests/.tmp/e2e-${process.env.E2E_PORT ?? "3100"}.db`,
  SESSION_SECRET: "e2e-secret-0123456789-0123456789-0123456789",
  PORT: process.env.E2E_PORT ?? "3100",
  SEED_DEMO_DATA: "true",
});
const setup = spawnSync(process.execPath, ["scripts/setup-db.mjs", "--reset"], { stdio: ["ignore", "ignore", "inherit"] });
if (setup.status !== 0) process.exit(setup.status ?? 1);
await import("./server.mjs");
