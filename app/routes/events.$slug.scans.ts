import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

import { decideQueue, doorList, scanQueueSchema, scanView } from "~/models/checkin.server";
import { badRequest } from "~/utils/http.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { resource } from "~/utils/resource.server";

/**
 * The scanner's channel to the server. GET: the prepared list a door device keeps for deciding offline.
 * POST (JSON): scans to decide — one live scan, or a queue synced after the network came back.
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { eventId } = await requireEventPermission(request, params.slug, "read:checkin");
  return Response.json(await doorList(eventId), { headers: { "Cache-Control": "no-store" } });
});

export const action = resource(async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") throw badRequest();
  const { user, eventId } = await requireEventPermission(request, params.slug, "create:checkin");
  const body: unknown = await request.json().catch(() => null);
  const parsed = scanQueueSchema.safeParse(body);
  if (!parsed.success) throw badRequest("checkin.badQueue");
  const results = await decideQueue(eventId, user.id, parsed.data.deviceId, parsed.data.scans);
  return Response.json({ results: results.map(({ clientScanId, decision }) => ({ clientScanId, view: scanView(decision) })) }, { headers: { "Cache-Control": "no-store" } });
});
