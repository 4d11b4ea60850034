#!/usr/bin/env node
// npm run bench:checkin — the morning rush at the door: several scanner devices posting live scans at once.
// Fires the same scans at two servers, each on its own fresh copy of one fixture database:
//   app   the production server (node scripts/server.mjs: Express, Remix, session cookie, permission check)
//   bare  a plain node:http server doing the same lookup-and-insert (decideQueue) through the same Prisma client
// Runs are interleaved app, bare, bare, app… so that load from other processes falls on both alike.
// Prints scans/s and latency for each, and the ratio app/bare (goal: throughput ≥ 0.5); checks every answer
// and that each badge got exactly one CheckIn row. Writes bench/results/checkin-<time>.json and
// checkin-latest.json, and exits non-zero on any error, any double check-in, or a ratio below the goal.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createClient } from "@libsql/client";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const REGISTRANTS = Number(process.env.BENCH_REGISTRANTS ?? 2000);
const SCANS = Number(process.env.BENCH_SCANS ?? 500);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 40);
// BENCH_CPU_PROF=dir writes a V8 CPU profile of every server run there, to see where a request's time goes
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const GOAL = 0.5;
// the door's mix: half first scans, people scanned again, codes we never issued, other events' badges, junk
const SHARE = { first: 0.5, repeat: 0.3, unknown: 0.12, wrongEvent: 0.05 };

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const tmp = mkdtempSync(path.join(os.tmpdir(), "convene-bench-checkin-"));
const fixtureDb = path.join(tmp, "fixture.db");
const env = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: `file:${fixtureDb}`,
  SESSION_SECRET: "bench-secret-0123456789-0123456789-0123456789",
};

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "inherit"], env });
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
const round1 = (value) => Math.round(value * 10) / 10;
const round2 = (value) => Math.round(value * 100) / 100;
const load = () => os.loadavg().map(round2);

