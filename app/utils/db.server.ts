import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "~/utils/env.server";
import { ConveneLibSQL } from "~/utils/libsql.server";

declare global {
  var __convenePrisma: PrismaClient | undefined;
}

function createPrisma() {
  const env = getEnv();
  const client = new PrismaClient({
    adapter: new ConveneLibSQL({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }),
  });
  return client;
}

// One client per process. In development the module is re-evaluated on every rebuild, so the client is
// kept on globalThis; elsewhere (tests run one database per file) a module-level instance is right.
export const prisma: PrismaClient =
  getEnv().NODE_ENV === "development" ? (globalThis.__convenePrisma ??= createPrisma()) : createPrisma();

let ready: Promise<void> | undefined;

/**
 * Per-database settings, run once per process before serving. WAL lets readers and the writer proceed
 * together, which the registration and check-in paths depend on. A PRAGMA returns a row, so it goes
 * through $queryRawUnsafe rather than $executeRaw.
 */
export function prepareDatabase() {
  ready ??= (async () => {
    if (!getEnv().DATABASE_URL.startsWith("file:")) return;
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  })();
  return ready;
}
