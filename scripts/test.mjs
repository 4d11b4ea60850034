#!/usr/bin/env node
// npm test: typecheck, lint, unit and integration tests, then browser tests; stops at the first failure
// and ends with one line counting every test that ran.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const tmp = path.join(root, "tests", ".tmp");
mkdirSync(tmp, { recursive: true });
const unitJson = path.join(tmp, "unit-results.json");
const e2eJson = path.join(tmp, "e2e-results.json");
rmSync(unitJson, { force: true });
rmSync(e2eJson, { force: true });

const steps = [
  ["typecheck", bin("tsc"), ["--noEmit"]],
  ["lint", bin("eslint"), ["--max-warnings=0", "."]],
  ["unit and integration", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`]],
  ["browser", process.execPath, ["scripts/e2e.mjs"]],
];

const timings = [];
let failedStep = null;
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, FORCE_COLOR: process.env.CI ? "0" : "1" } });
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    failedStep = name;
    break;
  }
}

const count = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(unitJson)) {
  const unit = JSON.parse(readFileSync(unitJson, "utf8"));
  count.passed += unit.numPassedTests ?? 0;
  count.failed += unit.numFailedTests ?? 0;
  count.skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
}
if (existsSync(e2eJson)) {
  const stats = JSON.parse(readFileSync(e2eJson, "utf8")).stats ?? {};
  count.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  count.failed += stats.unexpected ?? 0;
  count.skipped += stats.skipped ?? 0;
}
console.log(`\n${timings.join(" · ")}`);
if (failedStep) console.log(`✗ ${failedStep} failed`);
console.log(`${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
