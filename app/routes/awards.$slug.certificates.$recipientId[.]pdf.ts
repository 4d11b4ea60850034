import type { LoaderFunctionArgs } from "@remix-run/node";

import { certificatesOf, programmeContents, requireProgramme } from "~/models/award.server";
import { pdfResponse } from "~/models/badge-pdf.server";
import { renderCertificates } from "~/models/certificate-pdf.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/http.server";
import { resource } from "~/utils/resource.server";

/**
 * One certificate: for the people running the programme, and, once it is announced, for the winner (every member
 * of a winning team). Anyone else gets 404, as if there were no such certificate.
 */
export const loader = resource(async ({ request, params }: LoaderFunctionArgs) => {
  const { programme, user, canManage } = await requireProgramme(request, params.slug);
  const env = getEnv();
  const list = certificatesOf(programme, await programmeContents(programme.id), { zh: env.INSTITUTION_NAME_ZH, en: env.INSTITUTION_NAME_EN });
  const certificate = list.find((entry) => entry.recipientId === params.recipientId);
  if (!certificate || !(canManage || (user && certificate.userIds.includes(user.id)))) throw notFound("awards.certificateNotFound");
  return pdfResponse(await renderCertificates([certificate]), `certificate-${certificate.serial}.pdf`);
});
