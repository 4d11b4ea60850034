#!/usr/bin/env node
// Makes the database ready: creates its folder, applies migrations, and seeds demo data on first start only.
//   node scripts/setup-db.mjs          migrate, then seed if there are no users yet
//   node scripts/setup-db.mjs --reset  delete the local database files first (migrate reset is broken here)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createClient } from "@libsql/client";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
try {
  process.loadEnvFile();
} catch {
  // no .env: defaults apply
}
process.env.DATABASE_URL ??= "file:./data/convene.db";
const url = process.env.DATABASE_URL;
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`convene setup: "${path.basename(command)} ${args.join(" ")}" failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

if (url.startsWith("file:")) {
  const file = path.resolve(url.slice("file:".length));
  if (process.argv.includes("--reset")) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    console.log(`convene setup: removed ${path.relative(root, file)}`);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) console.log(`convene setup: creating ${path.relative(root, file)}`);
}

run(bin("prisma"), ["migrate", "deploy"]);

const client = createClient({ url, authToken: process.env.DATABASE_AUTH_TOKEN });
const { rows } = await client.execute("SELECT COUNT(*) AS n FROM User");
client.close();
const users = Number(rows[0]?.n ?? 0);
// Demo data by default, except in an explicit production deployment; SEED_DEMO_DATA overrides either way.
const seedDemoData = process.env.SEED_DEMO_DATA
  ? process.env.SEED_DEMO_DATA === "true"
  : process.env.NODE_ENV !== "production";

if (users > 0) {
  console.log(`convene setup: database ready (${users} users); not seeding again.`);
} else if (!seedDemoData) {
  console.log("convene setup: empty database, no demo data (production): creating the first administrator only.");
  run(bin("tsx"), ["prisma/bootstrap-admin.ts"]);
} else {
  const started = Date.now();
  run(bin("tsx"), ["prisma/seed.ts"]);
  console.log(`convene setup: demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
