import type { LoaderFunctionArgs } from "@remix-run/node";

import { jobProgress, printJob } from "~/models/badge-print.server";
import { notFound } from "~/utils/http.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { resource } from "~/utils/resource.server";

/** How far a batch has got, polled by the printing page. */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:badge");
  const job = printJob(params.jobId ?? "", user.id, eventId);
  if (!job) throw notFound("badges.jobGone");
  return Response.json(jobProgress(job), { headers: { "Cache-Control": "no-store" } });
});
