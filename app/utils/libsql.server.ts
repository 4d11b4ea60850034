import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { Client, Config, TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

const BUSY_TIMEOUT_MS = 5000;

/**
 * The libSQL adapter with the two repairs recorded in shared/STACK.md:
 * busy_timeout is a per-connection setting, and @libsql/client opens a fresh
 * connection after every interactive transaction, so we set it again each time.
 * So is `synchronous`: without setting it again, every connection after the first transaction went back to FULL
 * and synced to disk on every commit (found by `npm run bench:checkin`). NORMAL is the setting for WAL mode:
 * commits survive a crash of the app, and only a power cut can lose the last ones.
 */
export class ConveneLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    const client = super.createClient(config);
    if (!config.url.startsWith("file:")) return client;
    const settings = ["PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS, "PRAGMA synchronous = NORMAL"];
    const transaction = client.transaction.bind(client);
    client.transaction = (async (mode?: TransactionMode) => {
      const tx = await transaction(mode);
      for (const pragma of settings) await client.execute(pragma);
      return tx;
    }) as Client["transaction"];
    void (async () => {
      for (const pragma of settings) await client.execute(pragma);
    })();
    return client;
  }
}

/**
 * Used only by the Prisma CLI (prisma.config.ts). The shadow database must be a
 * file, because an in-memory one loses its tables when libSQL reconnects, and
 * replayed migration files must run as scripts, because libSQL runs only the
 * first statement of a multi-statement string.
 */
export class MigrationLibSQL extends ConveneLibSQL {
  override async connectToShadowDb() {
    const file = path.join(os.tmpdir(), `convene-shadow-${process.pid}-${Date.now()}.db`);
    const adapter = await new ConveneLibSQL({ url: `file:${file}` }).connect();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length > 0) return executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    };
    process.once("exit", () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    });
    return adapter;
  }
}