// A seeded generator, so every run (and every invocation) scans in the same order.
function generator(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The scans, in the order they reach the door, and the answers they must get whatever the interleaving. */
function scanPlan(tokens, otherTokens) {
  const random = generator(20270915);
  const shuffled = [...tokens];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const firstCount = Math.min(tokens.length, Math.round(SCANS * SHARE.first));
  const repeatCount = Math.round(SCANS * SHARE.repeat);
  const unknownCount = Math.round(SCANS * SHARE.unknown);
  const wrongCount = Math.round(SCANS * SHARE.wrongEvent);
  const junkCount = Math.max(0, SCANS - firstCount - repeatCount - unknownCount - wrongCount);
  const firsts = shuffled.slice(0, firstCount).map((token) => ({ code: `CV1.${token}`, at: random() }));
  const scans = [...firsts];
  // someone walks back through the door: always after their own first scan
  for (let i = 0; i < repeatCount; i++) {
    const first = firsts[Math.floor(random() * firsts.length)];
    scans.push({ code: first.code, at: first.at + random() * (1 - first.at) });
  }
  // well-formed codes that were never issued: decided through the same lock and lookup
  for (let i = 0; i < unknownCount; i++) scans.push({ code: `CV1.${randomBytes(16).toString("base64url")}`, at: random() });
  for (let i = 0; i < wrongCount; i++) scans.push({ code: `CV1.${otherTokens[Math.floor(random() * otherTokens.length)]}`, at: random() });
  // a menu QR, a Wi-Fi code, a truncated badge: answered before any query
  const junk = ["https://lab.example/menu", "WIFI:T:WPA;S:lab-guest;P:convene;;", "CV1.tooShort"];
  for (let i = 0; i < junkCount; i++) scans.push({ code: junk[i % junk.length], at: random() });
  scans.sort((a, b) => a.at - b.at);
  return {
    scans: scans.map(({ code }, i) => ({ clientScanId: `bench-${String(i).padStart(6, "0")}`, code })),
    expected: { CHECKED_IN: firstCount, ALREADY: repeatCount, WRONG_EVENT: wrongCount, UNKNOWN: unknownCount + junkCount, REVOKED: 0 },
  };
}

async function waitUntilUp(base, child) {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    if (i > 300) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** DEVICES scanners, each posting one scan per request as the live scanner does, until the list is used up. */
async function fire(url, cookie, scans) {
  const latencies = [];
  const failures = [];
  const outcomes = { CHECKED_IN: 0, ALREADY: 0, WRONG_EVENT: 0, UNKNOWN: 0, REVOKED: 0 };
  let next = 0;
  async function device(n) {
    const deviceId = `bench-${n}`;
    while (next < scans.length) {
      const scan = scans[next++];
      const body = JSON.stringify({ deviceId, scans: [{ ...scan, scannedAt: new Date().toISOString() }] });
      const started = performance.now();
      try {
        const response = await fetch(url, { method: "POST", redirect: "manual", headers: { Cookie: cookie, "Content-Type": "application/json" }, body });
        const text = await response.text();
        latencies.push(performance.now() - started);
        if (response.status !== 200) {
          failures.push(`${response.status} ${text.slice(0, 120)}`);
          continue;
        }
        const outcome = JSON.parse(text).results?.[0]?.view?.outcome;
        if (outcome in outcomes) outcomes[outcome]++;
        else failures.push(`no outcome: ${text.slice(0, 120)}`);
      } catch (error) {
        latencies.push(performance.now() - started);
        failures.push(String(error));
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: DEVICES }, (_, n) => device(n + 1)));
  return { seconds: (performance.now() - started) / 1000, latencies, failures, outcomes };
}

/** CPU seconds the server process has used (Linux): unlike wall time, hardly moved by other processes' load. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function checkInRows(dbFile, eventId) {
  const db = createClient({ url: `file:${dbFile}` });
  const rows = await db.execute({ sql: `SELECT COUNT(*) AS n, COUNT(DISTINCT "badgeId") AS badges FROM "CheckIn" WHERE "eventId" = ?`, args: [eventId] });
  db.close();
  return { rows: Number(rows.rows[0].n), badges: Number(rows.rows[0].badges) };
}

/** One measured run: a fresh copy of the fixture, a server, a warm-up with never-issued codes, then the scans. */
async function measure(kind, runIndex, fixture, plan) {
  const dbFile = path.join(tmp, `${kind}-${runIndex}.db`);
  copyFileSync(fixtureDb, dbFile);
  const port = await freePort();
  const serverEnv = { ...env, DATABASE_URL: `file:${dbFile}`, PORT: String(port), BENCH_EVENT_ID: fixture.eventId, BENCH_SCANNED_BY_ID: fixture.doorUserId };
  // one folder per run: under tsx the loader thread writes a profile of its own beside the main thread's
  const profile = CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.join(CPU_PROF, `${kind}-${runIndex}`)}`] : [];
  const args = [...profile, ...(kind === "app" ? ["scripts/server.mjs"] : ["--import", "tsx", "bench/bare-checkin-server.ts"])];
  const child = spawn(process.execPath, args, { env: serverEnv, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(base, child);
    const url = `${base}/events/${fixture.slug}/scans`;
    const warmup = Array.from({ length: WARMUP }, (_, i) => ({ clientScanId: `warmup-${String(i).padStart(6, "0")}`, code: `CV1.${randomBytes(16).toString("base64url")}` }));
    const warm = await fire(url, fixture.cookie, warmup);
    if (warm.failures.length) throw new Error(`${kind}: warm-up failed: ${warm.failures.slice(0, 3).join("; ")}`);
    const loadBefore = load();
    const cpuBefore = cpuSeconds(child.pid);
    const result = await fire(url, fixture.cookie, plan.scans);
    const cpuAfter = cpuSeconds(child.pid);
    const sorted = [...result.latencies].sort((a, b) => a - b);
    return {
      kind,
      run: runIndex,
      scansPerSecond: round1(plan.scans.length / result.seconds),
      seconds: round2(result.seconds),
      exactSeconds: result.seconds,
      p50Ms: round1(percentile(sorted, 50)),
      p99Ms: round1(percentile(sorted, 99)),
      serverCpuMsPerScan: cpuBefore === null || cpuAfter === null ? null : round2(((cpuAfter - cpuBefore) * 1000) / plan.scans.length),
      errors: result.failures.length,
      firstErrors: result.failures.slice(0, 5),
      outcomes: result.outcomes,
      checkIns: await checkInRows(dbFile, fixture.eventId),
      loadAverage: { before: loadBefore, after: load() },
      latencies: result.latencies,
    };
  } finally {
    await stop(child);
  }
}

/** All runs of one server pooled: total scans over total time, percentiles over every request. */
function pooled(runs) {
  const sorted = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, run) => sum + run.exactSeconds, 0);
  return {
    scansPerSecond: round1(sorted.length / seconds),
    p50Ms: round1(percentile(sorted, 50)),
    p95Ms: round1(percentile(sorted, 95)),
    p99Ms: round1(percentile(sorted, 99)),
    maxMs: round1(sorted[sorted.length - 1]),
    meanMs: round1(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    serverCpuMsPerScan: runs.every((run) => run.serverCpuMsPerScan !== null) ? round2(runs.reduce((sum, run) => sum + run.serverCpuMsPerScan, 0) / runs.length) : null,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    runs: runs.map(({ latencies: _latencies, exactSeconds: _exactSeconds, ...run }) => run),
  };
}

console.log(`bench:checkin — ${REGISTRANTS} badges, ${SCANS} scans from ${DEVICES} devices, ${ROUNDS} round(s) each of app and bare; load ${load().join(" ")}`);
const setupStarted = Date.now();
if (process.env.BENCH_SKIP_BUILD === "1" && existsSync(path.join(root, "build", "index.js"))) console.log("  build: reusing build/ (BENCH_SKIP_BUILD=1)");
else run(bin("remix"), ["build"]);
run(bin("prisma"), ["migrate", "deploy"]);
const fixtureFile = path.join(tmp, "fixture.json");
run(bin("tsx"), ["bench/checkin-fixture.ts", fixtureFile, String(REGISTRANTS)]);
const fixture = JSON.parse(readFileSync(fixtureFile, "utf8"));
const plan = scanPlan(fixture.tokens, fixture.otherTokens);
console.log(`  setup (build, migrate, fixture) ${((Date.now() - setupStarted) / 1000).toFixed(1)} s; expected ${JSON.stringify(plan.expected)}`);

const runs = { app: [], bare: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of round % 2 === 0 ? ["app", "bare"] : ["bare", "app"]) {
    const measured = await measure(kind, round + 1, fixture, plan);
    runs[kind].push(measured);
    console.log(
      `  ${kind.padEnd(4)} run ${round + 1}: ${measured.scansPerSecond} scans/s, p50 ${measured.p50Ms} ms, p99 ${measured.p99Ms} ms, server CPU ${measured.serverCpuMsPerScan ?? "?"} ms/scan, errors ${measured.errors}, load ${measured.loadAverage.before[0]}`,
    );
  }
}
rmSync(tmp, { recursive: true, force: true });

const app = pooled(runs.app);
const bare = pooled(runs.bare);
const ratio = {
  throughput: round2(app.scansPerSecond / bare.scansPerSecond),
  p50Latency: round2(app.p50Ms / bare.p50Ms),
  p99Latency: round2(app.p99Ms / bare.p99Ms),
  // bare CPU per scan over app CPU per scan: the throughput ratio a machine to ourselves would show if both were CPU-bound
  serverCpu: app.serverCpuMsPerScan && bare.serverCpuMsPerScan ? round2(bare.serverCpuMsPerScan / app.serverCpuMsPerScan) : null,
};
const problems = [];
for (const run of [...app.runs, ...bare.runs]) {
  const name = `${run.kind} run ${run.run}`;
  if (run.errors) problems.push(`${name}: ${run.errors} errors (${run.firstErrors.join("; ")})`);
  for (const [outcome, count] of Object.entries(plan.expected)) {
    if (run.outcomes[outcome] !== count) problems.push(`${name}: ${run.outcomes[outcome]} ${outcome}, expected ${count}`);
  }
  if (run.checkIns.rows !== plan.expected.CHECKED_IN || run.checkIns.badges !== plan.expected.CHECKED_IN) {
    problems.push(`${name}: ${run.checkIns.rows} CheckIn rows for ${run.checkIns.badges} badges, expected exactly one for each of ${plan.expected.CHECKED_IN}`);
  }
}
const result = {
  at: new Date().toISOString(),
  config: { registrants: REGISTRANTS, scans: SCANS, devices: DEVICES, rounds: ROUNDS, warmup: WARMUP, scansPerRequest: 1 },
  expectedOutcomes: plan.expected,
  app,
  bare,
  ratio,
  goal: { throughputRatio: GOAL, met: ratio.throughput >= GOAL },
  problems,
  machine: { cpus: os.cpus().length, node: process.version, loadAverage: load() },
};
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
const stamp = result.at.replace(/[:.]/g, "-");
for (const name of [`checkin-${stamp}.json`, "checkin-latest.json"]) {
  writeFileSync(path.join(root, "bench", "results", name), JSON.stringify(result, null, 2) + "\n");
}

const row = (label, figures) =>
  `  ${label.padEnd(16)}${String(figures.scansPerSecond).padStart(10)}${[figures.p50Ms, figures.p95Ms, figures.p99Ms, figures.maxMs, figures.serverCpuMsPerScan ?? "?"].map((ms) => String(ms).padStart(9)).join("")}`;
console.log(`\n  ${"".padEnd(16)}${"scans/s".padStart(10)}${["p50 ms", "p95 ms", "p99 ms", "max ms", "CPU ms"].map((h) => h.padStart(9)).join("")}`);
console.log(row("app (Remix)", app));
console.log(row("bare node:http", bare));
console.log(
  `  ${"app / bare".padEnd(16)}${`${ratio.throughput}×`.padStart(10)}${`${ratio.p50Latency}×`.padStart(9)}${"".padStart(9)}${`${ratio.p99Latency}×`.padStart(9)}${"".padStart(9)}${(ratio.serverCpu ? `${ratio.serverCpu}×` : "").padStart(9)}`,
);
console.log("  (scans/s ratio app/bare is the goal, ≥ 0.5; latency ratios app/bare, lower is better; CPU column: server CPU per scan, its ratio bare/app)");
console.log(`  outcomes per run: ${JSON.stringify(app.runs[0].outcomes)}; CheckIn rows ${app.runs[0].checkIns.rows} for ${app.runs[0].checkIns.badges} badges`);
console.log(`  results: bench/results/checkin-latest.json`);
if (problems.length) {
  for (const problem of problems) console.error(`✗ ${problem}`);
  process.exit(1);
}
console.log("✓ every scan answered as expected; one CheckIn row per badge");
if (!result.goal.met) {
  console.error(`✗ throughput ratio ${ratio.throughput} is below the goal of ${GOAL}`);
  process.exit(1);
}
console.log(`✓ throughput ratio ${ratio.throughput} ≥ ${GOAL}`);
