// The baseline for npm run bench:checkin: the door's lookup-and-insert with nothing around it. A plain node:http
// server that takes the scanner's JSON body and decides it with the app's own decideQueue() — the same Prisma client,
// libSQL adapter, PRAGMAs, write lock and queries — but no Express, no Remix, no session cookie and no permission
// query: the event and the scanning staff member are fixed at start-up (BENCH_EVENT_ID, BENCH_SCANNED_BY_ID).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

import { decideQueue, scanQueueSchema, scanView } from "~/models/checkin.server";
import { prepareDatabase } from "~/utils/db.server";

const eventId = process.env.BENCH_EVENT_ID;
const scannedById = process.env.BENCH_SCANNED_BY_ID;
if (!eventId || !scannedById) throw new Error("BENCH_EVENT_ID and BENCH_SCANNED_BY_ID must be set");

await prepareDatabase();

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function reply(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  response.end(JSON.stringify(body));
}

async function answer(request: IncomingMessage, response: ServerResponse) {
  if (request.method === "GET" && request.url === "/healthz") return reply(response, 200, { ok: true });
  if (request.method !== "POST") return reply(response, 405, { error: "method" });
  let body: unknown = null;
  try {
    body = JSON.parse(await readBody(request));
  } catch {
    // answered as a bad queue below
  }
  const parsed = scanQueueSchema.safeParse(body);
  if (!parsed.success) return reply(response, 400, { error: "checkin.badQueue" });
  const results = await decideQueue(eventId!, scannedById!, parsed.data.deviceId, parsed.data.scans);
  reply(response, 200, { results: results.map(({ clientScanId, decision }) => ({ clientScanId, view: scanView(decision) })) });
}

const server = createServer((request, response) => {
  answer(request, response).catch((error: unknown) => {
    console.error(error);
    if (!response.headersSent) reply(response, 500, { error: "internal" });
  });
});
server.listen(Number(process.env.PORT ?? 3100), "127.0.0.1");

function shutdown() {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
