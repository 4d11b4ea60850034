#!/usr/bin/env node
// The production server: Express around the Remix build, so that it can set security headers, serve
// fingerprinted assets with long caching, and stop cleanly on SIGTERM (remix-serve did not, in one run).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import express from "express";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
try {
  process.loadEnvFile(path.join(root, ".env"));
} catch {
  // no .env: defaults apply
}

// `npm start` with no environment is the demo quick start: it runs the production build with a session
// secret generated once and kept beside the database, and plain-http cookies so a LAN address works.
// An explicit NODE_ENV=production gets none of this: without SESSION_SECRET it refuses to start.
if (!process.env.NODE_ENV) {
  process.env.NODE_ENV = "production";
  if (!process.env.SESSION_SECRET) {
    const secretFile = path.join(root, "data", "session-secret");
    if (!existsSync(secretFile)) {
      mkdirSync(path.dirname(secretFile), { recursive: true });
      writeFileSync(secretFile, randomBytes(48).toString("base64url"), { mode: 0o600 });
    }
    process.env.SESSION_SECRET = readFileSync(secretFile, "utf8").trim();
    process.env.COOKIE_SECURE ??= "false";
    console.log("convene: demo mode (no NODE_ENV set); session secret kept in data/session-secret");
  }
}

const build = await import(pathToFileURL(path.join(root, "build", "index.js")).href);
const app = express();
app.disable("x-powered-by");

app.use((req, res, next) => {
  res.set({
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
  });
  // The remote address reaches the app through a header this server always overwrites, never trusts.
  req.headers["x-convene-remote-address"] = req.socket.remoteAddress ?? "unknown";
  next();
});
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  console.log(`convene listening on http://localhost:${port}`);
});

function shutdown(signal) {
  console.log(`convene: ${signal} received, closing`);
  server.close(() => process.exit(0));
  server.closeIdleConnections?.();
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
