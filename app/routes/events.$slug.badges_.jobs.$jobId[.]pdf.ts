import type { LoaderFunctionArgs } from "@remix-run/node";

import { printJob } from "~/models/badge-print.server";
import { pdfResponse } from "~/models/badge-pdf.server";
import { conflict, notFound } from "~/utils/http.server";
import { requireEventPermission } from "~/utils/permissions.server";
import { resource } from "~/utils/resource.server";

/** The finished batch. Asking before it is done is a 409; an expired or foreign job is a 404. */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { user, eventId } = await requireEventPermission(request, params.slug, "update:badge");
  const job = printJob(params.jobId ?? "", user.id, eventId);
  if (!job || job.status === "failed") throw notFound("badges.jobGone");
  if (!job.pdf) throw conflict("badges.jobRunning");
  return pdfResponse(job.pdf, job.filename);
});
