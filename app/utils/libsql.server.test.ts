import { expect, test } from "vitest";

import { prisma, prepareDatabase } from "~/utils/db.server";

const pragma = async (name: string) => {
  const rows = await prisma.$queryRawUnsafe<Array<Record<string, bigint | number>>>(`PRAGMA ${name}`);
  return Number(Object.values(rows[0]!)[0]);
};

test("every connection keeps WAL's settings after interactive transactions: a busy timeout, and synchronous NORMAL", async () => {
  await prepareDatabase();
  for (let i = 0; i < 3; i++) {
    // @libsql/client hands each interactive transaction its connection and opens a new one for what follows
    await prisma.$transaction(async (tx) => tx.user.count());
    expect(await pragma("synchronous")).toBe(1); // NORMAL; FULL (2) would sync to disk on every commit
    expect(await pragma("busy_timeout")).toBe(5000);
  }
  expect(String(await prisma.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode").then((rows) => rows[0]!.journal_mode))).toBe("wal");
});
