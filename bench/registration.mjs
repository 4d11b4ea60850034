#!/usr/bin/env node
// npm run bench:registration — 1,100 staff press "register" at once for a 500-seat event.
// Starts the production server on a fresh database, fires the registrations from many concurrent clients,
// then counts the outcome in the database. Prints confirmed, waitlisted, errors, p50, p99 and throughput,
// writes bench/results/registration.json, and exits non-zero on any overbooking or error.
//
// Each client is one person's browser: its own keep-alive connection (BENCH_CONNECTIONS=own, the default). With
// BENCH_CONNECTIONS=shared all clients share Node fetch's one connection pool, as earlier runs did; there the
// first wave of requests waited in the client's pool until the end of the burst (p99 about 15 s while the server
// answered every other request within about 1 s), which measured the load generator, not the server.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createClient } from "@libsql/client";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const STAFF = Number(process.env.BENCH_STAFF ?? 1100);
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? 500);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const CONNECTIONS = process.env.BENCH_CONNECTIONS === "shared" ? "shared" : "own";
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const tmp = mkdtempSync(path.join(os.tmpdir(), "convene-bench-"));
const env = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: `file:${path.join(tmp, "bench.db")}`,
  SESSION_SECRET: "bench-secret-0123456789-0123456789-0123456789",
};

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...env, ...extraEnv } });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} failed`);
}
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

console.log(`bench:registration — ${STAFF} staff, ${CAPACITY} seats, ${CLIENTS} concurrent clients, ${CONNECTIONS === "own" ? "each on its own connection" : "sharing one connection pool"}`);
run(bin("remix"), ["build"]);
run(bin("prisma"), ["migrate", "deploy"]);
const fixtureFile = path.join(tmp, "fixture.json");
const setupStarted = Date.now();
run(bin("tsx"), ["bench/registration-fixture.ts", fixtureFile, String(STAFF), String(CAPACITY)]);
const { slug, eventId, cookies } = JSON.parse(readFileSync(fixtureFile, "utf8"));
console.log(`  fixture: ${cookies.length} staff with sessions in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

const port = await freePort();
const server = spawn(process.execPath, ["scripts/server.mjs"], { env: { ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    // not up yet
  }
  if (i > 200) throw new Error("server did not start");
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const latencies = [];
const failures = [];
let next = 0;
/** One POST on the client's own keep-alive connection; resolves with the status once the body has been read. */
function postOwn(agent, cookie, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/events/${slug}`, {
      method: "POST",
      agent,
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function postShared(cookie, body) {
  const response = await fetch(`${base}/events/${slug}`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function client() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  while (next < cookies.length) {
    const cookie = cookies[next++];
    const started = performance.now();
    try {
      const status = CONNECTIONS === "own" ? await postOwn(agent, cookie, "intent=register") : await postShared(cookie, "intent=register");
      if (status !== 302) failures.push(status);
    } catch (error) {
      failures.push(String(error));
    }
    latencies.push(performance.now() - started);
  }
  agent.destroy();
}
const burstStarted = performance.now();
await Promise.all(Array.from({ length: CLIENTS }, client));
const seconds = (performance.now() - burstStarted) / 1000;
server.kill("SIGTERM");

const db = createClient({ url: env.DATABASE_URL });
const { rows } = await db.execute({ sql: `SELECT status, COUNT(*) AS n FROM "Registration" WHERE "eventId" = ? GROUP BY status`, args: [eventId] });
const duplicates = await db.execute({ sql: `SELECT COUNT(*) AS n FROM (SELECT "userId" FROM "Registration" WHERE "eventId" = ? GROUP BY "userId" HAVING COUNT(*) > 1)`, args: [eventId] });
db.close();
const count = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
latencies.sort((a, b) => a - b);
const result = {
  at: new Date().toISOString(),
  staff: STAFF,
  capacity: CAPACITY,
  clients: CLIENTS,
  connections: CONNECTIONS,
  confirmed: count.CONFIRMED ?? 0,
  waitlisted: count.WAITLISTED ?? 0,
  errors: failures.length,
  duplicateRows: Number(duplicates.rows[0]?.n ?? 0),
  p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
  p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
  throughputPerSecond: Math.round((STAFF / seconds) * 10) / 10,
  burstSeconds: Math.round(seconds * 100) / 100,
  machine: { cpus: os.cpus().length, node: process.version },
};
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "registration.json"), JSON.stringify(result, null, 2) + "\n");
rmSync(tmp, { recursive: true, force: true });

console.log(`  confirmed ${result.confirmed} · waitlisted ${result.waitlisted} · errors ${result.errors} · duplicate rows ${result.duplicateRows}`);
console.log(`  p50 ${result.p50Ms} ms · p99 ${result.p99Ms} ms · ${result.throughputPerSecond} registrations/s (${result.burstSeconds} s)`);
const expectedWaitlist = Math.max(0, STAFF - CAPACITY);
const ok = result.confirmed === Math.min(CAPACITY, STAFF) && result.waitlisted === expectedWaitlist && result.errors === 0 && result.duplicateRows === 0;
if (!ok) {
  console.error(`✗ expected ${Math.min(CAPACITY, STAFF)} confirmed, ${expectedWaitlist} waitlisted, no errors${failures.length ? `; first errors: ${failures.slice(0, 5).join(", ")}` : ""}`);
  process.exit(1);
}
console.log("✓ no overbooking");
