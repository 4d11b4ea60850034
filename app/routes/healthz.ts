import { prisma } from "~/utils/db.server";

const started = Date.now();

/** For load balancers and uptime checks: the app answers, and the database answers a query. */
export async function loader() {
  const checkStarted = performance.now();
  let database: "ok" | "error" = "ok";
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
  } catch {
    database = "error";
  }
  const body = {
    status: database === "ok" ? "ok" : "degraded",
    app: "ok",
    database,
    databaseLatencyMs: Math.round((performance.now() - checkStarted) * 100) / 100,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
  };
  return new Response(JSON.stringify(body), {
    status: database === "ok" ? 200 : 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
