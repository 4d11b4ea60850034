// Runs before each test file: a private copy of the template database, and console.error as a failure.
import { copyFileSync, rmSync } from "node:fs";
import path from "node:path";
import { format } from "node:util";

import { afterAll, afterEach, beforeEach, vi } from "vitest";

const template = process.env.CONVENE_TEMPLATE_DB;
if (!template) throw new Error("global setup did not build the template database");

const file = path.join(path.dirname(template), `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.SESSION_SECRET = "test-secret-0123456789-0123456789-0123456789";

afterAll(async () => {
  const { prisma } = await import("~/utils/db.server");
  await prisma.$disconnect();
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
});

let consoleErrors: string[] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(format(...args));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (consoleErrors.length > 0) {
    throw new Error(`console.error was called during the test:\n${consoleErrors.join("\n")}`);
  }
});
