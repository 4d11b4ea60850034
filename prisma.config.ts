import path from "node:path";

import { defineConfig } from "prisma/config";

import { MigrationLibSQL } from "./app/utils/libsql.server.ts";

try {
  process.loadEnvFile();
} catch {
  // No .env file: the defaults below apply.
}
process.env.DATABASE_URL ??= "file:./data/convene.db";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    new MigrationLibSQL({
      url: process.env.DATABASE_URL!,
      authToken: process.env.DATABASE_AUTH_TOKEN,
    }),
  migrations: {
    path: path.join("prisma", "migrations"),
    seed: "tsx prisma/seed.ts",
  },
});
